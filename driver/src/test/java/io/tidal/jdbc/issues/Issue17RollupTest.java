package io.tidal.jdbc.issues;

import static io.tidal.jdbc.issues.QueryRows.rows;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17 item 1: roll-up signal types through JDBC. The oracle is a list of the source signals the
 * test recorded, each with the creator its item's row named when it was recorded (or when the
 * roll-up was created, for signals recorded before), minus the erased and deleted ones; every
 * creator's decay score and windowed count, and the top creators, are summed from it by brute force.
 * Items change creators, some have none, items and actors are erased, the database is reopened.
 */
class Issue17RollupTest {
  private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** A source signal and the creator it rolled up to (null: none). */
  record Sig(String item, String actor, long ts, double weight, String creator) {}

  @TempDir Path dir;

  private final List<Sig> model = new ArrayList<>();
  private final Map<String, String> creatorOf = new HashMap<>();
  private Random rnd;
  private long now = T0;
  private int items;
  private boolean rolledUp;

  @Test
  void rollupScoresCountsAndTopCreators_matchBruteForce_acrossErasuresAndReopens()
      throws Exception {
    long seed = Seeds.seed("Issue17RollupTest.bruteForce");
    rnd = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    items = 20 + rnd.nextInt(20);
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE creators (id VARCHAR PRIMARY KEY, name VARCHAR)");
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, creator VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)"
              + " RETAIN INTERVAL '30' DAY");
      for (int i = 0; i < 8; i++) {
        s.executeUpdate("INSERT INTO creators VALUES ('c" + i + "', 'n')");
      }
      for (int i = 0; i < items; i++) {
        String cr = randomCreator();
        creatorOf.put("i" + i, cr);
        update(c, "INSERT INTO items VALUES ('i" + i + "', ?)", cr);
      }
    }
    record(c, 100);
    // the roll-up is filled from the retained signals, through the rows as they are now
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE SIGNAL TYPE creator_view ON creators ROLLUP OF view BY creator"
              + " HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '7' DAY)");
    }
    rolledUp = true;
    model.replaceAll(x -> new Sig(x.item, x.actor, x.ts, x.weight, creatorOf.get(x.item)));
    int steps = Seeds.tries(25);
    for (int step = 0; step < steps; step++) {
      String what = "seed " + seed + " step " + step;
      switch (rnd.nextInt(7)) {
        case 0, 1 -> record(c, 1 + rnd.nextInt(40));
        case 2 -> { // moves only later signals
          String item = item();
          String cr = randomCreator();
          update(c, "UPDATE items SET creator = ? WHERE id = '" + item + "'", cr);
          creatorOf.put(item, cr);
        }
        case 3 -> {
          String actor = actor();
          update(c, "DELETE FROM signals WHERE actor_id = ?", actor);
          model.removeIf(x -> actor.equals(x.actor));
        }
        case 4 -> {
          String item = item();
          if (rnd.nextBoolean()) {
            update(c, "DELETE FROM signals WHERE entity_id = ? AND signal_type = 'view'", item);
          } else {
            update(c, "DELETE FROM items WHERE id = ?", item);
            String cr = randomCreator();
            update(
                c,
                "INSERT INTO items VALUES (?, " + (cr == null ? "NULL" : "'" + cr + "'") + ")",
                item);
            creatorOf.put(item, cr);
          }
          model.removeIf(x -> x.item.equals(item));
        }
        case 5 -> {
          c.close();
          c = DriverManager.getConnection(url);
        }
        default -> {
          try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
          }
        }
      }
      check(c, what);
    }
    c.close();
  }

  @Test
  void rollupDdl_errors_areClear_andNothingIsHalfCreated() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dir.resolve("bad"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE creators (id VARCHAR PRIMARY KEY)");
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, creator VARCHAR, n INTEGER)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      String hl = " HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '7' DAY)";
      state(s, "CREATE SIGNAL TYPE cv ON creators ROLLUP OF nope BY creator" + hl, "42704", "nope");
      state(s, "CREATE SIGNAL TYPE cv ON creators ROLLUP OF view BY nope" + hl, "42S22", "nope");
      state(s, "CREATE SIGNAL TYPE cv ON creators ROLLUP OF view BY n" + hl, "42804", "n");
      assertThat(rows(s, "SELECT COUNT(*) FROM sys.signal_types")).containsExactly("1");
      s.execute("CREATE SIGNAL TYPE cv ON creators ROLLUP OF view BY creator" + hl);
      assertThat(rows(s, "SELECT name, rollup_of, rollup_by FROM sys.signal_types ORDER BY name"))
          .containsExactly("cv|view|creator", "view|null|null");
      state(
          s,
          "CREATE SIGNAL TYPE cv2 ON creators ROLLUP OF cv BY creator" + hl,
          "0A000",
          "roll-up of a roll-up");
      // a key-only table ranked from its index returns its keys (rows were once scalars, not
      // arrays)
      s.executeUpdate("INSERT INTO creators VALUES ('c1')");
      s.executeUpdate("INSERT INTO items VALUES ('i1', 'c1', 1)");
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, ts) VALUES ('view', 'i1', TIMESTAMP '2026-11-01 10:00:00')");
      assertThat(
              rows(
                  s,
                  "SELECT id FROM creators ORDER BY DECAY_SCORE(id, 'cv', INTERVAL '1' DAY,"
                      + " TIMESTAMP '2026-11-01 10:00:00') DESC LIMIT 1"))
          .containsExactly("c1");
      assertThat(
              rows(s, "SELECT COUNT(*) FROM signals WHERE signal_type = 'cv' AND dedup_key = 'i1'"))
          .containsExactly("1"); // a contribution carries its source entity's key
      state(s, "INSERT INTO signals (signal_type, entity_id) VALUES ('cv', 'c1')", "42809", "'cv'");
      state(s, "DROP SIGNAL TYPE view", "2BP01", "'cv'");
      state(
          s,
          "CREATE OR REPLACE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '2' HOUR)"
              + " WINDOW (INTERVAL '1' DAY)",
          "2BP01",
          "'cv'");
      s.execute("DROP SIGNAL TYPE cv");
      s.execute("DROP SIGNAL TYPE view");
    }
  }

  private static void state(Statement s, String sql, String state, String names) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state))
        .hasMessageContaining(names);
  }

  private String randomCreator() {
    return rnd.nextInt(6) == 0 ? null : "c" + rnd.nextInt(8);
  }

  private String item() {
    return "i" + rnd.nextInt(items);
  }

  private String actor() {
    return "u" + rnd.nextInt(6);
  }

  private void record(Connection c, int n) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight,"
                + " ts, actor_id) VALUES ('view', ?, ?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        now += rnd.nextInt((int) (5 * MINUTE));
        long t = rnd.nextInt(5) == 0 ? now - (long) (rnd.nextDouble() * DAY) : now;
        double w = rnd.nextInt(6) == 0 ? -1 : 1 + rnd.nextInt(3);
        String item = item();
        Sig s =
            new Sig(
                item,
                rnd.nextInt(5) == 0 ? null : actor(),
                t,
                w,
                rolledUp ? creatorOf.get(item) : null);
        ps.setString(1, s.item);
        ps.setDouble(2, s.weight);
        ps.setObject(3, LocalDateTime.ofInstant(Instant.ofEpochMilli(s.ts), ZoneOffset.UTC));
        ps.setString(4, s.actor);
        ps.addBatch();
        model.add(s);
      }
      ps.executeBatch();
    }
  }

  private double decay(String creator, long at) {
    double sum = 0;
    for (Sig x : model) {
      if (creator.equals(x.creator) && x.ts <= at) {
        sum += x.weight * Math.pow(2, -(double) (at - x.ts) / DAY);
      }
    }
    return sum;
  }

  private void check(Connection c, String what) throws SQLException {
    long at = now;
    Map<String, Double> want = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      want.put("c" + i, decay("c" + i, at));
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, DECAY_SCORE(id, 'creator_view', INTERVAL '1' DAY, ?),"
                + " WINDOWED_COUNT(id, 'creator_view', INTERVAL '7' DAY, ?) FROM creators")) {
      ps.setObject(1, LocalDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC));
      ps.setObject(2, LocalDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String cr = rs.getString(1);
          double d = want.get(cr);
          assertThat(rs.getDouble(2))
              .as(what + " decay " + cr)
              .isCloseTo(d, Offset.offset(1e-9 * Math.max(1, Math.abs(d))));
          assertThat(rs.getLong(3))
              .as(what + " count " + cr)
              .isEqualTo(
                  model.stream()
                      .filter(x -> cr.equals(x.creator) && x.ts > at - 7 * DAY && x.ts <= at)
                      .count());
        }
      }
    }
    List<Double> wantTop =
        want.values().stream().sorted(Comparator.reverseOrder()).limit(3).toList();
    List<Double> gotTop = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, DECAY_SCORE(id, 'creator_view', INTERVAL '1' DAY,"
                + " ?) AS hot FROM creators ORDER BY hot DESC LIMIT 3")) {
      ps.setObject(1, LocalDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getDouble(2))
              .as(what + " top " + rs.getString(1))
              .isCloseTo(
                  want.get(rs.getString(1)),
                  Offset.offset(1e-9 * Math.max(1, Math.abs(rs.getDouble(2)))));
          gotTop.add(rs.getDouble(2));
        }
      }
    }
    assertThat(gotTop).as(what + " top creators").hasSize(wantTop.size());
    for (int i = 0; i < wantTop.size(); i++) {
      assertThat(gotTop.get(i))
          .as(what + " top " + i)
          .isCloseTo(wantTop.get(i), Offset.offset(1e-9 * Math.max(1, Math.abs(wantTop.get(i)))));
    }
  }

  private static long update(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      return ps.executeUpdate();
    }
  }
}
