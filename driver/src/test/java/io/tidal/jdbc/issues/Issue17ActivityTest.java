package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue #17 item 5: a user's activity, {@code SELECT ... FROM signals WHERE actor_id = ?}, which
 * the signals scan answers from the actor index and, since that answer is exact, no longer hands
 * back to Calcite to re-check. Random signals of two types with random actors (some none); for
 * random actors, with other predicates beside the actor equality (the type, the entity, a second
 * actor equality, a NULL actor, a weight range), every answer equals the brute-force filter of all
 * recorded signals, and the plan pushes the equality into the scan.
 */
class Issue17ActivityTest {
  private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

  record Sig(String type, String item, String actor, long ts, double weight) {
    String row() {
      return type + "|" + item + "|" + actor + "|" + ts + "|" + weight;
    }
  }

  @Test
  void actorQueries_matchBruteForce() throws Exception {
    long seed = Seeds.seed("Issue17ActivityTest.bruteForce");
    Random rnd = new Random(seed);
    List<Sig> all = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:activity" + seed);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE lk ON items HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '1' DAY)");
      for (int i = 0; i < 30; i++) {
        s.execute("INSERT INTO items VALUES ('i" + i + "')");
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts, actor_id)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        int n = 200 + rnd.nextInt(300);
        for (int j = 0; j < n; j++) {
          Sig g =
              new Sig(
                  rnd.nextInt(3) == 0 ? "lk" : "view",
                  "i" + rnd.nextInt(30),
                  rnd.nextInt(8) == 0 ? null : "u" + rnd.nextInt(12),
                  T0 + rnd.nextInt(86_400_000),
                  1 + rnd.nextInt(4));
          all.add(g);
          p.setString(1, g.type());
          p.setString(2, g.item());
          p.setDouble(3, g.weight());
          p.setTimestamp(4, new Timestamp(g.ts()));
          p.setString(5, g.actor());
          p.addBatch();
        }
        p.executeBatch();
      }
      String cols = "SELECT signal_type, entity_id, actor_id, ts, weight FROM signals WHERE ";
      for (int q = 0; q < Seeds.tries(15); q++) {
        String u = "u" + rnd.nextInt(14); // two actors without signals
        String v = "u" + rnd.nextInt(14);
        String item = "i" + rnd.nextInt(30);
        String what = "seed " + seed + " query " + q + " actor " + u;
        check(c, cols + "actor_id = ?", all, g -> u.equals(g.actor()), what, u);
        check(
            c,
            cols + "actor_id = ? AND signal_type = 'view'",
            all,
            g -> u.equals(g.actor()) && g.type().equals("view"),
            what,
            u);
        check(
            c,
            cols + "signal_type = 'lk' AND actor_id = ? AND entity_id = ?",
            all,
            g -> u.equals(g.actor()) && g.type().equals("lk") && g.item().equals(item),
            what,
            u,
            item);
        check(
            c,
            cols + "actor_id = ? AND actor_id = ?",
            all,
            g -> u.equals(g.actor()) && v.equals(g.actor()),
            what + " and " + v,
            u,
            v);
        check(c, cols + "actor_id = ?", all, g -> false, what + " NULL", (Object) null);
        check(
            c,
            cols + "'" + u + "' = actor_id AND weight > 2",
            all,
            g -> u.equals(g.actor()) && g.weight() > 2,
            what + " literal");
      }
      try (ResultSet rs =
          s.executeQuery(
              "EXPLAIN PLAN FOR SELECT entity_id, ts FROM signals WHERE actor_id = 'u1'"
                  + " ORDER BY ts DESC LIMIT 50")) {
        rs.next();
        assertThat(rs.getString(1)).contains("filters=[[=($5, 'u1')]]");
      }
    }
  }

  private static void check(
      Connection c, String sql, List<Sig> all, Predicate<Sig> want, String what, Object... args)
      throws SQLException {
    List<String> expected = all.stream().filter(want).map(Sig::row).sorted().toList();
    List<String> got = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          got.add(
              new Sig(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getTimestamp(4).getTime(),
                      rs.getDouble(5))
                  .row());
        }
      }
    }
    got.sort(null);
    assertThat(got)
        .as(what + ": " + sql + " " + java.util.Arrays.toString(args))
        .isEqualTo(expected);
  }
}
