package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DriverSmokeTest {

  @Test
  void endToEnd_memDatabase_worksThroughDriverManager() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:smoke1");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, n INTEGER, created_at TIMESTAMP)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY) "
              + "WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY)");
      assertThat(
              s.executeUpdate(
                  "INSERT INTO items VALUES ('i1', 'Hello', 1, TIMESTAMP '2026-11-01 10:00:00')"))
          .isEqualTo(1);
      assertThat(
              s.executeUpdate(
                  "INSERT INTO items VALUES ('i2', 'World', 2, TIMESTAMP '2026-11-01 11:00:00'), ('i3', 'x', 3, NULL)"))
          .isEqualTo(2);
      assertThat(
              s.executeUpdate(
                  "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', 'i1', 1.0, TIMESTAMP '2026-11-01 12:00:00')"))
          .isEqualTo(1);
      assertThat(
              s.executeUpdate(
                  "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', 'i1', 2.0, TIMESTAMP '2026-11-01 12:00:00')"))
          .isEqualTo(1);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, title, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, TIMESTAMP '2026-11-01 13:00:00') AS hot FROM items ORDER BY id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("i1");
        assertThat(rs.getDouble(3)).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
      }
      try (ResultSet rs = s.executeQuery("SELECT created_at FROM items WHERE id = 'i1'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getTimestamp(1).toLocalDateTime().toString()).isEqualTo("2026-11-01T10:00");
        assertThat(rs.getString(1)).startsWith("2026-11-01 10:00:00");
      }
      assertThat(s.executeUpdate("UPDATE items SET n = n + 10 WHERE id <> 'i3'")).isEqualTo(2);
      try (ResultSet rs = s.executeQuery("SELECT SUM(n) FROM items")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(26);
      }
      assertThat(s.executeUpdate("DELETE FROM items WHERE id = 'i3'")).isEqualTo(1);
      try (PreparedStatement ps = c.prepareStatement("SELECT title FROM items WHERE id = ?")) {
        ps.setString(1, "i2");
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("World");
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO signals (signal_type, entity_id, ts) VALUES (?, ?, ?)")) {
        for (int i = 0; i < 10; i++) {
          ps.setString(1, "view");
          ps.setString(2, "i2");
          ps.setObject(3, java.time.LocalDateTime.parse("2026-11-01T12:00:00"));
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).hasSize(10).containsOnly(1);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT WINDOWED_COUNT('i2', 'view', INTERVAL '1' DAY, TIMESTAMP '2026-11-01 13:00:00')")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(10);
      }
      assertThatThrownBy(
              () -> s.executeQuery("SELECT DECAY_SCORE('i1', 'nosuch', INTERVAL '1' HOUR)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("nosuch");
      assertThatThrownBy(
              () -> s.executeQuery("SELECT DECAY_SCORE('i1', 'view', INTERVAL '2' HOUR)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("2h");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO items VALUES ('i1', 'dup', 1, NULL)"))
          .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class);
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO items (id, title) VALUES ('t1', 'tx')");
      c.rollback();
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items WHERE id = 't1'")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
      s.executeUpdate("INSERT INTO items (id, title) VALUES ('t2', 'tx')");
      c.commit();
      c.setAutoCommit(true);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(3);
      }
    }
  }
}
