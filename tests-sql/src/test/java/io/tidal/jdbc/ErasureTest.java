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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md sections 2 and 3 (2026-12-07), through JDBC: signals carry an actor; {@code DELETE FROM
 * signals WHERE} a conjunction of {@code actor_id}, {@code entity_id}, {@code signal_type} erases
 * exactly the matching retained signals (the update count is their number) and every score, count
 * and rank position drops by exactly their contribution; {@code DELETE FROM items} removes the rows'
 * signals, and a key inserted again starts from zero; both survive a close and a crash-free reopen.
 * The oracle is a plain list of the signals the test recorded minus the ones it erased, summed by
 * brute force ({@code ts <= at}). Every signal stays within the retention, so nothing is folded.
 */
class ErasureTest {
  private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  record Sig(String entity, String actor, long ts, double weight) {}

  private final List<Sig> model = new ArrayList<>();
  private Random rnd;
  private long now = T0;
  private int items;

  @Test
  void erasuresAndDeletes_matchBruteForce_acrossReopens(@TempDir Path dir) throws Exception {
    long seed = Seeds.seed("ErasureTest.bruteForce");
    rnd = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    items = 15 + rnd.nextInt(20);
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY)"
              + " WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY) RETAIN INTERVAL '30' DAY");
      for (int i = 0; i < items; i++) {
        s.executeUpdate("INSERT INTO items VALUES ('i" + i + "', 't')");
      }
    }
    record(c, 400);
    int steps = Seeds.tries(60);
    for (int step = 0; step < steps; step++) {
      String what = "seed " + seed + " step " + step;
      switch (rnd.nextInt(7)) {
        case 0 -> record(c, 1 + rnd.nextInt(60));
        case 1 -> {
          String actor = actor();
          long n = model.stream().filter(x -> actor.equals(x.actor)).count();
          assertThat(update(c, "DELETE FROM signals WHERE actor_id = ?", actor))
              .as(what)
              .isEqualTo(n);
          model.removeIf(x -> actor.equals(x.actor));
        }
        case 2 -> {
          String entity = entity();
          long n = model.stream().filter(x -> x.entity.equals(entity)).count();
          assertThat(
                  update(
                      c,
                      "DELETE FROM signals WHERE entity_id = ? AND signal_type = 'view'",
                      entity))
              .as(what)
              .isEqualTo(n);
          model.removeIf(x -> x.entity.equals(entity));
        }
        case 3 -> {
          String entity = entity();
          String actor = actor();
          long n =
              model.stream().filter(x -> x.entity.equals(entity) && actor.equals(x.actor)).count();
          assertThat(
                  update(
                      c,
                      "DELETE FROM signals WHERE actor_id = '" + actor + "' AND entity_id = ?",
                      entity))
              .as(what)
              .isEqualTo(n);
          model.removeIf(x -> x.entity.equals(entity) && actor.equals(x.actor));
        }
        case 4 -> {
          // the row goes with its signals; the key inserted again starts from zero
          String entity = entity();
          assertThat(update(c, "DELETE FROM items WHERE id = ?", entity)).as(what).isEqualTo(1);
          model.removeIf(x -> x.entity.equals(entity));
          assertThat(score(c, entity, "INTERVAL '1' DAY", now)).as(what).isEqualTo(0.0);
          update(c, "INSERT INTO items VALUES (?, 'again')", entity);
        }
        case 5 -> {
          c.close();
          c = DriverManager.getConnection(url);
        }
        default -> {
          // nothing: a check without a change
        }
      }
      check(c, what);
    }
    c.close();
  }

  @Test
  void badErasures_areClearErrors_andChangeNothing(@TempDir Path dir) throws Exception {
    String url = "jdbc:tidal:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, actor_id) VALUES ('view', 'a', 'u1')");
      assertThatThrownBy(
              () ->
                  s.executeUpdate("DELETE FROM signals WHERE ts < TIMESTAMP '2026-01-01 00:00:00'"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("actor_id");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM signals WHERE signal_type = 'nope'"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42704"))
          .hasMessageContaining("nope");
      String longActor = "u".repeat(1025);
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO signals (signal_type, entity_id, actor_id)"
                          + " VALUES ('view', 'a', '"
                          + longActor
                          + "')"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).startsWith("22"))
          .hasMessageContaining("1024");
      c.setAutoCommit(false);
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM signals WHERE actor_id = 'u1'"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25000"))
          .hasMessageContaining("autocommit");
      c.setAutoCommit(true);
      assertThat(count(c, "u1")).isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection(url + ";read_only=true");
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM signals WHERE actor_id = 'u1'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only");
      assertThat(count(c, "u1")).isEqualTo(1);
    }
  }

  private static long count(Connection c, String actor) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM signals WHERE actor_id = ?")) {
      ps.setString(1, actor);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private String actor() {
    return "u" + rnd.nextInt(8);
  }

  private String entity() {
    return "i" + rnd.nextInt(items);
  }

  /** Records {@code n} random signals in one batch (actors on most, late ones, negative weights). */
  private void record(Connection c, int n) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight,"
                + " ts, actor_id) VALUES ('view', ?, ?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        now += rnd.nextInt((int) (5 * MINUTE));
        long t = rnd.nextInt(5) == 0 ? now - (long) (rnd.nextDouble() * DAY) : now;
        double w = rnd.nextInt(6) == 0 ? -1 - rnd.nextInt(2) : 1 + rnd.nextInt(3);
        Sig s = new Sig(entity(), rnd.nextInt(5) == 0 ? null : actor(), t, w);
        ps.setString(1, s.entity);
        ps.setDouble(2, s.weight);
        ps.setObject(3, ldt(s.ts));
        ps.setString(4, s.actor);
        ps.addBatch();
        model.add(s);
      }
      ps.executeBatch();
    }
  }

  private void check(Connection c, String what) throws SQLException {
    for (int q = 0; q < 5; q++) {
      long at = now - (long) (rnd.nextDouble() * DAY) + rnd.nextInt((int) HOUR);
      String e = entity();
      assertThat(score(c, e, "INTERVAL '1' HOUR", at))
          .as(what + " decay " + e)
          .isCloseTo(
              decay(e, HOUR, at),
              org.assertj.core.data.Offset.offset(
                  1e-9 * Math.max(1, Math.abs(decay(e, HOUR, at)))));
      assertThat(windowed(c, e, at))
          .as(what + " count " + e)
          .isEqualTo(
              model.stream()
                  .filter(x -> x.entity.equals(e) && x.ts > at - DAY && x.ts <= at)
                  .count());
    }
    String actor = actor();
    List<String> want =
        model.stream()
            .filter(x -> actor.equals(x.actor))
            .sorted(Comparator.comparing(Sig::entity).thenComparingLong(Sig::ts))
            .map(x -> x.entity + "@" + x.ts)
            .collect(Collectors.toList());
    List<String> got = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT entity_id, ts FROM signals WHERE actor_id = ? ORDER BY entity_id, ts")) {
      ps.setString(1, actor);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          got.add(
              rs.getString(1)
                  + "@"
                  + rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli());
        }
      }
    }
    assertThat(got).as(what + " signals of " + actor).isEqualTo(want);
    // the ranked query at now: the index path, against brute force scores
    List<Double> ranked = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' DAY, ?)"
                + " AS hot FROM items ORDER BY hot DESC LIMIT 5")) {
      ps.setObject(1, ldt(now + HOUR));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double expect = decay(rs.getString(1), DAY, now + HOUR);
          assertThat(rs.getDouble(2))
              .as(what + " ranked " + rs.getString(1))
              .isCloseTo(
                  expect,
                  org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(expect))));
          ranked.add(rs.getDouble(2));
        }
      }
    }
    List<Double> best = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      best.add(decay("i" + i, DAY, now + HOUR));
    }
    best.sort(Comparator.reverseOrder());
    for (int i = 0; i < ranked.size(); i++) {
      assertThat(ranked.get(i))
          .as(what + " rank " + i)
          .isCloseTo(
              best.get(i),
              org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(best.get(i)))));
    }
  }

  private double decay(String entity, long halfLife, long at) {
    double sum = 0;
    for (Sig s : model) {
      if (s.entity.equals(entity) && s.ts <= at) {
        sum += s.weight * Math.pow(2, -(double) (at - s.ts) / halfLife);
      }
    }
    return sum;
  }

  private static double score(Connection c, String entity, String hl, long at) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT DECAY_SCORE(?, 'view', " + hl + ", ?)")) {
      ps.setString(1, entity);
      ps.setObject(2, ldt(at));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }

  private static long windowed(Connection c, String entity, long at) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT WINDOWED_COUNT(?, 'view', INTERVAL '1' DAY, ?)")) {
      ps.setString(1, entity);
      ps.setObject(2, ldt(at));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long update(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      return ps.executeLargeUpdate();
    }
  }

  private static LocalDateTime ldt(long ms) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }
}
