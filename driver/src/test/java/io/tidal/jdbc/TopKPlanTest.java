package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The top-K rule: plans to the index scan, and returns what a full scan returns. */
class TopKPlanTest {
  private static final String AT = "TIMESTAMP '2026-11-02 00:00:00'";

  private record Scored(String id, double score) {}

  @Test
  void topK_orderByDecayScoreLimit_readsIndexAndMatchesFullScan() throws Exception {
    long seed = Seeds.seed("TopKPlanTest");
    Random rnd = new Random(seed);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:topk1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO items VALUES (?, ?)");
          PreparedStatement sig =
              c.prepareStatement(
                  "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)")) {
        for (int i = 0; i < 60; i++) {
          ins.setString(1, String.format("i%02d", i));
          ins.setString(2, "t" + i);
          ins.executeUpdate();
        }
        for (int i = 0; i < 200; i++) {
          sig.setString(1, String.format("i%02d", rnd.nextInt(40)));
          sig.setDouble(2, rnd.nextInt(3) + 1);
          sig.setObject(
              3,
              java.time.LocalDateTime.parse("2026-11-01T20:00:00").plusMinutes(rnd.nextInt(240)));
          sig.addBatch();
        }
        sig.executeBatch();
      }
      String ranked =
          "SELECT id, title, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
              + AT
              + ") AS hot FROM items ORDER BY hot DESC LIMIT ";
      try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + ranked + "10")) {
        rs.next();
        assertThat(rs.getString(1))
            .contains("TopKScan")
            .contains("signal=[view]")
            .contains("k=[10]");
      }
      List<Scored> oracle = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, " + AT + ") FROM items")) {
        while (rs.next()) {
          oracle.add(new Scored(rs.getString(1), rs.getDouble(2)));
        }
      }
      oracle.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
      for (int k : new int[] {1, 5, 10, 40, 55}) {
        List<String> got = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(ranked + k)) {
          while (rs.next()) {
            got.add(rs.getString(1));
          }
        }
        assertThat(got)
            .as("k=" + k + " seed=" + seed)
            .isEqualTo(oracle.subList(0, k).stream().map(Scored::id).toList());
      }
    }
  }

  @Test
  void topK_ascendingOrNoLimit_doesNotUseIndex() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:topk2");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      for (String q :
          List.of(
              "SELECT id FROM items ORDER BY DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) ASC LIMIT 3",
              "SELECT id FROM items ORDER BY DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) DESC")) {
        try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + q)) {
          rs.next();
          assertThat(rs.getString(1)).as(q).doesNotContain("TopKScan");
        }
      }
    }
  }
}
