package io.tidal.sql;

import io.tidal.Ddl;
import io.tidal.schema.SignalType;
import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * <p>This class reads the statement's first words and parses views, indexes, signal types and
 * DROPs; {@code CREATE TABLE} is {@link TableDdl}'s (column types: {@link ColumnTypes}); the token
 * steps they share are {@link TokenCursor}'s, over the tokens {@link ParsedStatement} lexed once.
 */
public final class DdlParser {
  private final TokenCursor c;

  private DdlParser(ParsedStatement statement) {
    this.c = new TokenCursor(statement);
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
    return parse(ParsedStatement.of(sql));
  }

  /** Parses one DDL statement from its tokens ({@link #parse(String)}). */
  public static Ddl parse(ParsedStatement statement) throws SQLException {
    try {
      return new DdlParser(statement).statement();
    } catch (SyntaxError e) {
      throw SqlStates.create(e.getMessage(), SqlStates.SYNTAX, null);
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  private Ddl statement() throws SQLException {
    Ddl d;
    if (c.accept("CREATE")) {
      boolean orReplace = false;
      if (c.accept("OR")) {
        c.expect("REPLACE");
        orReplace = true;
      }
      if (c.accept("TABLE")) {
        if (orReplace) {
          throw SqlStates.notSupported("CREATE OR REPLACE TABLE");
        }
        d = TableDdl.createTable(c);
      } else if (c.accept("SIGNAL")) {
        c.expect("TYPE");
        d = createSignalType(orReplace);
      } else if (c.accept("VIEW")) {
        return createView(orReplace); // the query runs to the end of the text
      } else if (!orReplace && (c.peek().is("INDEX") || c.peek().is("UNIQUE"))) {
        d = createIndex(c.accept("UNIQUE"));
      } else {
        throw unsupported("CREATE");
      }
    } else if (c.accept("DROP")) {
      if (c.accept("TABLE")) {
        boolean ifExists = c.ifExists();
        d = new Ddl.DropTable(c.name("table"), ifExists);
      } else if (c.accept("SIGNAL")) {
        c.expect("TYPE");
        boolean ifExists = c.ifExists();
        d = new Ddl.DropSignalType(c.name("signal type"), ifExists);
      } else if (c.accept("VIEW")) {
        boolean ifExists = c.ifExists();
        d = new Ddl.DropView(c.name("view"), ifExists);
      } else if (c.accept("INDEX")) {
        boolean ifExists = c.ifExists();
        d = new Ddl.DropIndex(c.name("index"), ifExists);
        if (c.accept("ON")) {
          c.name("table");
        }
      } else {
        throw unsupported("DROP");
      }
    } else {
      throw unsupported(c.peek().text().toUpperCase(Locale.ROOT));
    }
    c.accept(";");
    if (c.peek().kind() != Kind.END) {
      throw c.error("end of statement");
    }
    return d;
  }

  private SQLException unsupported(String verb) {
    Token t = c.peek();
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
    String name = c.name("view");
    if (name.equalsIgnoreCase("signals")) {
      throw SqlStates.create(
          "name 'signals' is reserved for the signals table", SqlStates.TABLE_EXISTS, null);
    }
    List<String> cols = c.peek().isPunct("(") ? c.columnList() : null;
    Token as = c.peek();
    c.expect("AS");
    String query = c.sql().substring(as.end()).strip();
    while (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1).strip();
    }
    if (query.isEmpty()) {
      throw c.errorAt(c.peek(), "a query after AS");
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
    c.expect("INDEX");
    boolean ifNotExists = c.ifNotExists();
    String name = c.name("index");
    c.expect("ON");
    String table = c.name("table");
    c.expectPunct("(");
    List<String> cols = new ArrayList<>();
    do {
      cols.add(c.name("column"));
      if (!c.accept("ASC")) {
        c.accept("DESC");
      }
    } while (c.acceptPunct(","));
    c.expectPunct(")");
    return new Ddl.CreateIndex(new io.tidal.schema.Index(name, table, cols, unique), ifNotExists);
  }

  private Ddl createSignalType(boolean orReplace) {
    String name = c.name("signal type");
    c.expect("ON");
    String table = c.name("table");
    String source = null;
    String column = null;
    if (c.accept("ROLLUP")) {
      c.expect("OF");
      source = c.name("signal type");
      c.expect("BY");
      column = c.name("column");
    }
    c.expect("HALF_LIFE");
    List<Duration> halfLives = intervals("HALF_LIFE");
    c.expect("WINDOW");
    List<Duration> windows = intervals("WINDOW");
    Duration retain = c.accept("RETAIN") ? interval("RETAIN") : null; // null: the default
    return new Ddl.CreateSignalType(
        new SignalType(name, table, halfLives, windows, retain, source, column), orReplace);
  }

  private List<Duration> intervals(String clause) {
    c.expectPunct("(");
    List<Duration> out = new ArrayList<>();
    do {
      out.add(interval(clause));
    } while (c.acceptPunct(","));
    c.expectPunct(")");
    return out;
  }

  private Duration interval(String clause) {
    Token start = c.peek();
    if (!c.accept("INTERVAL")) {
      throw c.errorAt(start, "INTERVAL '...' <unit> in " + clause);
    }
    boolean negative = c.acceptPunct("-");
    if (!negative) {
      c.acceptPunct("+");
    }
    Token text = c.next();
    if (text.kind() != Kind.STRING) {
      throw c.errorAt(text, "a quoted interval value such as '1' after INTERVAL");
    }
    Token u1 = c.next();
    String from = u1.text().toUpperCase(Locale.ROOT);
    String to = from;
    if (c.accept("TO")) {
      to = c.next().text().toUpperCase(Locale.ROOT);
    }
    Duration d = Intervals.parse(text.text(), from, to, clause);
    return negative ? d.negated() : d;
  }
}
