package io.tidal.sql;

import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognizes {@code INSERT INTO signals [(columns)] VALUES (?, ?, ...)}: the shape the JDBC layer
 * executes straight against the engine (one {@code signal} per execute, one {@code signalBatch} per
 * {@code executeBatch}) instead of planning and running it through Calcite.
 *
 * <p>{@link #columns()} gives, per parameter, the {@code SIGNALS} column it fills: 0 signal_type,
 * 1 entity_id, 2 weight, 3 ts, 4 dedup_key, 5 actor_id. Anything else (literals, expressions,
 * several rows, INSERT ... SELECT) does not match and goes through Calcite.
 *
 * <p>Without a column list, VALUES may give all six columns or the first five: {@code actor_id}
 * was added last (2026-12-07), and a five-value INSERT written before keeps working
 * ({@link #withColumnList} gives Calcite the column list such an INSERT implies).
 */
public record SignalInsertShape(int[] columns) {
  /** Column names of {@code SIGNALS}, in table order. */
  public static final List<String> COLUMNS =
      List.of("SIGNAL_TYPE", "ENTITY_ID", "WEIGHT", "TS", "DEDUP_KEY", "ACTOR_ID");

  /** Columns of a positional INSERT written before {@code actor_id} existed. */
  private static final int LEGACY_COLUMNS = 5;

  /** The shape of {@code sql}, or null when it is not a single-row all-parameter signals insert. */
  public static SignalInsertShape match(String sql) {
    return match(tokens(sql));
  }

  /** {@link #match(String)} over the statement's tokens. */
  static SignalInsertShape match(List<Token> t) {
    int p = afterSignals(t);
    if (p < 0) {
      return null;
    }
    List<Integer> cols = new ArrayList<>();
    boolean explicit = t.get(p).isPunct("(");
    if (explicit) {
      p++;
      while (true) {
        Token c = t.get(p++);
        if (c.kind() != Kind.WORD && c.kind() != Kind.QUOTED) {
          return null;
        }
        int idx = COLUMNS.indexOf(c.text().toUpperCase(Locale.ROOT));
        if (idx < 0 || cols.contains(idx)) {
          return null;
        }
        cols.add(idx);
        if (t.get(p).isPunct(",")) {
          p++;
        } else if (t.get(p).isPunct(")")) {
          p++;
          break;
        } else {
          return null;
        }
      }
    } else {
      for (int i = 0; i < COLUMNS.size(); i++) {
        cols.add(i);
      }
    }
    if (!t.get(p++).is("VALUES") || !t.get(p++).isPunct("(")) {
      return null;
    }
    int params = 0;
    while (true) {
      if (t.get(p++).kind() != Kind.PARAM) {
        return null;
      }
      params++;
      if (t.get(p).isPunct(",")) {
        p++;
      } else if (t.get(p).isPunct(")")) {
        p++;
        break;
      } else {
        return null;
      }
    }
    if (t.get(p).isPunct(";")) {
      p++;
    }
    if (!explicit && params == LEGACY_COLUMNS) {
      cols = cols.subList(0, LEGACY_COLUMNS);
    }
    if (t.get(p).kind() != Kind.END
        || params != cols.size()
        || !cols.contains(0)
        || !cols.contains(1)) {
      return null;
    }
    return new SignalInsertShape(cols.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * {@code sql} with the column list of the first five {@code SIGNALS} columns inserted when it is
   * an {@code INSERT INTO signals VALUES} without a column list whose first row has five values;
   * otherwise {@code sql} itself.
   */
  public static String withColumnList(String sql) {
    return withColumnList(sql, tokens(sql));
  }

  /** {@link #withColumnList(String)} over the statement's tokens {@code t}. */
  static String withColumnList(String sql, List<Token> t) {
    int p = afterSignals(t);
    if (p < 0 || !t.get(p).is("VALUES") || !t.get(p + 1).isPunct("(")) {
      return sql;
    }
    Token table = t.get(p - 1);
    int depth = 0;
    int items = 1;
    for (int i = p + 2; i < t.size() && t.get(i).kind() != Kind.END; i++) {
      Token k = t.get(i);
      if (k.isPunct("(")) {
        depth++;
      } else if (k.isPunct(")")) {
        if (depth-- == 0) {
          break;
        }
      } else if (k.isPunct(",") && depth == 0) {
        items++;
      }
    }
    if (items != LEGACY_COLUMNS) {
      return sql;
    }
    return sql.substring(0, table.end())
        + " ("
        + String.join(", ", COLUMNS.subList(0, LEGACY_COLUMNS))
        + ")"
        + sql.substring(table.end());
  }

  /** Whether {@code sql} is an {@code INSERT INTO [tidal.]signals} (of any shape). */
  public static boolean intoSignals(String sql) {
    return intoSignals(tokens(sql));
  }

  /** {@link #intoSignals(String)} over the statement's tokens. */
  static boolean intoSignals(List<Token> t) {
    return afterSignals(t) >= 0;
  }

  /** The tokens of {@code sql}, or just END when it does not lex. */
  private static List<Token> tokens(String sql) {
    try {
      return Lexer.tokenize(sql);
    } catch (RuntimeException e) {
      return List.of(new Token(Kind.END, "", 0, 0));
    }
  }

  /** The index after {@code INSERT INTO [tidal.]signals}, or -1 when {@code t} does not start so. */
  private static int afterSignals(List<Token> t) {
    int p = 0;
    if (t.size() < 4 || !t.get(p++).is("INSERT") || !t.get(p++).is("INTO")) {
      return -1;
    }
    if (t.get(p).is("TIDAL") && t.get(p + 1).isPunct(".")) {
      p += 2;
    }
    return isName(t.get(p), "SIGNALS") ? p + 1 : -1;
  }

  private static boolean isName(Token t, String upper) {
    return (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED) && t.text().equalsIgnoreCase(upper);
  }
}
