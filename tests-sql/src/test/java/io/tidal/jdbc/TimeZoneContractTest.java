package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 3, time: TIMESTAMP is TIMESTAMP WITHOUT TIME ZONE holding UTC wall-clock time,
 * in any JVM zone. Surefire runs this class twice: in the build's zone and under
 * {@code -Duser.timezone=America/New_York}.
 */
class TimeZoneContractTest {
  private static final LocalDateTime LDT = LocalDateTime.parse("2026-11-01T10:00:00.123");

  @Test
  void timestamps_roundTripByWallClock_inAnyJvmZone() throws Exception {
    System.out.println("[tz] JVM default zone: " + TimeZone.getDefault().getID());
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:tz1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ev (id BIGINT PRIMARY KEY, t TIMESTAMP, d DATE)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev VALUES (?, ?, ?)")) {
        ps.setInt(1, 1);
        ps.setTimestamp(2, Timestamp.valueOf(LDT));
        ps.setDate(3, java.sql.Date.valueOf(LDT.toLocalDate()));
        ps.executeUpdate();
        ps.setInt(1, 2);
        ps.setObject(2, LDT);
        ps.setObject(3, LDT.toLocalDate());
        ps.executeUpdate();
        ps.setInt(1, 3);
        ps.setObject(2, LDT.toInstant(ZoneOffset.UTC));
        ps.setObject(3, null);
        ps.executeUpdate();
        ps.setInt(1, 4);
        ps.setObject(2, OffsetDateTime.of(LDT.plusHours(2), ZoneOffset.ofHours(2)));
        ps.setObject(3, null);
        ps.executeUpdate();
      }
      s.executeUpdate(
          "INSERT INTO ev VALUES (5, TIMESTAMP '2026-11-01 10:00:00.123', DATE '2026-11-01')");
      try (ResultSet rs =
          s.executeQuery("SELECT id, t, d, CAST(t AS VARCHAR) FROM ev ORDER BY id")) {
        for (int id = 1; id <= 5; id++) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(id);
          assertThat(rs.getTimestamp(2).toLocalDateTime()).as("row " + id).isEqualTo(LDT);
          assertThat(rs.getObject(2, LocalDateTime.class)).as("row " + id).isEqualTo(LDT);
          assertThat(((Timestamp) rs.getObject(2)).toLocalDateTime()).isEqualTo(LDT);
          assertThat(rs.getObject(2, Instant.class)).isEqualTo(LDT.toInstant(ZoneOffset.UTC));
          assertThat(rs.getString(2)).isEqualTo("2026-11-01 10:00:00.123");
          if (id == 1 || id == 2 || id == 5) {
            assertThat(rs.getDate(3).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 1));
            assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2026, 11, 1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM ev WHERE t = ?")) {
        ps.setTimestamp(1, Timestamp.valueOf(LDT));
        try (ResultSet rs = ps.executeQuery()) {
          int n = 0;
          while (rs.next()) {
            n++;
          }
          assertThat(n).isEqualTo(5);
        }
      }
      // CURRENT_TIMESTAMP is now in UTC
      LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1);
      try (ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
        rs.next();
        LocalDateTime now = rs.getTimestamp(1).toLocalDateTime();
        assertThat(Duration.between(before, now).abs()).isLessThan(Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void signals_tsParameter_isStoredByWallClock() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:tz2");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO signals (signal_type, entity_id, ts) VALUES (?, ?, ?)")) {
        ps.setString(1, "view");
        ps.setString(2, "a");
        ps.setTimestamp(3, Timestamp.valueOf(LDT));
        ps.executeUpdate();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT ts, DECAY_SCORE('a', 'view', INTERVAL '1' HOUR, "
                  + "TIMESTAMP '2026-11-01 11:00:00.123') FROM signals")) {
        rs.next();
        assertThat(rs.getTimestamp(1).toLocalDateTime()).isEqualTo(LDT);
        assertThat(rs.getDouble(2)).isEqualTo(0.5);
      }
      // a parameter `at`, inside an expression: the same wall clock, whatever the JVM zone
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT entity_id, DECAY_SCORE(entity_id, "
                  + "'view', INTERVAL '1' HOUR, ?) * 1 FROM signals")) {
        for (Object at :
            new Object[] {
              Timestamp.valueOf(LDT.plusHours(1)),
              LDT.plusHours(1),
              LDT.plusHours(1).toInstant(ZoneOffset.UTC)
            }) {
          ps.setObject(1, at);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(2)).as(at.getClass().getSimpleName()).isEqualTo(0.5);
          }
        }
      }
    }
  }
}
