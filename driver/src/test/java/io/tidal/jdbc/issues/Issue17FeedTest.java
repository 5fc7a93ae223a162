package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Issue #17 items 2-5: seen and follow feeds through JDBC against brute force. Random items (with a
 * creator and a category), users, follows (a plain table with secondary indexes) and view signals
 * with actors; for random users, the seen-filtered, the follow-filtered, the combined feed (also
 * with a category predicate) and the {@code NOT EXISTS} form equal the oracle: every returned row
 * satisfies the sets, its score is the brute-force score, and the score sequence is the oracle's
 * top k. The seen-only walk touches at most k + 1 + |seen| index entries; EXPLAIN shows the sets.
 */
class Issue17FeedTest {
  private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;

  record Sig(String item, String actor, long ts, double weight) {}

  private final List<Sig> signals = new ArrayList<>();
  private final Map<String, String> creatorOf = new HashMap<>();
  private final Map<String, String> categoryOf = new HashMap<>();
  private final Map<String, Set<String>> follows = new HashMap<>();
  private long now = T0;

  private static final String SEEN =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) AS hot FROM items"
          + " WHERE id NOT IN (SELECT entity_id FROM signals WHERE signal_type = 'view' AND actor_id = ?)"
          + " ORDER BY hot DESC LIMIT ?";
  private static final String NOT_EXISTS =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) AS hot"
          + " FROM items i WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.signal_type = 'view'"
          + " AND s.actor_id = ? AND s.entity_id = i.id) ORDER BY hot DESC LIMIT ?";
  private static final String FOLLOW =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) AS hot FROM items"
          + " WHERE creator IN (SELECT creator_id FROM follows WHERE user_id = ?) ORDER BY hot DESC LIMIT ?";
  private static final String BOTH =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) AS hot FROM items"
          + " WHERE creator IN (SELECT creator_id FROM follows WHERE user_id = ?)"
          + " AND id NOT IN (SELECT entity_id FROM signals WHERE signal_type = 'view' AND actor_id = ?)"
          + " AND category = ? ORDER BY hot DESC LIMIT ?";

  @Test
  void feeds_matchBruteForce_withinTheirBounds() throws Exception {
    long seed = Seeds.seed("Issue17FeedTest.bruteForce");
    Random rnd = new Random(seed);
    int items = 200 + rnd.nextInt(200);
    int creators = 5 + rnd.nextInt(20);
    int users = 10;
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:feeds" + seed);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, creator VARCHAR, category VARCHAR)");
      s.execute("CREATE TABLE follows (user_id VARCHAR NOT NULL, creator_id VARCHAR NOT NULL)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      boolean creatorIndex = rnd.nextBoolean();
      if (creatorIndex) {
        s.execute("CREATE INDEX items_by_creator ON items (creator)");
      }
      s.execute("CREATE INDEX follows_by_user ON follows (user_id)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
        for (int i = 0; i < items; i++) {
          String id = "i" + i;
          creatorOf.put(id, rnd.nextInt(10) == 0 ? null : "c" + rnd.nextInt(creators));
          categoryOf.put(id, "k" + rnd.nextInt(3));
          ps.setString(1, id);
          ps.setString(2, creatorOf.get(id));
          ps.setString(3, categoryOf.get(id));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO follows VALUES (?, ?)")) {
        for (int u = 0; u < users; u++) {
          Set<String> f = follows.computeIfAbsent("u" + u, x -> new HashSet<>());
          for (int j = rnd.nextInt(6); j > 0; j--) {
            String cr = "c" + rnd.nextInt(creators);
            if (f.add(cr)) {
              ps.setString(1, "u" + u);
              ps.setString(2, cr);
              ps.addBatch();
            }
          }
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts,"
                  + " actor_id) VALUES ('view', ?, ?, ?, ?)")) {
        for (int n = 2000 + rnd.nextInt(2000); n > 0; n--) {
          now += 1 + rnd.nextInt(20_000);
          Sig sig =
              new Sig(
                  "i" + (int) Math.min(items - 1, Math.abs(rnd.nextGaussian()) * items / 3),
                  rnd.nextInt(8) == 0 ? null : "u" + rnd.nextInt(users),
                  now,
                  1 + rnd.nextInt(3));
          ps.setString(1, sig.item);
          ps.setDouble(2, sig.weight);
          ps.setObject(3, LocalDateTime.ofInstant(Instant.ofEpochMilli(sig.ts), ZoneOffset.UTC));
          ps.setString(4, sig.actor);
          ps.addBatch();
          signals.add(sig);
        }
        ps.executeBatch();
      }
      assertThat(explain(c, SEEN))
          .contains("TopKScan")
          .contains("exclude=[[seen(actor=?1, type=view)]]");
      assertThat(explain(c, NOT_EXISTS))
          .contains("TopKScan")
          .contains("exclude=[[seen(actor=?1, type=view)]]");
      assertThat(explain(c, FOLLOW))
          .contains("TopKScan")
          .contains("include=[[follow(creator in follows.creator_id where user_id=?1)]]");
      assertThat(
              explain(
                  c,
                  "SELECT entity_id, ts FROM signals WHERE actor_id = ? ORDER BY ts DESC LIMIT 50",
                  "u1"))
          .contains("=($5, ?0)"); // pushed into the signals scan: the actor index answers
      assertThat(explain(c, BOTH)).contains("TopKScan").contains("exclude=").contains("include=");
      for (int q = 0; q < Seeds.tries(40); q++) {
        String user = "u" + rnd.nextInt(users + 2); // two users without follows or views
        int k = 1 + rnd.nextInt(20);
        String cat = "k" + rnd.nextInt(3);
        String what = "seed " + seed + " query " + q + " user " + user + " k " + k;
        Set<String> seen = seenBy(user);
        Set<String> followed = new HashSet<>(follows.getOrDefault(user, Set.of()));
        check(c, SEEN, what + " seen", k, id -> !seen.contains(id), now, user, k);
        long touched = touched(c);
        assertThat(touched).as(what + " touched").isLessThanOrEqualTo(k + 1L + seen.size());
        check(c, NOT_EXISTS, what + " not exists", k, id -> !seen.contains(id), now, user, k);
        check(
            c,
            FOLLOW,
            what + " follow",
            k,
            id -> followed.contains(creatorOf.get(id)),
            now,
            user,
            k);
        if (creatorIndex) { // the followed creators' groups of the rank index are merged: about k
          // entries, plus one per followed creator at most (a frontier entry each)
          assertThat(touched(c))
              .as(what + " follow touched")
              .isLessThanOrEqualTo(k + 1L + followed.size());
        }
        check(
            c,
            BOTH,
            what + " both",
            k,
            id ->
                followed.contains(creatorOf.get(id))
                    && !seen.contains(id)
                    && cat.equals(categoryOf.get(id)),
            now,
            user,
            user,
            cat,
            k);
        checkHistory(c, what, user);
      }
    }
  }

  /** Item 5: a user's latest signals, from the actor index. */
  private void checkHistory(Connection c, String what, String user) throws SQLException {
    List<String> want =
        signals.stream()
            .filter(x -> user.equals(x.actor))
            .sorted(Comparator.comparingLong(Sig::ts).reversed())
            .limit(5)
            .map(x -> x.item + "@" + x.ts)
            .toList();
    List<String> got = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT entity_id, ts FROM signals WHERE actor_id = ? ORDER BY ts DESC LIMIT 5")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          got.add(
              rs.getString(1)
                  + "@"
                  + rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli());
        }
      }
    }
    assertThat(got).as(what + " history").isEqualTo(want);
  }

  private Set<String> seenBy(String user) {
    Set<String> out = new HashSet<>();
    for (Sig s : signals) {
      if (user.equals(s.actor)) {
        out.add(s.item);
      }
    }
    return out;
  }

  private Map<String, Double> scores(long at) {
    Map<String, Double> out = new HashMap<>();
    for (String id : creatorOf.keySet()) {
      out.put(id, 0.0);
    }
    for (Sig s : signals) {
      out.merge(s.item, s.weight * Math.pow(2, -(double) (at - s.ts) / HOUR), Double::sum);
    }
    return out;
  }

  private void check(
      Connection c, String sql, String what, int k, Predicate<String> keep, Object... args)
      throws SQLException {
    Map<String, Double> all = scores(now);
    List<Double> want =
        all.entrySet().stream()
            .filter(e -> keep.test(e.getKey()))
            .map(Map.Entry::getValue)
            .sorted(Comparator.reverseOrder())
            .limit(k)
            .toList();
    List<Double> got = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        ps.setObject(
            i + 1,
            a instanceof Long l
                ? LocalDateTime.ofInstant(Instant.ofEpochMilli(l), ZoneOffset.UTC)
                : a);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          assertThat(keep.test(id)).as(what + " row " + id + " passes the sets").isTrue();
          assertThat(rs.getDouble(2))
              .as(what + " score " + id)
              .isCloseTo(all.get(id), Offset.offset(1e-9));
          got.add(rs.getDouble(2));
        }
      }
    }
    assertThat(got).as(what + " size").hasSize(want.size());
    for (int i = 0; i < want.size(); i++) {
      assertThat(got.get(i)).as(what + " rank " + i).isCloseTo(want.get(i), Offset.offset(1e-9));
    }
  }

  private static long touched(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT \"VALUE\" FROM sys.stats WHERE name = 'last_topk_touched'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** EXPLAIN with {@code args} bound, or (none given) at, then users, then the limit. */
  private static String explain(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("EXPLAIN PLAN FOR " + sql)) {
      int n = s.getParameterMetaData().getParameterCount();
      for (int i = 1; i <= n; i++) {
        s.setObject(
            i,
            args.length > 0
                ? args[i - 1]
                : i == 1 ? LocalDateTime.of(2026, 11, 1, 0, 0) : i == n ? (Object) 10 : "u1");
      }
      try (ResultSet rs = s.executeQuery()) {
        StringBuilder b = new StringBuilder();
        while (rs.next()) {
          b.append(rs.getString(1)).append('\n');
        }
        return b.toString();
      }
    }
  }
}
