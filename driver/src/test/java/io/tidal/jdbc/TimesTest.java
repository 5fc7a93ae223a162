package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic fast path of {@link Times#toUtc(Timestamp)} and {@link Times#millis} (instant plus
 * the zone's offset) against the calendar path it replaces ({@code Timestamp.toLocalDateTime()}
 * read as UTC), in zones with DST gaps and overlaps, half-hour and historical offsets, for instants
 * from the Julian calendar to the year 9999.
 */
class TimesTest {
  private static final String[] ZONES = {
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Africa/Monrovia",
    "Europe/Amsterdam",
    "Asia/Kathmandu"
  };

  @Test
  void fastPath_equalsCalendarPath_inEveryZone() {
    long seed = Seeds.seed("TimesTest");
    Random r = new Random(seed);
    TimeZone saved = TimeZone.getDefault();
    try {
      for (String zone : ZONES) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        for (int i = 0; i < 20_000; i++) {
          Timestamp t = new Timestamp(instant(r));
          if (r.nextBoolean()) {
            t.setNanos(r.nextInt(1_000_000_000));
          }
          Timestamp expected = Times.ofUtcWallClock(Times.localDateTimeOf(t));
          String what = zone + " " + t.getTime() + "/" + t.getNanos() + " seed " + seed;
          assertThat(Times.toUtc(t)).as(what).isEqualTo(expected);
          assertThat(Times.millis(t)).as(what).isEqualTo(expected.getTime());
        }
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void valueOfLocalDateTime_roundTripsOutsideGaps() {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
      LocalDateTime ldt = LocalDateTime.of(2026, 11, 1, 1, 30, 15, 123_456_789); // DST overlap
      Timestamp utc = Times.toUtc(Timestamp.valueOf(ldt));
      assertThat(Times.wallClock(utc)).isEqualTo(ldt);
      LocalDateTime old = LocalDateTime.of(1000, 2, 3, 4, 5, 6); // Julian: the calendar path
      assertThat(Times.wallClock(Times.toUtc(Timestamp.valueOf(old)))).isEqualTo(old);
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void julianLeapDay_ofAnIsoCommonYear_readsAsFirstOfMarch() throws Exception {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      @SuppressWarnings("deprecation") // the only way to name a Julian date
      Timestamp leap = new Timestamp(100 - 1900, 1, 29, 12, 30, 0, 5_000_000);
      @SuppressWarnings("deprecation")
      java.sql.Date leapDay = new java.sql.Date(1500 - 1900, 1, 29);
      assertThat(Times.localDateTimeOf(leap))
          .isEqualTo(LocalDateTime.of(100, 3, 1, 12, 30, 0, 5_000_000));
      assertThat(Times.toUtc(leap))
          .isEqualTo(Times.ofUtcWallClock(LocalDateTime.of(100, 3, 1, 12, 30, 0, 5_000_000)));
      assertThat(Times.localDate(Times.toUtc(leapDay))).isEqualTo(LocalDate.of(1500, 3, 1));
      // the day before and after still read by their fields
      @SuppressWarnings("deprecation")
      Timestamp before = new Timestamp(100 - 1900, 1, 28, 0, 0, 0, 0);
      assertThat(Times.localDateTimeOf(before)).isEqualTo(LocalDateTime.of(100, 2, 28, 0, 0));
      try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:julian");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE ev (id INT PRIMARY KEY, t TIMESTAMP, d DATE)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev VALUES (1, ?, ?)")) {
          ps.setTimestamp(1, leap);
          ps.setDate(2, leapDay);
          ps.executeUpdate();
        }
        try (ResultSet rs = s.executeQuery("SELECT t, d FROM ev")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getObject(1, LocalDateTime.class))
              .isEqualTo(LocalDateTime.of(100, 3, 1, 12, 30, 0, 5_000_000));
          assertThat(rs.getTimestamp(1).toLocalDateTime())
              .isEqualTo(LocalDateTime.of(100, 3, 1, 12, 30, 0, 5_000_000));
          assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(LocalDate.of(1500, 3, 1));
        }
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void timesBeyondALongOfMillis_areSqlExceptions_andTheDatabaseGoesOn() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:extremes");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ev (id INT PRIMARY KEY, t TIMESTAMP, d DATE)");
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' HOUR)");
      Object[] bad = {
        LocalDateTime.MAX,
        LocalDateTime.MIN,
        LocalDate.MAX,
        LocalDate.MIN,
        java.time.Instant.MAX,
        java.time.Instant.MIN
      };
      try (PreparedStatement row = c.prepareStatement("INSERT INTO ev VALUES (1, ?, ?)");
          PreparedStatement sig =
              c.prepareStatement(
                  "INSERT INTO signals (signal_type, entity_id, ts) VALUES ('view', 'a', ?)")) {
        for (Object v : bad) {
          boolean date = v instanceof LocalDate;
          rejected(
              "row " + v,
              () -> {
                row.setObject(date ? 1 : 2, null);
                row.setObject(date ? 2 : 1, v);
                row.executeUpdate();
              });
          rejected(
              "signal " + v,
              () -> {
                sig.setObject(1, v);
                sig.executeUpdate();
              });
          rejected(
              "batch " + v,
              () -> {
                sig.setObject(1, v);
                sig.addBatch();
                sig.executeBatch();
              });
          sig.clearBatch();
        }
        row.setObject(1, LocalDateTime.of(2026, 11, 27, 1, 2, 3));
        row.setObject(2, LocalDate.of(2026, 11, 27));
        assertThat(row.executeUpdate()).isEqualTo(1);
        sig.setObject(1, LocalDateTime.of(2026, 11, 27, 1, 2, 3));
        assertThat(sig.executeUpdate()).isEqualTo(1);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ev")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM signals")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }

  private interface Jdbc {
    void run() throws SQLException;
  }

  /** {@code body} fails, at a setter or at execution, with a data exception (SQLState 22xxx). */
  private static void rejected(String what, Jdbc body) {
    assertThatThrownBy(body::run)
        .as(what)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(what).startsWith("22"));
  }

  /** Instants spread over every era, with extra weight near DST transitions of recent years. */
  private static long instant(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> -62_135_596_800_000L + (long) (r.nextDouble() * 315_537_897_599_000L); // 1..9999
      case 1 -> -12_219_292_800_000L + r.nextInt(400) * 86_400_000L - 200 * 86_400_000L; // cutover
      case 2 -> 1_700_000_000_000L + (long) (r.nextDouble() * 400 * 86_400_000L); // 2023..2025
      default -> (long) (r.nextGaussian() * 3e12); // around 1970
    };
  }
}
