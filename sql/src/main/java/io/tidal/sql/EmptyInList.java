package io.tidal.sql;

import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.util.List;

/**
 * Rewrites an empty IN list, {@code x IN ()} / {@code x NOT IN ()}, which Calcite's parser rejects
 * (SQLite, and its sqllogictest corpus, accept it), into an IN over an empty subquery. SQL gives
 * that the meaning SQLite gives the empty list: {@code x IN ()} is FALSE and {@code x NOT IN ()}
 * TRUE for every x, NULL included. Only the tokens {@code IN ( )} change; strings, quoted names
 * and comments are left alone (the {@link Lexer} skips them).
 */
public final class EmptyInList {
  /** An empty subquery whose one column (NULL) is comparable with any type. */
  static final String EMPTY = "(SELECT NULL FROM (VALUES (0)) WHERE 1 = 0)";

  private EmptyInList() {}

  /** {@code sql} with every {@code IN ()} rewritten, or {@code sql} itself if it has none. */
  public static String rewrite(String sql) {
    if (sql == null || sql.indexOf('(') < 0) {
      return sql;
    }
    List<Token> tokens;
    try {
      tokens = Lexer.tokenize(sql);
    } catch (RuntimeException e) {
      return sql; // unterminated string and the like: Calcite's parser reports it
    }
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i + 2 < tokens.size(); i++) {
      if (tokens.get(i).is("IN")
          && tokens.get(i + 1).isPunct("(")
          && tokens.get(i + 2).isPunct(")")
          && tokens.get(i + 2).kind() != Kind.END) {
        if (out == null) {
          out = new StringBuilder(sql.length() + 64);
        }
        out.append(sql, copied, tokens.get(i + 1).start()).append(EMPTY);
        copied = tokens.get(i + 2).end();
      }
    }
    return out == null ? sql : out.append(sql.substring(copied)).toString();
  }
}
