package io.tidal.tests.fuzz;

import static io.tidal.tests.fuzz.FuzzLiterals.anyTimestamp;
import static io.tidal.tests.fuzz.FuzzLiterals.anyValue;
import static io.tidal.tests.fuzz.FuzzLiterals.interval;
import static io.tidal.tests.fuzz.FuzzLiterals.number;
import static io.tidal.tests.fuzz.FuzzLiterals.pick;
import static io.tidal.tests.fuzz.FuzzLiterals.str;

import java.util.List;
import java.util.Random;

/**
 * The grammar of statements with an unknown effect, over DESIGN §3: queries of every shape (the
 * three functions, ranked queries, joins, aggregates, subqueries, set operations, window
 * functions, weird literals, unknown names), DDL and DML on scratch tables ({@code s0..s3},
 * {@code log}) and scratch signal types ({@code z0..z3}), unsupported statements and
 * transaction words. Reads may name the tracked tables; writes are guarded by {@link FuzzRunner}.
 */
final class FuzzGrammar {
  static final List<String> TABLES =
      List.of(
          "items",
          "users",
          "log",
          "signals",
          "s0",
          "s1",
          "s2",
          "s3",
          "sys.signal_types",
          "sys.tables",
          "sys.stats",
          "nosuch",
          "sys.nosuch",
          "\"items\"");
  static final List<String> SCRATCH = List.of("s0", "s1", "s2", "s3");
  static final List<String> TYPES =
      List.of(
          "'view'",
          "'vote'",
          "'VIEW'",
          "'z0'",
          "'z1'",
          "'z2'",
          "'nosuch'",
          "''",
          "NULL",
          "'view '",
          "42");
  private static final List<String> ITEM_COLS =
      List.of(
          "id",
          "title",
          "category",
          "n",
          "price",
          "score",
          "flag",
          "created_at",
          "nosuch",
          "ID",
          "\"id\"",
          "*");
  private static final List<String> FUNCS = List.of("DECAY_SCORE", "WINDOWED_COUNT", "VELOCITY");

  private final Random r;

  FuzzGrammar(Random r) {
    this.r = r;
  }

  FuzzStatement next() {
    int k = r.nextInt(100);
    String sql;
    String origin;
    if (k < 14) {
      sql = scoreQuery();
      origin = "score";
    } else if (k < 22) {
      sql = ranked();
      origin = "ranked";
    } else if (k < 34) {
      sql = select();
      origin = "select";
    } else if (k < 42) {
      sql = aggregate();
      origin = "aggregate";
    } else if (k < 48) {
      sql = join();
      origin = "join";
    } else if (k < 54) {
      sql = subquery();
      origin = "subquery";
    } else if (k < 64) {
      sql = expression();
      origin = "literal";
    } else if (k < 68) {
      sql = scratchDdl();
      origin = "ddl";
    } else if (k < 84) {
      sql = scratchDml();
      origin = "dml";
    } else if (k < 92) {
      sql = scratchSignals();
      origin = "signals";
    } else {
      sql = odd();
      origin = "odd";
    }
    return FuzzStatement.unknown(sql, origin);
  }

  private String entityArg() {
    return pick(
        r,
        List.of(
            "'i1'",
            "'i2'",
            "'ünï'",
            "'42'",
            "'nosuch'",
            "NULL",
            "42",
            "''",
            "'" + "x".repeat(200) + "'",
            "id",
            "CAST(NULL AS VARCHAR)",
            "UPPER('i1')"));
  }

  private String scoreCall() {
    String f = pick(r, FUNCS);
    if (r.nextInt(10) == 0) {
      return f
          + "(entity_id => 'i1', signal_type => 'view', "
          + (f.equals("DECAY_SCORE") ? "half_life" : "window")
          + " => "
          + interval(r)
          + ")";
    }
    String at =
        switch (r.nextInt(3)) {
          case 0 -> "";
          case 1 -> ", " + anyTimestamp(r);
          default ->
              ", "
                  + pick(
                      r,
                      List.of(
                          "NULL",
                          "42",
                          "'2026-11-01'",
                          "DATE '2026-11-01'",
                          "CURRENT_TIMESTAMP + INTERVAL '1' DAY"));
        };
    String args =
        r.nextInt(20) == 0
            ? pick(
                r,
                List.of("", "'i1'", "'i1', 'view'", "'i1', 'view', INTERVAL '1' HOUR, NULL, NULL"))
            : entityArg() + ", " + pick(r, TYPES) + ", " + interval(r) + at;
    return f + "(" + args + ")";
  }

  private String scoreQuery() {
    return switch (r.nextInt(4)) {
      case 0 -> "SELECT " + scoreCall();
      case 1 -> "SELECT id, " + scoreCall() + " FROM items" + where();
      case 2 -> "SELECT " + scoreCall() + " AS s, " + scoreCall() + " FROM users";
      default ->
          "SELECT entity_id, "
              + scoreCall()
              + " FROM signals WHERE signal_type = "
              + pick(r, TYPES);
    };
  }

  private String ranked() {
    String f = r.nextInt(4) == 0 ? pick(r, FUNCS) : "DECAY_SCORE";
    String key = r.nextInt(5) == 0 ? "title" : "id";
    String type = r.nextInt(4) == 0 ? pick(r, TYPES) : "'view'";
    String call =
        f
            + "("
            + key
            + ", "
            + type
            + ", "
            + (r.nextInt(3) == 0 ? interval(r) : "INTERVAL '1' HOUR")
            + (r.nextBoolean() ? "" : ", " + anyTimestamp(r))
            + ")";
    String limit =
        pick(
            r,
            List.of(
                "10",
                "1",
                "0",
                "3",
                "100000",
                "-1",
                "2147483648",
                "?",
                "ALL",
                "5 OFFSET 2",
                "2 OFFSET 100"));
    String table = r.nextInt(6) == 0 ? "users" : "items";
    return "SELECT id, title, "
        + call
        + " AS hot FROM "
        + table
        + (r.nextInt(4) == 0 ? " WHERE category = " + str(pick(r, FuzzLiterals.CATEGORIES)) : "")
        + " ORDER BY "
        + pick(
            r,
            List.of("hot DESC", "hot", "hot ASC", "hot DESC, id", "3 DESC", "hot DESC NULLS LAST"))
        + " LIMIT "
        + limit;
  }

  private String where() {
    if (r.nextInt(3) == 0) {
      return "";
    }
    String c = pick(r, ITEM_COLS.subList(0, 9));
    return " WHERE "
        + switch (r.nextInt(7)) {
          case 0 -> c + " = " + anyValue(r);
          case 1 -> c + " IS NULL";
          case 2 -> c + " BETWEEN " + anyValue(r) + " AND " + anyValue(r);
          case 3 -> c + " LIKE " + str(pick(r, List.of("%", "i%", "_", "%ü%", "\\%")));
          case 4 -> c + " IN (" + anyValue(r) + ", " + anyValue(r) + ")";
          case 5 -> "NOT (" + c + " <> " + anyValue(r) + ") OR " + c + " > " + anyValue(r);
          default -> "id = " + str(pick(r, FuzzLiterals.ITEM_IDS));
        };
  }

  private String select() {
    String table = pick(r, TABLES);
    String cols = r.nextInt(3) == 0 ? "*" : pick(r, ITEM_COLS) + ", " + pick(r, ITEM_COLS);
    if (!table.contains("items")) {
      cols =
          pick(
              r,
              List.of(
                  "*",
                  "COUNT(*)",
                  "entity_id, weight",
                  "name",
                  "uid, age",
                  "k, a",
                  "line",
                  "value",
                  "nosuch"));
    }
    return "SELECT "
        + (r.nextInt(6) == 0 ? "DISTINCT " : "")
        + cols
        + " FROM "
        + table
        + (table.contains("items") ? where() : "")
        + (r.nextInt(3) == 0 ? " ORDER BY 1" + (r.nextBoolean() ? " DESC" : "") : "")
        + (r.nextInt(3) == 0 ? " LIMIT " + pick(r, List.of("0", "1", "5", "-1", "1e3")) : "")
        + (r.nextInt(8) == 0 ? " OFFSET " + pick(r, List.of("0", "3", "99999999999")) : "");
  }

  private String aggregate() {
    String agg =
        pick(
            r,
            List.of(
                "COUNT(*)",
                "COUNT(DISTINCT category)",
                "SUM(n)",
                "AVG(score)",
                "MIN(title)",
                "MAX(created_at)",
                "SUM(price)",
                "STDDEV_POP(n)",
                "SUM(score * n)",
                "COUNT(flag)",
                "MAX(DECAY_SCORE(id, 'view', INTERVAL '1' DAY))",
                "SUM(n) / COUNT(n)",
                "LISTAGG(id, ',')",
                "ANY_VALUE(title)",
                "SUM(DISTINCT n)"));
    return switch (r.nextInt(4)) {
      case 0 -> "SELECT " + agg + " FROM items" + where();
      case 1 ->
          "SELECT category, "
              + agg
              + " FROM items GROUP BY category"
              + (r.nextBoolean() ? " HAVING COUNT(*) > " + number(r) : "")
              + " ORDER BY 1";
      case 2 ->
          "SELECT signal_type, COUNT(*), SUM(weight), MIN(ts), MAX(ts) FROM signals"
              + " GROUP BY signal_type";
      default ->
          "SELECT id, ROW_NUMBER() OVER (ORDER BY "
              + pick(r, ITEM_COLS.subList(0, 8))
              + "), "
              + pick(r, List.of("RANK()", "SUM(n)", "LAG(title)", "COUNT(*)"))
              + " OVER (PARTITION BY category ORDER BY id) FROM items";
    };
  }

  private String join() {
    return switch (r.nextInt(5)) {
      case 0 -> "SELECT i.id, u.name FROM items i JOIN users u ON i.n = u.age";
      case 1 ->
          "SELECT i.id, COUNT(s.ts) FROM items i LEFT JOIN signals s ON s.entity_id = i.id"
              + " AND s.signal_type = "
              + pick(r, TYPES)
              + " GROUP BY i.id";
      case 2 -> "SELECT * FROM items a, items b WHERE a.id < b.id AND a.category = b.category";
      case 3 ->
          "SELECT i.id, "
              + scoreCall().replace("(id", "(i.id")
              + " FROM items i"
              + " FULL OUTER JOIN "
              + pick(r, SCRATCH)
              + " s ON s.k = i.id";
      default ->
          "SELECT t.name, st.windows FROM sys.tables t JOIN sys.signal_types st"
              + " ON st.table_name = t.table_name";
    };
  }

  private String subquery() {
    return switch (r.nextInt(5)) {
      case 0 -> "SELECT id FROM items WHERE n IN (SELECT age FROM users)";
      case 1 ->
          "SELECT id FROM items i WHERE EXISTS (SELECT 1 FROM signals s"
              + " WHERE s.entity_id = i.id)";
      case 2 -> "SELECT name, (SELECT MAX(title) FROM items) FROM users";
      case 3 ->
          "SELECT * FROM (SELECT id, " + scoreCall() + " AS x FROM items) t WHERE x > " + number(r);
      default ->
          "SELECT id FROM items UNION "
              + pick(r, List.of("", "ALL "))
              + "SELECT "
              + pick(r, List.of("CAST(uid AS VARCHAR)", "uid", "name"))
              + " FROM users";
    };
  }

  private String expression() {
    String e =
        switch (r.nextInt(12)) {
          case 0 -> number(r) + " " + pick(r, List.of("+", "-", "*", "/", "%")) + " " + number(r);
          case 1 ->
              "CAST("
                  + anyValue(r)
                  + " AS "
                  + pick(
                      r,
                      List.of(
                          "INTEGER",
                          "BIGINT",
                          "DOUBLE",
                          "DECIMAL(5, 2)",
                          "VARCHAR(3)",
                          "TIMESTAMP",
                          "DATE",
                          "BOOLEAN",
                          "TINYINT"))
                  + ")";
          case 2 -> str(pick(r, FuzzLiterals.STRINGS)) + " || " + anyValue(r);
          case 3 ->
              pick(
                      r,
                      List.of(
                          "UPPER",
                          "LOWER",
                          "CHAR_LENGTH",
                          "TRIM",
                          "ABS",
                          "SQRT",
                          "LN",
                          "FLOOR",
                          "CEIL",
                          "EXP"))
                  + "("
                  + anyValue(r)
                  + ")";
          case 4 ->
              "CASE WHEN " + anyValue(r) + " THEN " + anyValue(r) + " ELSE " + anyValue(r) + " END";
          case 5 -> anyTimestamp(r) + " " + pick(r, List.of("+", "-")) + " " + interval(r);
          case 6 ->
              "SUBSTRING("
                  + str(pick(r, FuzzLiterals.STRINGS))
                  + " FROM "
                  + number(r)
                  + " FOR "
                  + number(r)
                  + ")";
          case 7 -> "POWER(" + number(r) + ", " + number(r) + ")";
          case 8 -> interval(r);
          case 9 -> "NULLIF(" + anyValue(r) + ", " + anyValue(r) + ")";
          case 10 -> "COALESCE(NULL, " + anyValue(r) + ")";
          default -> anyValue(r);
        };
    return r.nextInt(5) == 0 ? "VALUES (" + e + ")" : "SELECT " + e;
  }

  private String colDef() {
    return pick(r, List.of("a", "b", "c", "d", "e", "\"Mixed\"", "value", "x" + r.nextInt(3)))
        + " "
        + pick(
            r,
            List.of(
                "INTEGER",
                "BIGINT",
                "DOUBLE",
                "VARCHAR",
                "VARCHAR(5)",
                "DECIMAL",
                "BOOLEAN",
                "TIMESTAMP",
                "DATE",
                "FLOAT",
                "CHAR(2)",
                "TIME",
                "BLOB",
                "NOSUCHTYPE",
                "INT",
                "DOUBLE PRECISION",
                "NUMERIC(10, 2)"))
        + pick(r, List.of("", "", " NOT NULL", " NULL", " DEFAULT 1", " UNIQUE"));
  }

  private String scratchDdl() {
    String t = pick(r, SCRATCH);
    return switch (r.nextInt(8)) {
      case 0, 1 ->
          "CREATE TABLE "
              + (r.nextBoolean() ? "IF NOT EXISTS " : "")
              + t
              + " ("
              + pick(
                  r,
                  List.of(
                      "k VARCHAR PRIMARY KEY",
                      "k BIGINT PRIMARY KEY",
                      "k VARCHAR",
                      "k DOUBLE PRIMARY KEY",
                      "k INTEGER"))
              + ", "
              + colDef()
              + ", "
              + colDef()
              + pick(r, List.of("", "", ", PRIMARY KEY (k)", ", PRIMARY KEY (k, a)", ","))
              + ")";
      case 2 -> "DROP TABLE " + (r.nextBoolean() ? "IF EXISTS " : "") + t;
      case 3, 4 ->
          "CREATE "
              + (r.nextBoolean() ? "OR REPLACE " : "")
              + "SIGNAL TYPE "
              + pick(r, List.of("z0", "z1", "z2", "\"z3\"", "like", "share"))
              + " ON "
              + t
              + " HALF_LIFE ("
              + interval(r)
              + (r.nextBoolean() ? ", " + interval(r) : "")
              + ")"
              + " WINDOW ("
              + interval(r)
              + (r.nextBoolean() ? ", " + interval(r) : "")
              + ")";
      case 5 ->
          "DROP SIGNAL TYPE "
              + (r.nextBoolean() ? "IF EXISTS " : "")
              + pick(r, List.of("z0", "z1", "z2", "z3", "like", "share", "nosuch"));
      case 6 ->
          pick(
              r,
              List.of(
                  "CREATE TABLE log (line VARCHAR, n INTEGER)",
                  "DROP TABLE log",
                  "CREATE TABLE signals (a INTEGER)",
                  "CREATE TABLE sys.x (a INTEGER)",
                  "CREATE TABLE " + t + " (k VARCHAR PRIMARY KEY, k INTEGER)",
                  "CREATE TABLE " + t + " ()",
                  "CREATE TABLE " + "t".repeat(65) + " (a INTEGER)"));
      default ->
          pick(
              r,
              List.of(
                  "ALTER TABLE " + t + " ADD COLUMN z INTEGER",
                  "TRUNCATE TABLE " + t,
                  "CREATE VIEW v AS SELECT 1",
                  "CREATE FUNCTION f AS 'x.Y'",
                  "CREATE FOREIGN SCHEMA f TYPE 'jdbc'",
                  "CREATE SCHEMA x",
                  "CREATE INDEX i ON " + t + " (a)",
                  "CREATE MATERIALIZED VIEW mv AS SELECT 1",
                  "CREATE TYPE t AS INTEGER"));
    };
  }

  private String scratchDml() {
    String t = r.nextInt(5) == 0 ? "log" : pick(r, SCRATCH);
    return switch (r.nextInt(6)) {
      case 0, 1 ->
          "INSERT INTO "
              + t
              + pick(r, List.of("", " (k, a)", " (a, k)", " (k)"))
              + " VALUES ("
              + anyValue(r)
              + ", "
              + anyValue(r)
              + (r.nextBoolean() ? ", " + anyValue(r) : "")
              + ")"
              + (r.nextBoolean() ? ", (" + anyValue(r) + ", " + anyValue(r) + ")" : "");
      case 2 ->
          "UPDATE "
              + t
              + " SET "
              + pick(r, List.of("a", "b", "k", "c", "nosuch"))
              + " = "
              + anyValue(r)
              + pick(r, List.of("", " WHERE k = " + anyValue(r), " WHERE a > " + number(r)));
      case 3 ->
          "DELETE FROM "
              + t
              + pick(r, List.of("", " WHERE k = " + anyValue(r), " WHERE a IS NULL"));
      case 4 ->
          "INSERT INTO "
              + t
              + " SELECT "
              + anyValue(r)
              + ", "
              + anyValue(r)
              + " FROM "
              + pick(r, List.of("sys.stats", "log", t));
      default -> "UPDATE " + t + " SET a = a " + pick(r, List.of("+", "*", "/")) + " " + number(r);
    };
  }

  private String scratchSignals() {
    String type =
        pick(r, List.of("'z0'", "'z1'", "'z2'", "'z3'", "'like'", "'nosuch'", "NULL", "''"));
    String weight =
        r.nextBoolean()
            ? number(r)
            : pick(
                r,
                List.of(
                    "NULL",
                    "'1'",
                    "'abc'",
                    "CAST('NaN' AS DOUBLE)",
                    "1e308 * 10",
                    "-1e308",
                    "4.9e-324",
                    "TRUE"));
    String entity =
        pick(
            r,
            List.of("'k1'", "'7'", "'-1'", "''", "NULL", "42", "'ünï'", "'18446744073709551615'"));
    return switch (r.nextInt(5)) {
      case 0 ->
          "INSERT INTO signals (signal_type, entity_id) VALUES (" + type + ", " + entity + ")";
      case 1 ->
          "INSERT INTO signals VALUES ("
              + type
              + ", "
              + entity
              + ", "
              + weight
              + ", "
              + anyTimestamp(r)
              + ", "
              + pick(r, List.of("NULL", "'d'", "''"))
              + ")";
      case 2 ->
          "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ("
              + type
              + ", "
              + entity
              + ", "
              + weight
              + ", "
              + anyTimestamp(r)
              + "), ("
              + type
              + ", "
              + entity
              + ", 1, "
              + anyTimestamp(r)
              + ")";
      case 3 ->
          "INSERT INTO signals (entity_id, signal_type, nosuch) VALUES ("
              + entity
              + ", "
              + type
              + ", 1)";
      default ->
          "INSERT INTO signals (signal_type, entity_id, weight) VALUES ("
              + type
              + ", "
              + entity
              + ", "
              + weight
              + ")";
    };
  }

  private String odd() {
    return pick(
        r,
        List.of(
            "COMMIT",
            "ROLLBACK",
            "SELECT * FROM nosuch",
            "SELECT nosuch()",
            "SELECT NOSUCHFN(1)",
            "MERGE INTO s0 USING s1 ON TRUE WHEN MATCHED THEN DELETE",
            "GRANT ALL ON items TO bob",
            "SET SCHEMA sys",
            "CALL f()",
            "SHOW TABLES",
            "",
            " ",
            ";",
            "SELECT 1;",
            "SELECT 1; SELECT 2",
            "-- only a comment",
            "/* unterminated",
            "SELECT 'unterminated",
            "SELECT \"unterminated",
            "EXPLAIN PLAN FOR " + ranked(),
            "EXPLAIN PLAN FOR SELECT * FROM items WHERE id = 'i1'",
            "SELECT ?",
            "VALUES 1, 2, 3",
            "SELECT * FROM TABLE(nosuch())",
            "SELECT * FROM items FOR UPDATE",
            "DESCRIBE items",
            "SELECT 1 FROM (VALUES (1)) t(x) WHERE x = ALL (SELECT 1)",
            "WITH t AS (SELECT 1 AS x)" + " SELECT x FROM t",
            "SELECT CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP",
            "SELECT * FROM metadata.\"TABLES\"",
            "SELECT * FROM \"metadata\".\"COLUMNS\"",
            "INSERT INTO sys.tables VALUES ('x', 'y', 'z', 1)",
            "DELETE FROM sys.signal_types",
            "UPDATE sys.stats SET value = 0",
            "SELECT * FROM items TABLESAMPLE BERNOULLI(50)",
            "SELECT CAST(x'ff' AS VARCHAR)",
            "SELECT U&'\\0041'",
            "SELECT N'national'",
            "SELECT {fn NOW()}",
            "SELECT 1 FROM items GROUP BY ROLLUP(category, n)"));
  }
}
