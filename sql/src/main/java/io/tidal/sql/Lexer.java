package io.tidal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SQL tokenizer for what tidal reads itself (its DDL, statement classification, literal
 * parameterization): words, quoted identifiers, string literals, numbers, punctuation and
 * {@code ?}. Comments ({@code --} to end of line, {@code /* ... *}{@code /}) and whitespace are
 * skipped but their extent is kept, so callers can rebuild the text around tokens.
 */
final class Lexer {

  /** Token kinds. */
  enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    PARAM,
    PUNCT,
    END
  }

  /** One token: its kind, its text (content for STRING and QUOTED) and its source range. */
  record Token(Kind kind, String text, int start, int end) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isPunct(String p) {
      return kind == Kind.PUNCT && text.equals(p);
    }

    /** How the token reads in a message. */
    String show() {
      return switch (kind) {
        case END -> "end of statement";
        case STRING -> "'" + text + "'";
        case QUOTED -> "\"" + text + "\"";
        default -> "'" + text + "'";
      };
    }
  }

  private Lexer() {}

  /** Tokens of {@code sql}, ending with one {@link Kind#END}. */
  static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (true) {
      i = skipBlank(sql, i);
      if (i >= n) {
        out.add(new Token(Kind.END, "", n, n));
        return out;
      }
      char c = sql.charAt(i);
      int start = i;
      if (Character.isLetter(c) || c == '_') {
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
          i++;
        }
        out.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
      } else if (c == '\'' || c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new SyntaxError(
                "unterminated "
                    + (c == '"' ? "quoted identifier" : "string")
                    + " starting at position "
                    + (start + 1));
          }
          char d = sql.charAt(i);
          if (d == c) {
            if (i + 1 < n && sql.charAt(i + 1) == c) {
              sb.append(c);
              i += 2;
              continue;
            }
            i++;
            break;
          }
          sb.append(d);
          i++;
        }
        out.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, sb.toString(), start, i));
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
          int j = i + 1;
          if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
            j++;
          }
          if (j < n && Character.isDigit(sql.charAt(j))) {
            i = j;
            while (i < n && Character.isDigit(sql.charAt(i))) {
              i++;
            }
          }
        }
        out.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
      } else if (c == '?') {
        i++;
        out.add(new Token(Kind.PARAM, "?", start, i));
      } else {
        i++;
        if (i < n
            && (c == '<' || c == '>' || c == '!' || c == '|' || c == '=')
            && "=>|".indexOf(sql.charAt(i)) >= 0) {
          i++;
        }
        out.add(new Token(Kind.PUNCT, sql.substring(start, i), start, i));
      }
    }
  }

  /** Index of the first character at or after {@code i} that is not blank or inside a comment. */
  static int skipBlank(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int e = sql.indexOf("*/", i + 2);
        i = e < 0 ? n : e + 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** The first word of the statement (upper case), skipping comments and opening parentheses; "" if none. */
  static String firstWord(String sql) {
    int i = 0;
    int n = sql.length();
    while (true) {
      i = skipBlank(sql, i);
      if (i < n && sql.charAt(i) == '(') {
        i++;
        continue;
      }
      break;
    }
    int s = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(s, i).toUpperCase(Locale.ROOT);
  }
}
