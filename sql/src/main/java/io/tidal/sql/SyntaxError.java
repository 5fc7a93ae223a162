package io.tidal.sql;

/** A syntax error found by tidal's own lexer or parsers; converted to SQLState 42601. */
final class SyntaxError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SyntaxError(String message) {
    super(message);
  }
}
