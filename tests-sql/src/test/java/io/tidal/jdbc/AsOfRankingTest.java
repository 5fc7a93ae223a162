package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md section 3 (2026-12-07): a ranked query at a past {@code at} returns exactly what scoring
 * every row at that {@code at} returns (ids, order, scores), with {@code at} a literal or a bound
 * parameter, through a close (which checkpoints) and a reopen; an {@code at} before the horizon is a class-22
 * error naming the earliest exact {@code at}. The reference is the list of per-row DECAY_SCORE
 * values of a query without ORDER BY / LIMIT (no top-K plan), ordered in Java.
 */
class AsOfRankingTest {
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final long RETAIN = 3 * DAY;

  record Row(String id, double score) {}

  @Test
  void rankedAtRandomPastAt_equalsScoringEveryRow(@TempDir Path dir) throws Exception {
    long seed = Seeds.seed("AsOfRankingTest.ranked");
    Random rnd = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    long latest = T0;
    int items = 20 + rnd.nextInt(60);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, cat VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY)"
              + " WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY) RETAIN INTERVAL '3' DAY");
      for (int i = 0; i < items; i++) {
        s.executeUpdate(
            "INSERT INTO items VALUES ('i" + i + "', '" + (i % 3 == 0 ? "news" : "misc") + "')");
      }
      latest = insertSignals(c, rnd, items, T0, 1500);
    }
    try (Connection c = DriverManager.getConnection(url)) { // reopened
      latest = Math.max(latest, insertSignals(c, rnd, items, latest - DAY, 800));
      long horizon = latest - RETAIN;
      for (int q = 0; q < 40; q++) {
        long at =
            q == 0 ? latest : horizon + (long) (rnd.nextDouble() * (latest + MINUTE - horizon));
        String hl = rnd.nextBoolean() ? "INTERVAL '1' HOUR" : "INTERVAL '1' DAY";
        int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : items + 5);
        List<Row> want = everyRow(c, hl, at);
        want = want.subList(0, Math.min(k, want.size()));
        String what = "seed " + seed + " at " + text(at) + " " + hl + " k " + k;
        assertThat(ranked(c, hl, at, k, true)).as(what + " (bound ?)").isEqualTo(want);
        assertThat(ranked(c, hl, at, k, false)).as(what + " (literal)").isEqualTo(want);
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "EXPLAIN PLAN FOR SELECT id,"
                      + " DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, TIMESTAMP '"
                      + text(horizon)
                      + "') AS hot"
                      + " FROM items ORDER BY hot DESC LIMIT 5")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).contains("TopKScan").contains("asOf=[index+later]");
      }
      assertThatThrownBy(() -> ranked(c, "INTERVAL '1' HOUR", horizon - 1, 5, true))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
          .hasMessageContaining("earliest exact at is " + text(horizon).replace(".000", ""));
      assertThatThrownBy(() -> everyRow(c, "INTERVAL '1' DAY", horizon - 1))
          .isInstanceOf(java.sql.SQLDataException.class);
    }
  }

  /** Random signals: weights incl. negative, out of order by up to 2 days; returns the latest ts. */
  private static long insertSignals(Connection c, Random rnd, int items, long from, int n)
      throws SQLException {
    long now = from;
    long latest = Long.MIN_VALUE;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        now += rnd.nextInt((int) (10 * MINUTE));
        long t = rnd.nextInt(6) == 0 ? now - (long) (rnd.nextDouble() * 2 * DAY) : now;
        double w = rnd.nextInt(5) == 0 ? -rnd.nextInt(3) - rnd.nextDouble() : 1 + rnd.nextInt(3);
        ps.setString(1, "i" + rnd.nextInt(items));
        ps.setDouble(2, w);
        ps.setObject(3, ldt(t));
        ps.addBatch();
        latest = Math.max(latest, t);
      }
      ps.executeBatch();
    }
    return latest;
  }

  /** Every row's score at {@code at}, no top-K plan, ordered by score desc then id. */
  private static List<Row> everyRow(Connection c, String hl, long at) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, DECAY_SCORE(id, 'view', " + hl + ", ?) FROM items")) {
      ps.setObject(1, ldt(at));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getDouble(2)));
        }
      }
    }
    rows.sort(Comparator.comparingDouble(Row::score).reversed().thenComparing(Row::id));
    return rows;
  }

  private static List<Row> ranked(Connection c, String hl, long at, int k, boolean bound)
      throws SQLException {
    String atSql = bound ? "?" : "TIMESTAMP '" + text(at) + "'";
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, DECAY_SCORE(id, 'view', "
                + hl
                + ", "
                + atSql
                + ") AS hot FROM items ORDER BY hot DESC LIMIT "
                + k)) {
      if (bound) {
        ps.setObject(1, ldt(at));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getDouble(2)));
        }
      }
    }
    return rows;
  }

  private static LocalDateTime ldt(long ms) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }

  private static String text(long ms) {
    return LITERAL.format(ldt(ms));
  }
}
