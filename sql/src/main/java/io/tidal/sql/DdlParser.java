package io.tidal.sql;

import io.tidal.Ddl;
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
 *   element := column type [NOT NULL | NULL | DEFAULT literal | UNIQUE | PRIMARY KEY]*
 *            | [CONSTRAINT c] PRIMARY KEY ( column )
 *            | [CONSTRAINT c] UNIQUE ( column [, column]* )
 *   type    := VARCHAR [(n)] | CHARACTER VARYING [(n)] | CHAR [(n)] | CHARACTER [(n)] | TEXT | CLOB
 *            | BIGINT | INTEGER | INT | SMALLINT | TINYINT | REAL | FLOAT [(n)] | DOUBLE [PRECISION]
 *            | DECIMAL | NUMERIC | DEC [(p [, s])] | BOOLEAN | TIMESTAMP [(n)] [WITHOUT TIME ZONE]
 *            | DATE | TIME [(n)] [WITHOUT TIME ZONE]
 *            | VARBINARY [(n)] | BINARY VARYING [(n)] | BINARY [(n)] | BLOB [(n)]
 *   literal := [+|-] number | 'string' | TRUE | FALSE | NULL | DATE 'd' | TIMESTAMP 'ts' | TIME 't'
 *            | X'hex'
 *            | CURRENT_TIMESTAMP | CURRENT_DATE
 * DROP TABLE [IF EXISTS] name
 * CREATE [OR REPLACE] VIEW name [( column [, column]* )] AS query
 * DROP VIEW [IF EXISTS] name
 * CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table ( column [ASC | DESC] [, ...] )
 * DROP INDEX [IF EXISTS] name [ON table]
 * CREATE [OR REPLACE] SIGNAL TYPE name ON table [ROLLUP OF source BY column]
 *   HALF_LIFE ( interval [, interval]* ) WINDOW ( interval [, interval]* ) [RETAIN interval]
 * DROP SIGNAL TYPE [IF EXISTS] name
 * interval := INTERVAL [-] 'text' unit [TO unit]     unit := DAY | HOUR | MINUTE | SECOND
 * </pre>
 *
 * <p>Design notes. Chosen over a generated grammar extension (docs/notes/calcite.md, option 2) because
 * the statements are few and fixed: no build-time code generation, errors name the position and the
 * token found. Names may be SQL reserved words ({@code view}, {@code like}, {@code user}) or quoted
 * identifiers; the engine's name rules then apply (canonical lower case). Validation beyond syntax
 * (duplicate column, bad key type, non-positive half-life) is the engine's, with its messages.
 *
 * <p>Size (over the project's 500 lines): one recursive-descent parser for every tidal DDL
 * statement (tables with type names and constraints, signal types, views, indexes); issue 19's
 * "one statement model" replaces it with a classifier and per-statement parsers.
 */
public final class DdlParser {
  private static final Set<String> UNSUPPORTED_TYPES =
      Set.of("INTERVAL", "ARRAY", "MAP", "JSON", "UUID");

  /** Largest DECIMAL precision (Calcite's type system). */
  static final int MAX_DECIMAL_PRECISION = 19;

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
      } else if (accept("VIEW")) {
        return createView(orReplace); // the query runs to the end of the text
      } else if (!orReplace && (peek().is("INDEX") || peek().is("UNIQUE"))) {
        d = createIndex(accept("UNIQUE"));
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
      } else if (accept("VIEW")) {
        boolean ifExists = ifExists();
        d = new Ddl.DropView(name("view"), ifExists);
      } else if (accept("INDEX")) {
        boolean ifExists = ifExists();
        d = new Ddl.DropIndex(name("index"), ifExists);
        if (accept("ON")) {
          name("table");
        }
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
    return SqlStates.create(
        what
            + " is not supported: tidal's DDL is CREATE/DROP TABLE, "
            + "CREATE [OR REPLACE]/DROP VIEW, CREATE [UNIQUE]/DROP INDEX and "
            + "CREATE [OR REPLACE]/DROP SIGNAL TYPE",
        SqlStates.NOT_SUPPORTED,
        null);
  }

  /**
   * {@code CREATE [OR REPLACE] VIEW name [(column, ...)] AS query}: the query text is kept as
   * written (a trailing semicolon cut); a column list renames the query's columns.
   */
  private Ddl createView(boolean orReplace) throws SQLException {
    String name = name("view");
    if (name.equalsIgnoreCase("signals")) {
      throw SqlStates.create(
          "name 'signals' is reserved for the signals table", SqlStates.TABLE_EXISTS, null);
    }
    List<String> cols = peek().isPunct("(") ? columnList() : null;
    Token as = peek();
    expect("AS");
    String query = sql.substring(as.end()).strip();
    while (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1).strip();
    }
    if (query.isEmpty()) {
      throw errorAt(peek(), "a query after AS");
    }
    if (cols != null) {
      StringBuilder b = new StringBuilder("SELECT * FROM (").append(query).append(") AS \"$V\" (");
      for (int i = 0; i < cols.size(); i++) {
        b.append(i > 0 ? ", " : "")
            .append('"')
            .append(cols.get(i).toUpperCase(Locale.ROOT).replace("\"", "\"\""))
            .append('"');
      }
      query = b.append(')').toString();
    }
    return new Ddl.CreateView(new io.tidal.schema.View(name, query), orReplace);
  }

  /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC|DESC], ...)}. */
  private Ddl createIndex(boolean unique) {
    expect("INDEX");
    boolean ifNotExists = false;
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      ifNotExists = true;
    }
    String name = name("index");
    expect("ON");
    String table = name("table");
    expectPunct("(");
    List<String> cols = new ArrayList<>();
    do {
      cols.add(name("column"));
      if (!accept("ASC")) {
        accept("DESC");
      }
    } while (acceptPunct(","));
    expectPunct(")");
    return new Ddl.CreateIndex(new io.tidal.schema.Index(name, table, cols, unique), ifNotExists);
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
      throw SqlStates.create(
          "table name 'signals' is reserved for the signals table", SqlStates.TABLE_EXISTS, null);
    }
    expectPunct("(");
    List<Column> cols = new ArrayList<>();
    List<String> keyCols = new ArrayList<>();
    List<List<String>> uniques = new ArrayList<>();
    do {
      if (peek().is("PRIMARY")
          || peek().is("CONSTRAINT")
          || peek().is("UNIQUE")
          || peek().is("FOREIGN")
          || peek().is("CHECK")) {
        if (accept("CONSTRAINT")) {
          name("constraint");
        }
        if (peek().is("FOREIGN") || peek().is("CHECK")) {
          throw SqlStates.notSupported(
              peek().text().toUpperCase(Locale.ROOT) + " constraints (table " + q(name) + ")");
        }
        boolean unique = accept("UNIQUE");
        if (!unique) {
          expect("PRIMARY");
          expect("KEY");
        }
        List<String> list = columnList();
        if (unique) {
          uniques.add(list);
        } else {
          keyCols.addAll(list);
        }
      } else {
        column(cols, keyCols);
      }
    } while (acceptPunct(","));
    expectPunct(")");
    if (keyCols.size() > 1) {
      throw SqlStates.create(
          "table "
              + q(name)
              + " declares a primary key of "
              + keyCols.size()
              + " columns "
              + keyCols
              + "; tidal keys are one VARCHAR or BIGINT column",
          SqlStates.INVALID_TABLE_DEFINITION,
          null);
    }
    int keyIndex = -1;
    if (keyCols.size() == 1) {
      for (int i = 0; i < cols.size(); i++) {
        if (cols.get(i).name().equalsIgnoreCase(keyCols.get(0))) {
          keyIndex = i;
        }
      }
      if (keyIndex < 0) {
        throw SqlStates.create(
            "primary key column " + q(keyCols.get(0)) + " is not a column of table " + q(name),
            SqlStates.COLUMN_NOT_FOUND,
            null);
      }
      Column key = cols.get(keyIndex);
      if (key.type() == ColumnType.INTEGER) { // the common "id INTEGER PRIMARY KEY": a BIGINT key
        cols.set(keyIndex, key.withType(ColumnType.BIGINT));
      }
    }
    return new Ddl.CreateTable(
        new EntityTable(name, cols, keyIndex, tableUniques(name, cols, uniques)), ifNotExists);
  }

  private List<String> columnList() {
    expectPunct("(");
    List<String> list = new ArrayList<>();
    do {
      list.add(name("column"));
    } while (acceptPunct(","));
    expectPunct(")");
    return list;
  }

  /**
   * Table-level UNIQUE constraints as column indexes; a one-column one becomes the column's UNIQUE
   * facet (so it is the same as the column form).
   */
  private static List<List<Integer>> tableUniques(
      String table, List<Column> cols, List<List<String>> uniques) throws SQLException {
    List<List<Integer>> out = new ArrayList<>();
    for (List<String> u : uniques) {
      List<Integer> idx = new ArrayList<>();
      for (String c : u) {
        int i = indexOf(cols, c);
        if (i < 0) {
          throw SqlStates.create(
              "UNIQUE column " + q(c) + " is not a column of table " + q(table),
              SqlStates.UNDEFINED_COLUMN,
              null);
        }
        if (idx.contains(i)) {
          throw SqlStates.create(
              "UNIQUE lists column " + q(c) + " twice", SqlStates.DUPLICATE_COLUMN_NAME, null);
        }
        idx.add(i);
      }
      if (idx.size() == 1) {
        Column c = cols.get(idx.get(0));
        cols.set(
            idx.get(0), new Column(c.name(), c.type(), c.nullable(), c.facets().withUnique(true)));
      } else if (!out.contains(idx)) {
        out.add(idx);
      }
    }
    return out;
  }

  private static int indexOf(List<Column> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private void column(List<Column> cols, List<String> keyCols) throws SQLException {
    String col = name("column");
    Column typed = type(col);
    boolean nullable = true;
    boolean unique = false;
    String dflt = null;
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
      } else if (accept("UNIQUE")) {
        unique = true;
      } else if (accept("DEFAULT")) {
        dflt = defaultValue(col, typed);
      } else if (peek().is("REFERENCES")
          || peek().is("CHECK")
          || peek().is("COLLATE")
          || peek().is("AUTO_INCREMENT")
          || peek().is("AUTOINCREMENT")
          || peek().is("GENERATED")) {
        throw SqlStates.notSupported(
            peek().text().toUpperCase(Locale.ROOT) + " (column " + q(col) + ")");
      } else {
        break;
      }
    }
    Column.Facets f = typed.facets();
    cols.add(
        new Column(
            col,
            typed.type(),
            nullable,
            new Column.Facets(f.declaredType(), f.length(), f.scale(), dflt, unique)));
  }

  /**
   * A DEFAULT literal, checked against the column's type; returned as normalised SQL text (the
   * catalog keeps it; Calcite evaluates it at INSERT).
   */
  private String defaultValue(String col, Column typed) throws SQLException {
    Token t = next();
    ColumnType type = typed.type();
    String sign = "";
    if (t.isPunct("-") || t.isPunct("+")) {
      sign = t.text().equals("-") ? "-" : "";
      t = next();
      if (t.kind() != Kind.NUMBER) {
        throw errorAt(t, "a number after the sign in DEFAULT of column " + q(col));
      }
    }
    boolean numeric =
        type == ColumnType.BIGINT
            || type == ColumnType.INTEGER
            || type == ColumnType.DOUBLE
            || type == ColumnType.DECIMAL;
    String sqlText;
    boolean fits;
    if (t.kind() == Kind.NUMBER) {
      sqlText = sign + t.text();
      fits = numeric;
    } else if (t.kind() == Kind.STRING) {
      sqlText = "'" + t.text().replace("'", "''") + "'";
      fits = type == ColumnType.VARCHAR;
      if (fits
          && typed.length() >= 0
          && t.text().codePointCount(0, t.text().length()) > typed.length()) {
        throw defaultTooLong(sqlText, col, typed);
      }
    } else if (t.is("X") && peek().kind() == Kind.STRING) {
      String hex = next().text();
      int bytes = hexLength(hex, col);
      sqlText = "X'" + hex.toUpperCase(Locale.ROOT) + "'";
      fits = type == ColumnType.VARBINARY;
      if (fits && typed.length() >= 0 && bytes > typed.length()) {
        throw defaultTooLong(sqlText, col, typed);
      }
    } else if (t.is("TRUE") || t.is("FALSE")) {
      sqlText = t.text().toUpperCase(Locale.ROOT);
      fits = type == ColumnType.BOOLEAN;
    } else if (t.is("NULL")) {
      return null;
    } else if ((t.is("DATE") || t.is("TIMESTAMP") || t.is("TIME"))
        && peek().kind() == Kind.STRING) {
      String kind = t.text().toUpperCase(Locale.ROOT);
      String value = next().text();
      try {
        if (kind.equals("DATE")) {
          java.time.LocalDate.parse(value);
        } else if (kind.equals("TIME")) {
          java.time.LocalTime.parse(value);
        } else {
          java.sql.Timestamp.valueOf(value);
        }
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw SqlStates.create(
            "bad " + kind + " literal '" + value + "' in DEFAULT of column " + q(col),
            SqlStates.INVALID_DATETIME_FORMAT,
            null);
      }
      sqlText = kind + " '" + value + "'";
      fits =
          kind.equals("TIME")
              ? type == ColumnType.TIME
              : type == ColumnType.TIMESTAMP || type == ColumnType.DATE && kind.equals("DATE");
    } else if (t.is("CURRENT_TIMESTAMP") || t.is("CURRENT_DATE") || t.is("LOCALTIMESTAMP")) {
      sqlText = t.text().toUpperCase(Locale.ROOT);
      fits = type == ColumnType.TIMESTAMP || type == ColumnType.DATE;
    } else {
      throw errorAt(
          t, "a literal, CURRENT_TIMESTAMP or CURRENT_DATE after DEFAULT (column " + q(col) + ")");
    }
    if (!fits) {
      throw SqlStates.create(
          "DEFAULT "
              + sqlText
              + " does not fit column "
              + q(col)
              + " of type "
              + typed.declaredType(),
          SqlStates.DATATYPE_MISMATCH,
          null);
    }
    return sqlText;
  }

  private static SQLException defaultTooLong(String sqlText, String col, Column typed) {
    return SqlStates.create(
        "DEFAULT "
            + sqlText
            + " is longer than column "
            + q(col)
            + " "
            + typed.declaredType()
            + "("
            + typed.length()
            + ")",
        SqlStates.STRING_TOO_LONG,
        null);
  }

  /** The number of bytes of a binary literal's hex digits; 42601 naming it when they are bad. */
  private static int hexLength(String hex, String col) throws SQLException {
    String p = BinaryLiterals.problem(hex);
    if (p != null) {
      throw SqlStates.create(
          "bad binary literal X'" + hex + "' in DEFAULT of column " + q(col) + ": " + p,
          SqlStates.SYNTAX,
          null);
    }
    return hex.length() / 2;
  }

  /** The column's engine type and declared facets (name, length or precision, scale). */
  private Column type(String col) throws SQLException {
    Token t = next();
    if (t.kind() != Kind.WORD) {
      throw errorAt(t, "a column type for column " + q(col));
    }
    String w = t.text().toUpperCase(Locale.ROOT);
    ColumnType type;
    String declared = w;
    switch (w) {
      case "VARCHAR", "TEXT", "CLOB" -> type = ColumnType.VARCHAR;
      case "CHARACTER", "CHAR" -> {
        type = ColumnType.VARCHAR;
        if (accept("VARYING")) {
          declared = "VARCHAR";
        } else {
          declared = "CHAR";
        }
      }
      case "BIGINT" -> type = ColumnType.BIGINT;
      case "INTEGER", "INT" -> {
        type = ColumnType.INTEGER;
        declared = "INTEGER";
      }
      case "SMALLINT", "TINYINT" -> type = ColumnType.INTEGER;
      case "DOUBLE" -> {
        accept("PRECISION");
        type = ColumnType.DOUBLE;
      }
      case "REAL", "FLOAT" -> type = ColumnType.DOUBLE;
      case "DECIMAL", "NUMERIC", "DEC" -> {
        type = ColumnType.DECIMAL;
        declared = w.equals("DEC") ? "DECIMAL" : w;
      }
      case "BOOLEAN" -> type = ColumnType.BOOLEAN;
      case "TIMESTAMP" -> type = ColumnType.TIMESTAMP;
      case "DATE" -> type = ColumnType.DATE;
      case "TIME" -> type = ColumnType.TIME;
      case "VARBINARY", "BLOB" -> type = ColumnType.VARBINARY;
      case "BINARY" -> {
        type = ColumnType.VARBINARY;
        declared = accept("VARYING") ? "VARBINARY" : "BINARY";
      }
      default -> {
        if (UNSUPPORTED_TYPES.contains(w)) {
          throw unsupportedType(w, col);
        }
        throw SqlStates.create(
            "unknown type "
                + q(t.text())
                + " for column "
                + q(col)
                + " at position "
                + (t.start() + 1),
            SqlStates.UNDEFINED_OBJECT,
            null);
      }
    }
    int length = -1;
    int scale = -1;
    if (acceptPunct("(")) {
      length = expectSize(col);
      if (acceptPunct(",")) {
        scale = expectSize(col);
      }
      expectPunct(")");
    }
    checkSize(col, declared, type, length, scale);
    if ((declared.equals("CHAR") || declared.equals("BINARY")) && length < 0) {
      length = 1; // SQL: CHAR alone is CHAR(1), BINARY alone BINARY(1)
    }
    if (type != ColumnType.VARCHAR && type != ColumnType.DECIMAL && type != ColumnType.VARBINARY) {
      length = -1; // FLOAT(n), TIMESTAMP(n): accepted, not kept
      scale = -1;
    }
    if (type == ColumnType.DECIMAL && length >= 0 && scale < 0) {
      scale = 0; // SQL: NUMERIC(p) is NUMERIC(p, 0)
    }
    Column.Facets f =
        declared.equals(type.name()) && length < 0
            ? Column.Facets.NONE
            : new Column.Facets(declared, length, scale, null, false);
    boolean zoned = type == ColumnType.TIMESTAMP || type == ColumnType.TIME;
    if (zoned && accept("WITH")) {
      throw SqlStates.notSupported(type + " WITH TIME ZONE (column " + q(col) + ")");
    }
    if (zoned && accept("WITHOUT")) {
      expect("TIME");
      expect("ZONE");
    }
    return new Column(col, type, true, f);
  }

  private static void checkSize(String col, String declared, ColumnType type, int length, int scale)
      throws SQLException {
    boolean sized =
        type == ColumnType.VARCHAR && !declared.equals("TEXT") && !declared.equals("CLOB")
            || type == ColumnType.DECIMAL
            || declared.equals("FLOAT")
            || type == ColumnType.TIMESTAMP
            || type == ColumnType.TIME
            || type == ColumnType.VARBINARY;
    if (length >= 0 && !sized || scale >= 0 && type != ColumnType.DECIMAL) {
      throw SqlStates.create(
          "type "
              + declared
              + " of column "
              + q(col)
              + " takes no "
              + (scale >= 0 && length >= 0 && sized ? "scale" : "length"),
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
    if (length == 0
        && (type == ColumnType.VARCHAR
            || type == ColumnType.DECIMAL
            || type == ColumnType.VARBINARY)) {
      throw SqlStates.create(
          "length of column " + q(col) + " " + declared + " must be at least 1",
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
    if (type == ColumnType.DECIMAL && length > MAX_DECIMAL_PRECISION) {
      throw SqlStates.create(
          "precision "
              + length
              + " of column "
              + q(col)
              + " "
              + declared
              + " is above tidal's maximum "
              + MAX_DECIMAL_PRECISION,
          SqlStates.NOT_SUPPORTED,
          null);
    }
    if (type == ColumnType.DECIMAL && scale > length) {
      throw SqlStates.create(
          "scale "
              + scale
              + " of column "
              + q(col)
              + " "
              + declared
              + " is above its precision "
              + length,
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
  }

  private static SQLException unsupportedType(String w, String col) {
    return SqlStates.create(
        "column type "
            + w
            + " (column "
            + q(col)
            + ") is not supported; use "
            + "a character type (VARCHAR, CHAR, TEXT, CLOB), a number type (INTEGER, SMALLINT, BIGINT,"
            + " REAL, DOUBLE, DECIMAL), BOOLEAN, TIMESTAMP, DATE, TIME or a binary type (VARBINARY,"
            + " BINARY, BLOB)",
        SqlStates.NOT_SUPPORTED,
        null);
  }

  private Ddl createSignalType(boolean orReplace) {
    String name = name("signal type");
    expect("ON");
    String table = name("table");
    String source = null;
    String column = null;
    if (accept("ROLLUP")) {
      expect("OF");
      source = name("signal type");
      expect("BY");
      column = name("column");
    }
    expect("HALF_LIFE");
    List<Duration> halfLives = intervals("HALF_LIFE");
    expect("WINDOW");
    List<Duration> windows = intervals("WINDOW");
    Duration retain = accept("RETAIN") ? interval("RETAIN") : null; // null: the default
    return new Ddl.CreateSignalType(
        new SignalType(name, table, halfLives, windows, retain, source, column), orReplace);
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

  /** A length, precision or scale: an unsigned integer. */
  private int expectSize(String col) throws SQLException {
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
  private String name(String what) {
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

  private SyntaxError error(String expected) {
    return errorAt(peek(), expected);
  }

  private SyntaxError errorAt(Token t, String expected) {
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

  private static String q(String s) {
    return "'" + s + "'";
  }
}
