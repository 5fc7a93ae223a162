package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Exact arithmetic overflow fails with 22003 and changes nothing (it wrapped around silently before:
 * a wrong answer the SQL fuzz found). Arithmetic in range, and on DOUBLE, is unchanged.
 */
class CheckedArithmeticTest {

  private static void assertOverflow(Statement s, String sql) {
    assertThatThrownBy(
            () -> {
              try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                  rs.getObject(1);
                }
              }
            })
        .as(sql)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("22003"));
  }

  @Test
  void overflow_failsWith22003_andTheRowIsUnchanged() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:checked1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER, b BIGINT, d DOUBLE)");
      s.executeUpdate("INSERT INTO t VALUES ('max', 2147483647, 9223372036854775807, 1e308)");
      s.executeUpdate("INSERT INTO t VALUES ('one', 1, 1, 1.0)");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE t SET n = n + 1 WHERE id = 'max'"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
      try (PreparedStatement ps = c.prepareStatement("UPDATE t SET b = b * ? WHERE id = ?")) {
        ps.setLong(1, 2);
        ps.setString(2, "max");
        assertThatThrownBy(ps::executeUpdate)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
      }
      assertOverflow(s, "SELECT n + 1 FROM t WHERE id = 'max'");
      assertOverflow(s, "SELECT b + 1 FROM t WHERE id = 'max'");
      assertOverflow(s, "SELECT -b - 2 FROM t WHERE id = 'max'");
      try (ResultSet rs = s.executeQuery("SELECT n, b FROM t WHERE id = 'max'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
      }
      assertThat(s.executeUpdate("UPDATE t SET n = n + 1, b = b * 3 WHERE id = 'one'"))
          .isEqualTo(1);
      try (ResultSet rs = s.executeQuery("SELECT n, b, d * 10, n - 3 FROM t WHERE id = 'one'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.getLong(2)).isEqualTo(3);
        assertThat(rs.getDouble(3)).isEqualTo(10.0);
        assertThat(rs.getInt(4)).isEqualTo(-1);
      }
      try (ResultSet rs = s.executeQuery("SELECT d * 10 FROM t WHERE id = 'max'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getDouble(1)).isInfinite(); // DOUBLE follows IEEE 754, not checked
      }
    }
  }
}
