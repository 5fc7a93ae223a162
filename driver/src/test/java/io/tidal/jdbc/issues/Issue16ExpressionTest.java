package io.tidal.jdbc.issues;

import static io.tidal.jdbc.issues.QueryRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #16, expressions from SQLite's sqllogictest corpus that failed (XX000 or refused). */
class Issue16ExpressionTest {

  @Test
  void nullArithmetic_isNull() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16null");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tab0 (col0 INTEGER, col1 INTEGER, col2 DOUBLE)");
      s.executeUpdate("INSERT INTO tab0 VALUES (1, 2, 3.0)");
      for (String e :
          List.of(
              "1 / NULL",
              "NULL / col0",
              "col0 / NULL",
              "NULL * col1",
              "- NULL / col0",
              "NULL + NULL",
              "NULL / NULL",
              "col2 / NULL",
              "- CAST(NULL AS INTEGER) / 21 * 55",
              "- 40 + - + CAST ( NULL AS INTEGER ) * 96 / - 67 * + ( + 33 )",
              "NULL / 2 * col0",
              "CAST(NULL AS INTEGER) / col0",
              "+ NULL / - col1",
              "ABS(NULL / col0)")) {
        assertThat(rows(s, "SELECT " + e + " FROM tab0")).as(e).containsExactly("null");
      }
      assertThat(rows(s, "SELECT 1 / NULL")).containsExactly("null");
      assertThat(
              rows(
                  s,
                  "SELECT (1 + 2) * col0, col0 * (5 - 1), - (1 + 2) * col0, (7 / 2) * col1 "
                      + "FROM tab0"))
          .containsExactly("3|4|-3|6");
      assertThat(rows(s, "SELECT - CAST(NULL AS INTEGER) / 21 * 55")).containsExactly("null");
      assertThat(rows(s, "SELECT col0 FROM tab0 WHERE NULL / col0 IS NULL")).containsExactly("1");
    }
  }

  @Test
  void emptyInList_isFalseAndNotInIsTrue() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16in");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t1 (x INTEGER, y VARCHAR)");
      s.executeUpdate("INSERT INTO t1 VALUES (1, 'true'), (NULL, 'n')");
      assertThat(rows(s, "SELECT 1 IN ()")).containsExactly("false");
      assertThat(rows(s, "SELECT 1 NOT IN ()")).containsExactly("true");
      assertThat(rows(s, "SELECT x FROM t1 WHERE x IN ()")).isEmpty();
      assertThat(rows(s, "SELECT y FROM t1 WHERE x NOT IN () ORDER BY y"))
          .containsExactly("n", "true");
      assertThat(rows(s, "SELECT NULL IN ()")).containsExactly("false");
      assertThat(rows(s, "SELECT y FROM t1 WHERE y IN ('()') ")).isEmpty();
      assertThat(rows(s, "SELECT 'IN ()' FROM t1 WHERE x IN (1)")).containsExactly("IN ()");
      assertThat(s.executeUpdate("UPDATE t1 SET y = 'u' WHERE x NOT IN ()")).isEqualTo(2);
      assertThat(s.executeUpdate("DELETE FROM t1 WHERE y IN ()")).isEqualTo(0);
      assertThat(rows(s, "SELECT COUNT(*) FROM t1 WHERE y = 'u'")).containsExactly("2");
    }
  }

  @Test
  void groupBy_selectRepeatsTheGroupedColumnThroughTheTableAlias() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16grp");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tab0 (col0 INTEGER, col1 INTEGER, col2 INTEGER)");
      s.executeUpdate("INSERT INTO tab0 VALUES (1, 2, 3), (4, 5, 3), (7, 8, 9)");
      assertThat(rows(s, "SELECT cor0.col2 FROM tab0 AS cor0 GROUP BY col2 ORDER BY 1"))
          .containsExactly("3", "9");
      assertThat(rows(s, "SELECT col2 FROM tab0 AS cor0 GROUP BY cor0.col2 ORDER BY 1"))
          .containsExactly("3", "9");
      assertThat(
              rows(
                  s,
                  "SELECT cor0.col2, COUNT(*) FROM tab0 cor0 GROUP BY col2 "
                      + "HAVING cor0.col2 > 3"))
          .containsExactly("9|1");
      assertThat(rows(s, "SELECT - cor0.col2 * 2 FROM tab0 AS cor0 GROUP BY col2 ORDER BY 1"))
          .containsExactly("-18", "-6");
    }
  }
}
