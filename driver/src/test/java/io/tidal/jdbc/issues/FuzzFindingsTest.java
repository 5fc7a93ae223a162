package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Regression tests for bugs the SQL fuzz (tests-sql SqlFuzzTest) found; docs/CONFORMANCE.md. */
class FuzzFindingsTest {

  /** Fuzz finding 1: a Long bound to an INTEGER column wrapped around silently. */
  @Test
  void insert_integerOutOfRange_isRefusedNotWrapped() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER, b BIGINT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
        ps.setString(1, "a");
        ps.setLong(3, 1);
        assertThatThrownBy(() -> ps.setObject(2, 2_147_483_648L))
            .isInstanceOf(SQLDataException.class)
            .hasMessageContaining("2147483648")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
        assertThatThrownBy(() -> ps.setLong(2, -2_147_483_649L))
            .isInstanceOf(SQLDataException.class);
        ps.setLong(2, 2_147_483_647L);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES ('b', 9223372036854775807, 1)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("22"));
      try (PreparedStatement ps = c.prepareStatement("UPDATE t SET n = ? WHERE id = ?")) {
        assertThatThrownBy(() -> ps.setObject(1, 4_294_967_296L))
            .isInstanceOf(SQLDataException.class);
      }
      try (ResultSet rs = s.executeQuery("SELECT id, n FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("a");
        assertThat(rs.getLong(2)).isEqualTo(2_147_483_647L);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  /** Fuzz finding 2: a plain INSERT with TIMESTAMP '2026-02-30 ...' stored February 28. */
  @Test
  void insert_impossibleDate_isRefusedNotClamped() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz3");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, ts TIMESTAMP, d DATE)");
      assertThatThrownBy(() -> s.executeUpdate(
          "INSERT INTO t VALUES ('a', TIMESTAMP '2026-02-30 10:00:00', NULL)"))
          .isInstanceOf(SQLException.class).hasMessageContaining("2026-02-30");
      assertThatThrownBy(() -> s.executeUpdate(
          "INSERT INTO t VALUES ('b', NULL, DATE '2026-02-30')"))
          .isInstanceOf(SQLException.class).hasMessageContaining("2026-02-30");
      assertThat(s.executeUpdate("INSERT INTO t VALUES ('c', TIMESTAMP '2024-02-29 10:00:00',"
          + " DATE '2024-02-29')")).isEqualTo(1);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }

  /** The plan cache of a plain Statement: repeats are served, failures stay failures, DDL resets. */
  @Test
  void plainStatement_repeatedText_usesCachedPlanAndCachedFailure() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:fuzz2");
        Statement s = c.createStatement()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> s.executeQuery("SELECT n FROM t"))
            .isInstanceOf(SQLSyntaxErrorException.class).hasMessageContaining("'T' not found");
      }
      s.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER)");
      try (ResultSet rs = s.executeQuery("SELECT n FROM t")) {
        assertThat(rs.next()).as("the cached failure is forgotten after DDL").isFalse();
      }
      s.executeUpdate("INSERT INTO t VALUES ('a', 1)");
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = s.executeQuery("SELECT n FROM t")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(1 + i);
          assertThat(rs.getStatement()).isSameAs(s);
        }
        s.executeUpdate("UPDATE t SET n = n + 1");
      }
    }
  }
}
