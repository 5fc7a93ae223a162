package io.tidal.sql;

import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A position in a statement's tokens ({@link ParsedStatement}, lexed once) and the steps tidal's
 * DDL parsers share: accept or expect a word or punctuation, read a name, a column list, a size,
 * and build a {@link SyntaxError} that names the position and the token found.
 */
final class TokenCursor {
  private final String sql;
  private final List<Token> tokens;
  private int pos;

  TokenCursor(ParsedStatement statement) {
    this.sql = statement.sql();
    this.tokens = statement.tokens();
  }

  /** The statement's text. */
  String sql() {
    return sql;
  }

  /** {@code IF EXISTS}, when next. */
  boolean ifExists() {
    if (accept("IF")) {
      expect("EXISTS");
      return true;
    }
    return false;
  }

  /** {@code IF NOT EXISTS}, when next. */
  boolean ifNotExists() {
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      return true;
    }
    return false;
  }

  /** {@code ( name [, name]* )}. */
  List<String> columnList() {
    expectPunct("(");
    List<String> list = new ArrayList<>();
    do {
      list.add(name("column"));
    } while (acceptPunct(","));
    expectPunct(")");
    return list;
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  boolean accept(String word) {
    if (word.equals(";")) {
      return acceptPunct(";");
    }
    if (peek().is(word)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean acceptPunct(String p) {
    if (peek().isPunct(p)) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(String word) {
    if (!accept(word)) {
      throw error(word);
    }
  }

  void expectPunct(String p) {
    if (!acceptPunct(p)) {
      throw error("'" + p + "'");
    }
  }

  /** A length, precision or scale: an unsigned integer. */
  int expectSize(String col) throws SQLException {
    Token t = next();
    if (t.kind() != Kind.NUMBER) {
      throw errorAt(t, "a number");
    }
    try {
      return new BigDecimal(t.text()).intValueExact();
    } catch (ArithmeticException e) {
      throw SqlStates.create(
          "bad length, precision or scale " + t.text() + " for column " + q(col),
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
  }

  /**
   * A name: a word (reserved words included), a quoted identifier or a string; a {@code TIDAL.}
   * or {@code "TIDAL".} prefix allowed (tools such as Flyway qualify every name).
   */
  String name(String what) {
    Token t = next();
    if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED && t.kind() != Kind.STRING) {
      throw errorAt(t, "a " + what + " name");
    }
    boolean schemaName = t.kind() == Kind.WORD || t.kind() == Kind.QUOTED;
    if (schemaName && t.text().equalsIgnoreCase("TIDAL") && acceptPunct(".")) {
      return name(what);
    }
    return t.text();
  }

  SyntaxError error(String expected) {
    return errorAt(peek(), expected);
  }

  SyntaxError errorAt(Token t, String expected) {
    return new SyntaxError(
        "syntax error at position "
            + (t.start() + 1)
            + " of "
            + q(shorten(sql))
            + ": expected "
            + expected
            + ", found "
            + t.show());
  }

  private static String shorten(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() > 120 ? one.substring(0, 117) + "..." : one;
  }

  /** {@code s} in single quotes, for messages. */
  static String q(String s) {
    return "'" + s + "'";
  }
}
