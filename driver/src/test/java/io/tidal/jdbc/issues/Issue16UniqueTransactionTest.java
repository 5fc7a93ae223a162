package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #16: UNIQUE inside a multi-statement transaction. Two inserts of one value in a transaction
 * (column UNIQUE, table UNIQUE, UNIQUE index, primary key): where the second one fails, and that
 * the database then holds exactly the committed rows.
 */
class Issue16UniqueTransactionTest {

  @ParameterizedTest
  @ValueSource(strings = {"column", "index", "key"})
  void sameValueTwiceInOneTransaction_secondStatementFails23505_commitKeepsTheFirst(String kind)
      throws Exception {
    String url = "jdbc:tidal:mem:i16utx" + kind;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      switch (kind) {
        case "column" -> s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10) UNIQUE)");
        case "index" -> {
          s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10))");
          s.execute("CREATE UNIQUE INDEX t_v ON t (v)");
        }
        default -> s.execute("CREATE TABLE t (v VARCHAR(10) PRIMARY KEY, id BIGINT)");
      }
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO t (id, v) VALUES (1, 'a')");
      SQLException second = null;
      try {
        s.executeUpdate("INSERT INTO t (id, v) VALUES (2, 'a')");
      } catch (SQLException e) {
        second = e;
      }
      assertThat((Object) second).as("the second insert of a in the transaction").isNotNull();
      assertThat(second.getSQLState()).isEqualTo("23505");
      s.executeUpdate("INSERT INTO t (id, v) VALUES (3, 'b')");
      c.commit();
      c.setAutoCommit(true);
      assertThat(rows(s, "SELECT id, v FROM t ORDER BY id")).containsExactly("1|a", "3|b");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"column", "index", "key"})
  void twoTransactionsTakingOneValue_theSecondToCommitFails23505(String kind) throws Exception {
    String url = "jdbc:tidal:mem:i16utx2" + kind;
    try (Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(url);
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      switch (kind) {
        case "column" -> sa.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10) UNIQUE)");
        case "index" -> {
          sa.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(10))");
          sa.execute("CREATE UNIQUE INDEX t_v ON t (v)");
        }
        default -> sa.execute("CREATE TABLE t (v VARCHAR(10) PRIMARY KEY, id BIGINT)");
      }
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      sa.executeUpdate("INSERT INTO t (id, v) VALUES (1, 'a')");
      sb.executeUpdate("INSERT INTO t (id, v) VALUES (2, 'a')");
      a.commit();
      assertThatThrownBy(b::commit)
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
      b.rollback();
      a.setAutoCommit(true);
      assertThat(rows(sa, "SELECT id, v FROM t ORDER BY id")).containsExactly("1|a");
    }
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    return out;
  }
}
