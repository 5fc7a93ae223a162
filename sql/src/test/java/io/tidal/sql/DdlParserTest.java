package io.tidal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Ddl;
import io.tidal.ErrorCode;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlParserTest {

  @Test
  void createTable_columnAndTableLevelKeys_parse() throws SQLException {
    Ddl.CreateTable a =
        (Ddl.CreateTable)
            DdlParser.parse(
                "CREATE TABLE items (id VARCHAR(20) PRIMARY KEY, n INT NOT NULL, p NUMERIC(10, 2), "
                    + "d DOUBLE PRECISION, t TIMESTAMP WITHOUT TIME ZONE, day DATE, b BOOLEAN);");
    assertThat(a.table().name()).isEqualTo("items");
    assertThat(a.table().keyIndex()).isZero();
    assertThat(a.table().columns())
        .extracting(c -> c.type())
        .containsExactly(
            ColumnType.VARCHAR,
            ColumnType.INTEGER,
            ColumnType.DECIMAL,
            ColumnType.DOUBLE,
            ColumnType.TIMESTAMP,
            ColumnType.DATE,
            ColumnType.BOOLEAN);
    assertThat(a.table().columns().get(1).nullable()).isFalse();
    Ddl.CreateTable b =
        (Ddl.CreateTable)
            DdlParser.parse(
                "create table if not exists Users (name varchar, uid bigint, constraint pk primary key (UID))");
    assertThat(b.ifNotExists()).isTrue();
    assertThat(b.table().keyIndex()).isEqualTo(1);
    Ddl.CreateTable k =
        (Ddl.CreateTable)
            DdlParser.parse("CREATE TABLE t1 (a1 INTEGER PRIMARY KEY, b1 INT, x1 VARCHAR(40))");
    assertThat(k.table().columns())
        .extracting(col -> col.type())
        .containsExactly(ColumnType.BIGINT, ColumnType.INTEGER, ColumnType.VARCHAR);
    assertThat(k.table().keyIndex()).isZero();
    Ddl.CreateTable c = (Ddl.CreateTable) DdlParser.parse("CREATE TABLE log (line VARCHAR)");
    assertThat(c.table().hasPrimaryKey()).isFalse();
  }

  @Test
  void createSignalType_reservedWordNamesAndIntervalForms_parse() throws SQLException {
    for (String name : List.of("view", "like", "share", "user", "\"select\"")) {
      Ddl.CreateSignalType s =
          (Ddl.CreateSignalType)
              DdlParser.parse(
                  "CREATE OR REPLACE SIGNAL TYPE "
                      + name
                      + " ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1:30' HOUR TO MINUTE, "
                      + "INTERVAL '1 12' DAY TO HOUR, INTERVAL '1.5' SECOND) WINDOW (INTERVAL '7' DAY, "
                      + "INTERVAL '90' MINUTE, INTERVAL '0 01:00:00' DAY TO SECOND)");
      assertThat(s.orReplace()).isTrue();
      assertThat(s.type().halfLives())
          .containsExactly(
              Duration.ofHours(1),
              Duration.ofMinutes(90),
              Duration.ofHours(36),
              Duration.ofMillis(1500));
      assertThat(s.type().windows())
          .containsExactly(Duration.ofHours(1), Duration.ofMinutes(90), Duration.ofDays(7));
    }
  }

  @Test
  void drop_ifExists_parses() throws SQLException {
    assertThat(DdlParser.parse("DROP TABLE IF EXISTS tidal.items"))
        .isEqualTo(new Ddl.DropTable("items", true));
    assertThat(DdlParser.parse("drop signal type VIEW"))
        .isEqualTo(new Ddl.DropSignalType("VIEW", false));
  }

  @Test
  void names_quotedSchemaQualifier_isAccepted_otherSchemasAreNot() throws SQLException {
    Ddl.CreateTable t =
        (Ddl.CreateTable)
            DdlParser.parse(
                "CREATE TABLE \"TIDAL\".\"flyway_schema_history\" (\"installed_rank\" INT NOT NULL, "
                    + "CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\"))");
    assertThat(t.table().name()).isEqualTo("flyway_schema_history");
    assertThat(DdlParser.parse("DROP TABLE \"tidal\".t")).isEqualTo(new Ddl.DropTable("t", false));
    assertState("DROP TABLE \"OTHER\".t", "42601", "position 19");
  }

  @Test
  void badDdl_failsWithStateAndPosition() {
    assertState("CREATE TABLE t (a VARCHAR PRIMARY KEY", "42601", "position 38");
    assertState("CREATE TABLE t (a JSON)", "0A000", "JSON");
    assertState("CREATE TABLE t (a STRINGY)", "42704", "'STRINGY'");
    assertState("CREATE TABLE t (a NUMERIC(30, 2))", "0A000", "30");
    assertState("CREATE TABLE t (a NUMERIC(4, 5))", "42611", "scale 5");
    assertState("CREATE TABLE t (a TEXT(5))", "42611", "TEXT");
    assertState("CREATE TABLE t (a VARCHAR(0))", "42611", "at least 1");
    assertState("CREATE TABLE t (a INTEGER DEFAULT 'x')", "42804", "'a'");
    assertState("CREATE TABLE t (a CHAR(2) DEFAULT 'abc')", "22001", "'a'");
    assertState("CREATE TABLE t (a INTEGER, UNIQUE (b))", "42703", "'b'");
    assertState("CREATE TABLE t (a INTEGER REFERENCES u (id))", "0A000", "REFERENCES");
    assertState(
        "CREATE TABLE t (a INTEGER, FOREIGN KEY (a) REFERENCES u (id))", "0A000", "FOREIGN");
    assertState("CREATE TABLE t (a VARCHAR, b VARCHAR, PRIMARY KEY (a, b))", "42P16", "2 columns");
    assertState("CREATE TABLE t (a VARCHAR, PRIMARY KEY (b))", "42S22", "'b'");
    assertState("CREATE TRIGGER tr AFTER INSERT ON t", "0A000", "CREATE TRIGGER");
    assertState(
        "CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL '1' YEAR) WINDOW (INTERVAL '1' DAY)",
        "42601",
        "year-month");
    assertState(
        "CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL 'x' HOUR) WINDOW (INTERVAL '1' DAY)",
        "42601",
        "'x'");
    assertState(
        "CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL '-1' HOUR) WINDOW (INTERVAL '1' DAY)",
        "22023",
        "positive");
    assertState("CREATE TABLE 1abc (a VARCHAR)", "42601", "table name");
    assertState("CREATE TABLE t (a VARCHAR) extra", "42601", "end of statement");
    assertState("CREATE TABLE t (a VARCHAR, 'unterminated", "42601", "unterminated");
  }

  @Test
  void createTable_issue16Types_keepDeclaredNameAndSize() throws SQLException {
    Ddl.CreateTable c =
        (Ddl.CreateTable)
            DdlParser.parse(
                "CREATE TABLE t (name TEXT, price FLOAT,"
                    + " qty SMALLINT, code CHAR(3), note VARCHAR(200), amount NUMERIC(10,2), r REAL, "
                    + "c CHARACTER, cv CHARACTER VARYING(7), n NUMERIC(5), x CLOB, d DOUBLE PRECISION, "
                    + "t TINYINT, i INT)");
    List<Column> cols = c.table().columns();
    assertThat(cols)
        .extracting(Column::type)
        .containsExactly(
            ColumnType.VARCHAR,
            ColumnType.DOUBLE,
            ColumnType.INTEGER,
            ColumnType.VARCHAR,
            ColumnType.VARCHAR,
            ColumnType.DECIMAL,
            ColumnType.DOUBLE,
            ColumnType.VARCHAR,
            ColumnType.VARCHAR,
            ColumnType.DECIMAL,
            ColumnType.VARCHAR,
            ColumnType.DOUBLE,
            ColumnType.INTEGER,
            ColumnType.INTEGER);
    assertThat(cols)
        .extracting(Column::declaredType)
        .containsExactly(
            "TEXT",
            "FLOAT",
            "SMALLINT",
            "CHAR",
            "VARCHAR",
            "NUMERIC",
            "REAL",
            "CHAR",
            "VARCHAR",
            "NUMERIC",
            "CLOB",
            "DOUBLE",
            "TINYINT",
            "INTEGER");
    assertThat(cols)
        .extracting(Column::length)
        .containsExactly(-1, -1, -1, 3, 200, 10, -1, 1, 7, 5, -1, -1, -1, -1);
    assertThat(cols)
        .extracting(Column::scale)
        .containsExactly(-1, -1, -1, -1, -1, 2, -1, -1, -1, 0, -1, -1, -1, -1);
  }

  @Test
  void createTable_constraints_columnAndTableForms() throws SQLException {
    Ddl.CreateTable c =
        (Ddl.CreateTable)
            DdlParser.parse(
                "CREATE TABLE t (id INTEGER, "
                    + "a VARCHAR NOT NULL DEFAULT 'it''s' UNIQUE, b INTEGER DEFAULT -5, "
                    + "ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP, d DATE DEFAULT DATE '2026-01-02', "
                    + "f BOOLEAN DEFAULT TRUE, x INTEGER, y INTEGER, "
                    + "CONSTRAINT pk PRIMARY KEY (id), UNIQUE (x, y), CONSTRAINT ub UNIQUE (b))");
    EntityTable t = c.table();
    assertThat(t.keyIndex()).isEqualTo(0);
    assertThat(t.keyType()).isEqualTo(ColumnType.BIGINT);
    assertThat(t.columns().get(1).nullable()).isFalse();
    assertThat(t.columns())
        .extracting(Column::defaultSql)
        .containsExactly(
            null, "'it''s'", "-5", "CURRENT_TIMESTAMP", "DATE '2026-01-02'", "TRUE", null, null);
    assertThat(t.uniqueKeys()).containsExactly(List.of(1), List.of(2), List.of(6, 7));
  }

  @Test
  void statementKind_routesByFirstWord() {
    assertThat(StatementKind.of("  -- c\n /* x */ (SELECT 1)")).isEqualTo(StatementKind.QUERY);
    assertThat(StatementKind.of("insert into t values (1)")).isEqualTo(StatementKind.INSERT);
    assertThat(StatementKind.of("Drop table t")).isEqualTo(StatementKind.DDL);
    assertThat(StatementKind.of("MERGE INTO t")).isEqualTo(StatementKind.UNSUPPORTED);
    assertThat(StatementKind.of("SELEC 1")).isEqualTo(StatementKind.QUERY);
  }

  @Test
  void sqlStates_everyErrorCodeHasAState() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(SqlStates.of(c)).as(c.name()).hasSize(5);
    }
  }

  private static void assertState(String sql, String state, String text) {
    assertThatThrownBy(() -> DdlParser.parse(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(text)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
  }
}
