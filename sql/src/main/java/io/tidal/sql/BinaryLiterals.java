package io.tidal.sql;

import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Checks the binary literals ({@code X'0A1B'}) of a statement before Calcite parses it, so that a bad
 * one is a syntax error (42601) that names the literal and its position; Calcite's own message says
 * neither ("Binary literal string must contain an even number of hexits").
 */
final class BinaryLiterals {
  private BinaryLiterals() {}

  /** What is wrong with the hex digits of a binary literal, or null when they are fine. */
  static String problem(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return "'" + hex.charAt(i) + "' is not a hex digit (0-9, A-F)";
      }
    }
    return hex.length() % 2 != 0 ? "an odd number of hex digits (two per byte)" : null;
  }

  /**
   * Throws, wrapped in an unchecked exception for Calcite's parser hook, a {@link SqlParseException}
   * naming the first bad binary literal of {@code sql}; returns when there is none.
   */
  static void check(String sql) {
    if (sql.indexOf('\'') < 0
        || sql.indexOf("X'") < 0 && sql.indexOf("x'") < 0 && sql.indexOf("X '") < 0) {
      return;
    }
    List<Token> t;
    try {
      t = Lexer.tokenize(sql);
    } catch (RuntimeException e) {
      return; // Calcite's parser reports what the lexer cannot read
    }
    for (int i = 1; i < t.size(); i++) {
      Token k = t.get(i);
      Token prev = t.get(i - 1);
      if (k.kind() != Kind.STRING || !prev.is("X") || prev.end() != k.start()) {
        continue;
      }
      String p = problem(k.text());
      if (p != null) {
        int line = 1;
        int col = 1;
        for (int j = 0; j < prev.start(); j++) {
          if (sql.charAt(j) == '\n') {
            line++;
            col = 1;
          } else {
            col++;
          }
        }
        String msg =
            String.format(
                Locale.ROOT,
                "bad binary literal X'%s' at line %d, column %d: %s",
                k.text(),
                line,
                col,
                p);
        throw new IllegalStateException(
            msg, new SqlParseException(msg, new SqlParserPos(line, col), null, null, null));
      }
    }
  }
}
