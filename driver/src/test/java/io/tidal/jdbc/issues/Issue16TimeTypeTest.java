package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16: the TIME type (a time of day, millisecond precision, no zone). Values written as
 * literals, prepared LocalTime / String / java.sql.Time binds, read back, compared, ordered and
 * indexed, against a TreeMap model, and kept across reopen.
 */
class Issue16TimeTypeTest {

  @TempDir Path dir;

  @Test
  void timeColumn_roundTripsComparesAndSurvivesReopen() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("Issue16TimeTypeTest seed " + seed);
    Random random = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    TreeMap<Long, LocalTime> model = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE shifts (id BIGINT PRIMARY KEY, starts TIME NOT NULL, "
              + "ends TIME(3) WITHOUT TIME ZONE DEFAULT TIME '17:00:00')");
      s.execute("CREATE INDEX shifts_by_start ON shifts (starts)");
      s.executeUpdate("INSERT INTO shifts (id, starts) VALUES (0, TIME '08:30:00')");
      model.put(0L, LocalTime.of(8, 30));
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO shifts (id, starts) VALUES (?, ?)")) {
        for (long id = 1; id <= 40; id++) {
          LocalTime t = LocalTime.ofNanoOfDay(random.nextInt(86_400_000) * 1_000_000L);
          p.setLong(1, id);
          switch ((int) (id % 2)) {
            case 0 -> p.setObject(2, t);
            default -> p.setString(2, t.toString());
          }
          assertThat(p.executeUpdate()).isEqualTo(1);
          model.put(id, t);
        }
      }
      check(c, model);
      assertThatThrownBy(
              () -> s.executeUpdate("INSERT INTO shifts (id, starts) VALUES (99, 'noon')"))
          .isInstanceOf(SQLException.class);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      check(c, model);
      try (ResultSet rs = c.getMetaData().getColumns(null, "TIDAL", "SHIFTS", "%")) {
        List<String> cols = new ArrayList<>();
        while (rs.next()) {
          cols.add(
              rs.getString("COLUMN_NAME")
                  + " "
                  + rs.getString("TYPE_NAME")
                  + " "
                  + rs.getInt("DATA_TYPE")
                  + " "
                  + rs.getString("COLUMN_DEF"));
        }
        assertThat(cols)
            .containsExactly(
                "ID BIGINT -5 null", "STARTS TIME 92 null", "ENDS TIME 92 TIME '17:00:00'");
      }
    }
  }

  @Test
  void javaSqlTime_keepsItsWallClock_inAZoneOtherThanUtc() throws Exception {
    java.util.TimeZone before = java.util.TimeZone.getDefault();
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16timezone");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, at_time TIME)");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        p.setLong(1, 1);
        p.setTime(2, java.sql.Time.valueOf("08:30:15"));
        p.executeUpdate();
        p.setLong(1, 2);
        p.setObject(2, java.sql.Time.valueOf("23:59:59"));
        p.executeUpdate();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, at_time, CAST(at_time AS VARCHAR(20)) FROM t "
                  + "WHERE at_time > TIME '08:00:00' ORDER BY id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getTime(2).toString()).isEqualTo("08:30:15");
        assertThat(rs.getObject(2).toString()).isEqualTo("08:30:15");
        assertThat(rs.getObject(2, LocalTime.class)).isEqualTo(LocalTime.of(8, 30, 15));
        assertThat(rs.getString(3)).isEqualTo("08:30:15");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getTime(2).toString()).isEqualTo("23:59:59");
        assertThat(rs.next()).isFalse();
      }
    } finally {
      java.util.TimeZone.setDefault(before);
    }
  }

  private static void check(Connection c, TreeMap<Long, LocalTime> model) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, starts, ends FROM shifts ORDER BY id")) {
      assertThat(rs.getMetaData().getColumnType(2)).isEqualTo(Types.TIME);
      for (var e : model.entrySet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(e.getKey());
        assertThat(rs.getObject(2, LocalTime.class))
            .as("id %d", e.getKey())
            .isEqualTo(e.getValue());
        assertThat(rs.getObject(3, LocalTime.class)).isEqualTo(LocalTime.of(17, 0));
      }
      assertThat(rs.next()).isFalse();
    }
    LocalTime noon = LocalTime.NOON;
    List<Long> expected =
        model.entrySet().stream()
            .filter(e -> e.getValue().isBefore(noon))
            .sorted(java.util.Map.Entry.comparingByValue())
            .map(java.util.Map.Entry::getKey)
            .toList();
    try (PreparedStatement p =
        c.prepareStatement("SELECT id FROM shifts WHERE starts < ? ORDER BY starts, id")) {
      p.setObject(1, noon);
      List<Long> got = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          got.add(rs.getLong(1));
        }
      }
      assertThat(got).isEqualTo(expected);
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM shifts WHERE starts < TIME '12:00:00'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(expected.size());
    }
  }
}
