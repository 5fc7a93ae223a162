package io.tidal.sql;

import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A hand-written recursive-descent parser for exactly tidal's DDL; every other statement goes to
 * Calcite's parser.
 *
 * <pre>
 * CREATE TABLE [IF NOT EXISTS] name ( element [, element]* )
 *   element := column type [(n [, m])] [NOT NULL | NULL] [PRIMARY KEY]
 *            | [CONSTRAINT c] PRIMARY KEY ( column )
 *   type    := VARCHAR | CHARACTER VARYING | BIGINT | INTEGER | INT | DOUBLE [PRECISION]
 *            | DECIMAL | NUMERIC | BOOLEAN | TIMESTAMP | DATE
 * DROP TABLE [IF EXISTS] name
 * CREATE [OR REPLACE] SIGNAL TYPE name ON table
 *   HALF_LIFE ( interval [, interval]* ) WINDOW ( interval [, interval]* ) [RETAIN interval]
 * DROP SIGNAL TYPE [IF EXISTS] name
 * interval := INTERVAL [-] 'text' unit [TO unit]     unit := DAY | HOUR | MINUTE | SECOND
 * </pre>
 *
 * <p>Design notes. Chosen over a generated grammar extension (notes/calcite.md, option 2) because
 * the statements are few and fixed: no build-time code generation, errors name the position and the
 * token found. Names may be SQL reserved words ({@code view}, {@code like}, {@code user}) or quoted
 * identifiers; the engine's name rules then apply (canonical lower case). Validation beyond syntax
 * (duplicate column, bad key type, non-positive half-life) is the engine's, with its messages.
 */
public final class DdlParser {
  private static final Set<String> UNSUPPORTED_TYPES = Set.of("CHAR", "CHARACTER", "FLOAT", "REAL",
      "SMALLINT", "TINYINT", "TIME", "BINARY", "VARBINARY", "BLOB", "CLOB", "INTERVAL", "ARRAY",
      "MAP", "JSON", "UUID", "TEXT");

  private final String sql;
  private final List<Token> tokens;
  private int pos;

  /** A syntax error; converted to SQLState 42601. */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  private DdlParser(String sql) {
    this.sql = sql;
    this.tokens = Lexer.tokenize(sql);
  }

  /**
   * Whether {@code firstWord} starts a DDL statement that tidal handles or refuses itself
   * (CREATE, DROP, ALTER, TRUNCATE).
   */
  public static boolean isDdl(String firstWord) {
    return switch (firstWord) {
      case "CREATE", "DROP", "ALTER", "TRUNCATE" -> true;
      default -> false;
    };
  }

  /**
   * Parses one DDL statement.
   *
   * @throws SQLException 42601 for a syntax error, 0A000 for DDL tidal does not support, or the
   *     engine's validation error (class 42 or 22) naming the bad value
   */
  public static Ddl parse(String sql) throws SQLException {
    try {
      return new DdlParser(sql).statement();
    } catch (SyntaxError e) {
      throw SqlStates.create(e.getMessage(), SqlStates.SYNTAX, null);
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  private Ddl statement() throws SQLException {
    Ddl d;
    if (accept("CREATE")) {
      boolean orReplace = false;
      if (accept("OR")) {
        expect("REPLACE");
        orReplace = true;
      }
      if (accept("TABLE")) {
        if (orReplace) {
          throw SqlStates.notSupported("CREATE OR REPLACE TABLE");
        }
        d = createTable();
      } else if (accept("SIGNAL")) {
        expect("TYPE");
        d = createSignalType(orReplace);
      } else {
        throw unsupported("CREATE");
      }
    } else if (accept("DROP")) {
      if (accept("TABLE")) {
        boolean ifExists = ifExists();
        d = new Ddl.DropTable(name("table"), ifExists);
      } else if (accept("SIGNAL")) {
        expect("TYPE");
        boolean ifExists = ifExists();
        d = new Ddl.DropSignalType(name("signal type"), ifExists);
      } else {
        throw unsupported("DROP");
      }
    } else {
      throw unsupported(peek().text().toUpperCase(Locale.ROOT));
    }
    accept(";");
    if (peek().kind() != Kind.END) {
      throw error("end of statement");
    }
    return d;
  }

  private SQLException unsupported(String verb) {
    Token t = peek();
    String what = t.kind() == Kind.WORD ? verb + " " + t.text().toUpperCase(Locale.ROOT) : verb;
    return SqlStates.create(what + " is not supported: tidal's DDL is CREATE/DROP TABLE and "
        + "CREATE [OR REPLACE]/DROP SIGNAL TYPE", SqlStates.NOT_SUPPORTED, null);
  }

  private boolean ifExists() {
    if (accept("IF")) {
      expect("EXISTS");
      return true;
    }
    return false;
  }

  private Ddl createTable() throws SQLException {
    boolean ifNotExists = false;
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      ifNotExists = true;
    }
    String name = name("table");
    if (name.equalsIgnoreCase("signals")) {
      throw SqlStates.create("table name 'signals' is reserved for the signals table", "42S01", null);
    }
    expectPunct("(");
    List<Column> cols = new ArrayList<>();
    List<String> keyCols = new ArrayList<>();
    do {
      if (peek().is("PRIMARY") || peek().is("CONSTRAINT")) {
        if (accept("CONSTRAINT")) {
          name("constraint");
        }
        expect("PRIMARY");
        expect("KEY");
        expectPunct("(");
        keyCols.add(name("column"));
        while (acceptPunct(",")) {
          keyCols.add(name("column"));
        }
        expectPunct(")");
      } else {
        column(cols, keyCols);
      }
    } while (acceptPunct(","));
    expectPunct(")");
    if (keyCols.size() > 1) {
      throw SqlStates.create("table " + q(name) + " declares a primary key of " + keyCols.size()
          + " columns " + keyCols + "; tidal keys are one VARCHAR or BIGINT column", "42P16", null);
    }
    int keyIndex = -1;
    if (keyCols.size() == 1) {
      for (int i = 0; i < cols.size(); i++) {
        if (cols.get(i).name().equalsIgnoreCase(keyCols.get(0))) {
          keyIndex = i;
        }
      }
      if (keyIndex < 0) {
        throw SqlStates.create("primary key column " + q(keyCols.get(0)) + " is not a column of table "
            + q(name), "42S22", null);
      }
      Column key = cols.get(keyIndex);
      if (key.type() == ColumnType.INTEGER) { // the common "id INTEGER PRIMARY KEY": a BIGINT key
        cols.set(keyIndex, new Column(key.name(), ColumnType.BIGINT, key.nullable()));
      }
    }
    return new Ddl.CreateTable(new EntityTable(name, cols, keyIndex), ifNotExists);
  }

  private void column(List<Column> cols, List<String> keyCols) throws SQLException {
    String col = name("column");
    ColumnType type = type(col);
    boolean nullable = true;
    while (true) {
      if (accept("NOT")) {
        expect("NULL");
        nullable = false;
      } else if (accept("NULL")) {
        nullable = true;
      } else if (accept("PRIMARY")) {
        expect("KEY");
        keyCols.add(col);
        nullable = false;
      } else {
        break;
      }
    }
    cols.add(new Column(col, type, nullable));
  }

  private ColumnType type(String col) throws SQLException {
    Token t = next();
    if (t.kind() != Kind.WORD) {
      throw errorAt(t, "a column type for column " + q(col));
    }
    String w = t.text().toUpperCase(Locale.ROOT);
    ColumnType type;
    switch (w) {
      case "VARCHAR" -> type = ColumnType.VARCHAR;
      case "CHARACTER" -> {
        if (!accept("VARYING")) {
          throw unsupportedType("CHARACTER", col);
        }
        type = ColumnType.VARCHAR;
      }
      case "BIGINT" -> type = ColumnType.BIGINT;
      case "INTEGER", "INT" -> type = ColumnType.INTEGER;
      case "DOUBLE" -> {
        accept("PRECISION");
        type = ColumnType.DOUBLE;
      }
      case "DECIMAL", "NUMERIC", "DEC" -> type = ColumnType.DECIMAL;
      case "BOOLEAN" -> type = ColumnType.BOOLEAN;
      case "TIMESTAMP" -> type = ColumnType.TIMESTAMP;
      case "DATE" -> type = ColumnType.DATE;
      default -> {
        if (UNSUPPORTED_TYPES.contains(w)) {
          throw unsupportedType(w, col);
        }
        throw SqlStates.create("unknown type " + q(t.text()) + " for column " + q(col)
            + " at position " + (t.start() + 1), "42704", null);
      }
    }
    if (acceptPunct("(")) {
      expectNumber();
      if (acceptPunct(",")) {
        expectNumber();
      }
      expectPunct(")");
    }
    if (type == ColumnType.TIMESTAMP && accept("WITH")) {
      throw SqlStates.notSupported("TIMESTAMP WITH TIME ZONE (column " + q(col) + ")");
    }
    if (type == ColumnType.TIMESTAMP && accept("WITHOUT")) {
      expect("TIME");
      expect("ZONE");
    }
    return type;
  }

  private static SQLException unsupportedType(String w, String col) {
    return SqlStates.create("column type " + w + " (column " + q(col) + ") is not supported; use "
        + "VARCHAR, BIGINT, INTEGER, DOUBLE, DECIMAL, BOOLEAN, TIMESTAMP or DATE",
        SqlStates.NOT_SUPPORTED, null);
  }

  private Ddl createSignalType(boolean orReplace) {
    String name = name("signal type");
    expect("ON");
    String table = name("table");
    expect("HALF_LIFE");
    List<Duration> halfLives = intervals("HALF_LIFE");
    expect("WINDOW");
    List<Duration> windows = intervals("WINDOW");
    Duration retain = accept("RETAIN") ? interval("RETAIN") : null; // null: the default
    return new Ddl.CreateSignalType(new SignalType(name, table, halfLives, windows, retain),
        orReplace);
  }

  private List<Duration> intervals(String clause) {
    expectPunct("(");
    List<Duration> out = new ArrayList<>();
    do {
      out.add(interval(clause));
    } while (acceptPunct(","));
    expectPunct(")");
    return out;
  }

  private Duration interval(String clause) {
    Token start = peek();
    if (!accept("INTERVAL")) {
      throw errorAt(start, "INTERVAL '...' <unit> in " + clause);
    }
    boolean negative = acceptPunct("-");
    if (!negative) {
      acceptPunct("+");
    }
    Token text = next();
    if (text.kind() != Kind.STRING) {
      throw errorAt(text, "a quoted interval value such as '1' after INTERVAL");
    }
    Token u1 = next();
    String from = u1.text().toUpperCase(Locale.ROOT);
    String to = from;
    if (accept("TO")) {
      to = next().text().toUpperCase(Locale.ROOT);
    }
    Duration d = Intervals.parse(text.text(), from, to, clause);
    return negative ? d.negated() : d;
  }

  // ---- token helpers ----

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  private boolean accept(String word) {
    if (word.equals(";")) {
      return acceptPunct(";");
    }
    if (peek().is(word)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean acceptPunct(String p) {
    if (peek().isPunct(p)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw error(word);
    }
  }

  private void expectPunct(String p) {
    if (!acceptPunct(p)) {
      throw error("'" + p + "'");
    }
  }

  private void expectNumber() {
    Token t = next();
    if (t.kind() != Kind.NUMBER) {
      throw errorAt(t, "a number");
    }
    new BigDecimal(t.text());
  }

  /** A name: a word (reserved words included), a quoted identifier or a string; TIDAL. prefix allowed. */
  private String name(String what) {
    Token t = next();
    if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED && t.kind() != Kind.STRING) {
      throw errorAt(t, "a " + what + " name");
    }
    if (t.kind() == Kind.WORD && t.text().equalsIgnoreCase("TIDAL") && acceptPunct(".")) {
      return name(what);
    }
    return t.text();
  }

  private SyntaxError error(String expected) {
    return errorAt(peek(), expected);
  }

  private SyntaxError errorAt(Token t, String expected) {
    return new SyntaxError("syntax error at position " + (t.start() + 1) + " of " + q(shorten(sql))
        + ": expected " + expected + ", found " + t.show());
  }

  private static String shorten(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    return one.length() > 120 ? one.substring(0, 117) + "..." : one;
  }

  private static String q(String s) {
    return "'" + s + "'";
  }
}
