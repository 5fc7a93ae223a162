package io.tidal.tests.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutations of valid statements: drop, duplicate or swap tokens, truncate, random characters
 * (ASCII, control, quote, unicode), keyword insertion. One to three per statement.
 */
final class FuzzMutator {
  private static final List<String> KEYWORDS =
      List.of(
          "SELECT",
          "FROM",
          "WHERE",
          "AND",
          "OR",
          "NOT",
          "NULL",
          "ORDER",
          "BY",
          "GROUP",
          "HAVING",
          "LIMIT",
          "OFFSET",
          "JOIN",
          "ON",
          "AS",
          "CASE",
          "WHEN",
          "THEN",
          "END",
          "CAST",
          "INTERVAL",
          "TIMESTAMP",
          "DATE",
          "UNION",
          "EXISTS",
          "IN",
          "BETWEEN",
          "LIKE",
          "IS",
          "DISTINCT",
          "ALL",
          "VALUES",
          "INSERT",
          "INTO",
          "UPDATE",
          "SET",
          "DELETE",
          "CREATE",
          "DROP",
          "TABLE",
          "SIGNAL",
          "TYPE",
          "HALF_LIFE",
          "WINDOW",
          "PRIMARY",
          "KEY",
          "OVER",
          "PARTITION",
          "DESC",
          "ASC",
          "HOUR",
          "DAY",
          "MONTH",
          "LATERAL",
          "UNNEST",
          "ROW",
          "MULTISET",
          "ARRAY",
          "MAP",
          "DEFAULT",
          "DECAY_SCORE",
          "WINDOWED_COUNT",
          "VELOCITY",
          "*",
          "(",
          ")",
          ",",
          "?",
          "'",
          "\"",
          ";",
          "--",
          "/*",
          "||",
          "=>",
          "::",
          "[",
          "]",
          "{",
          "}");
  private static final String CHARS =
      "'\"()[]{},;.:?*+-/%<>=!|&^~`@#$\\_ \t\n\r0123456789"
          + "abcxyzABCXYZ\u0000\u00a0\u00e9\u00fc\u03a9\u2028\u65e5\ud83d\ude00\ufffd";

  private final Random r;

  FuzzMutator(Random r) {
    this.r = r;
  }

  String mutate(String sql) {
    List<String> t = tokens(sql);
    int edits = 1 + r.nextInt(3);
    String out = sql;
    for (int e = 0; e < edits; e++) {
      if (t.isEmpty()) {
        t.add(KEYWORDS.get(r.nextInt(KEYWORDS.size())));
      }
      int i = r.nextInt(t.size());
      switch (r.nextInt(7)) {
        case 0 -> t.remove(i);
        case 1 -> t.add(i, t.get(i));
        case 2 -> {
          int j = r.nextInt(t.size());
          String a = t.get(i);
          t.set(i, t.get(j));
          t.set(j, a);
        }
        case 3 -> t.add(i, " " + KEYWORDS.get(r.nextInt(KEYWORDS.size())) + " ");
        case 4 -> t.set(i, chars(t.get(i)));
        case 5 -> {
          String joined = String.join("", t);
          t = tokens(joined.substring(0, r.nextInt(joined.length() + 1)));
        }
        default -> t.add(i, String.valueOf(CHARS.charAt(r.nextInt(CHARS.length()))));
      }
      out = String.join("", t);
    }
    return out;
  }

  private String chars(String token) {
    StringBuilder sb = new StringBuilder(token);
    int n = 1 + r.nextInt(2);
    for (int k = 0; k < n; k++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
      char c = CHARS.charAt(r.nextInt(CHARS.length()));
      if (r.nextBoolean() && at < sb.length()) {
        sb.setCharAt(at, c);
      } else if (r.nextBoolean() && at < sb.length()) {
        sb.deleteCharAt(at);
      } else {
        sb.insert(at, c);
      }
    }
    return sb.toString();
  }

  /** Tokens with the whitespace before each kept in the token, so joining restores the text. */
  static List<String> tokens(String sql) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int start = i;
      while (i < n && Character.isWhitespace(sql.charAt(i))) {
        i++;
      }
      if (i >= n) {
        out.add(sql.substring(start));
        break;
      }
      char c = sql.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '.')) {
          i++;
        }
      } else if (c == '\'' || c == '"') {
        i++;
        while (i < n && sql.charAt(i) != c) {
          i++;
        }
        i = Math.min(n, i + 1);
      } else {
        i++;
      }
      out.add(sql.substring(start, i));
    }
    return out;
  }
}
