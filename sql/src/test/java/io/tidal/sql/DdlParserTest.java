package io.tidal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.schema.ColumnType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlParserTest {

  @Test
  void createTable_columnAndTableLevelKeys_parse() throws SQLException {
    Ddl.CreateTable a = (Ddl.CreateTable) DdlParser.parse(
        "CREATE TABLE items (id VARCHAR(20) PRIMARY KEY, n INT NOT NULL, p NUMERIC(10, 2), "
            + "d DOUBLE PRECISION, t TIMESTAMP WITHOUT TIME ZONE, day DATE, b BOOLEAN);");
    assertThat(a.table().name()).isEqualTo("items");
    assertThat(a.table().keyIndex()).isZero();
    assertThat(a.table().columns()).extracting(c -> c.type()).containsExactly(ColumnType.VARCHAR,
        ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DOUBLE, ColumnType.TIMESTAMP,
        ColumnType.DATE, ColumnType.BOOLEAN);
    assertThat(a.table().columns().get(1).nullable()).isFalse();
    Ddl.CreateTable b = (Ddl.CreateTable) DdlParser.parse(
        "create table if not exists Users (name varchar, uid bigint, constraint pk primary key (UID))");
    assertThat(b.ifNotExists()).isTrue();
    assertThat(b.table().keyIndex()).isEqualTo(1);
    Ddl.CreateTable k = (Ddl.CreateTable) DdlParser.parse(
        "CREATE TABLE t1 (a1 INTEGER PRIMARY KEY, b1 INT, x1 VARCHAR(40))");
    assertThat(k.table().columns()).extracting(col -> col.type()).containsExactly(
        ColumnType.BIGINT, ColumnType.INTEGER, ColumnType.VARCHAR);
    assertThat(k.table().keyIndex()).isZero();
    Ddl.CreateTable c = (Ddl.CreateTable) DdlParser.parse("CREATE TABLE log (line VARCHAR)");
    assertThat(c.table().hasPrimaryKey()).isFalse();
  }

  @Test
  void createSignalType_reservedWordNamesAndIntervalForms_parse() throws SQLException {
    for (String name : List.of("view", "like", "share", "user", "\"select\"")) {
      Ddl.CreateSignalType s = (Ddl.CreateSignalType) DdlParser.parse("CREATE OR REPLACE SIGNAL TYPE "
          + name + " ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1:30' HOUR TO MINUTE, "
          + "INTERVAL '1 12' DAY TO HOUR, INTERVAL '1.5' SECOND) WINDOW (INTERVAL '7' DAY, "
          + "INTERVAL '90' MINUTE, INTERVAL '0 01:00:00' DAY TO SECOND)");
      assertThat(s.orReplace()).isTrue();
      assertThat(s.type().halfLives()).containsExactly(Duration.ofHours(1), Duration.ofMinutes(90),
          Duration.ofHours(36), Duration.ofMillis(1500));
      assertThat(s.type().windows()).containsExactly(Duration.ofHours(1), Duration.ofMinutes(90),
          Duration.ofDays(7));
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
  void badDdl_failsWithStateAndPosition() {
    assertState("CREATE TABLE t (a VARCHAR PRIMARY KEY", "42601", "position 38");
    assertState("CREATE TABLE t (a FLOAT)", "0A000", "FLOAT");
    assertState("CREATE TABLE t (a VARCHAR, b VARCHAR, PRIMARY KEY (a, b))", "42P16", "2 columns");
    assertState("CREATE TABLE t (a VARCHAR, PRIMARY KEY (b))", "42S22", "'b'");
    assertState("CREATE VIEW v AS SELECT 1", "0A000", "CREATE VIEW");
    assertState("CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL '1' YEAR) WINDOW (INTERVAL '1' DAY)",
        "42601", "year-month");
    assertState("CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL 'x' HOUR) WINDOW (INTERVAL '1' DAY)",
        "42601", "'x'");
    assertState("CREATE SIGNAL TYPE v ON t HALF_LIFE (INTERVAL '-1' HOUR) WINDOW (INTERVAL '1' DAY)",
        "22023", "positive");
    assertState("CREATE TABLE 1abc (a VARCHAR)", "42601", "table name");
    assertState("CREATE TABLE t (a VARCHAR) extra", "42601", "end of statement");
    assertState("CREATE TABLE t (a VARCHAR, 'unterminated", "42601", "unterminated");
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
    assertThatThrownBy(() -> DdlParser.parse(sql)).as(sql).isInstanceOf(SQLException.class)
        .hasMessageContaining(text)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
  }
}
