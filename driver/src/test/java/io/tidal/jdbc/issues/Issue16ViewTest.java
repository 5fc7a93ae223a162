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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #16: CREATE [OR REPLACE] VIEW, DROP VIEW; persistent, ranked from the index. */
class Issue16ViewTest {
  private static final String AT = "TIMESTAMP '2026-11-02 00:00:00'";

  @TempDir Path dir;

  private static void assertState(Statement s, String sql, String state, String text) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(e.getMessage()).as(sql).containsIgnoringCase(text))
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).startsWith(state));
  }

  @Test
  void rankedQueryOverAView_usesTheRankingIndex_andEqualsTheScan() throws Exception {
    long seed = Seeds.seed("Issue16ViewTest");
    Random rnd = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, category VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' DAY)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)");
          PreparedStatement sig =
              c.prepareStatement(
                  "INSERT INTO signals "
                      + "(signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)")) {
        for (int i = 0; i < 60; i++) {
          ins.setString(1, String.format("i%02d", i));
          ins.setString(2, "t" + i);
          ins.setString(3, i % 3 == 0 ? "news" : "sport");
          ins.executeUpdate();
        }
        for (int i = 0; i < 300; i++) {
          sig.setString(1, String.format("i%02d", rnd.nextInt(60)));
          sig.setDouble(2, rnd.nextInt(3) + 1);
          sig.setObject(
              3,
              java.time.LocalDateTime.parse("2026-11-01T20:00:00").plusMinutes(rnd.nextInt(240)));
          sig.addBatch();
        }
        sig.executeBatch();
      }
      s.execute(
          "CREATE VIEW hot_all AS SELECT id, title, DECAY_SCORE(id, 'view', "
              + "INTERVAL '1' HOUR, "
              + AT
              + ") AS hot FROM items");
      s.execute(
          "CREATE VIEW hot_news AS SELECT id, title, DECAY_SCORE(id, 'view', "
              + "INTERVAL '1' HOUR, "
              + AT
              + ") AS hot FROM items WHERE category = 'news';");
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String v : List.of("hot_all", "hot_news")) {
        String ranked = "SELECT * FROM " + v + " ORDER BY hot DESC LIMIT 10";
        String plan = String.join("\n", rows(s, "EXPLAIN PLAN FOR " + ranked));
        String where = v.equals("hot_news") ? " WHERE category = 'news'" : "";
        String direct =
            String.join(
                "\n",
                rows(
                    s,
                    "EXPLAIN PLAN FOR SELECT id, title, "
                        + "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                        + AT
                        + ") AS hot FROM items"
                        + where
                        + " ORDER BY hot DESC LIMIT 10"));
        // the view plans as the query written out (a filtered walk is chosen by cost: RankCost)
        assertThat(plan.contains("TopKScan"))
            .as(plan + "\nversus\n" + direct)
            .isEqualTo(direct.contains("TopKScan"));
        if (v.equals("hot_all")) {
          assertThat(plan).as(plan).contains("TopKScan").contains("k=[10]");
        }
        List<String> scan =
            rows(
                s,
                "SELECT id, title, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                    + AT
                    + ") AS hot FROM items"
                    + where
                    + " ORDER BY hot DESC, id LIMIT 10");
        assertThat(rows(s, ranked)).as(v + " seed=" + seed).isEqualTo(scan);
      }
      try (ResultSet rs = c.getMetaData().getTables(null, "TIDAL", "HOT%", null)) {
        List<String> seen = new ArrayList<>();
        while (rs.next()) {
          seen.add(rs.getString("TABLE_NAME") + " " + rs.getString("TABLE_TYPE"));
        }
        assertThat(seen).containsExactlyInAnyOrder("HOT_ALL VIEW", "HOT_NEWS VIEW");
      }
      try (ResultSet rs = c.getMetaData().getColumns(null, "TIDAL", "HOT_NEWS", "%")) {
        List<String> cols = new ArrayList<>();
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME"));
        }
        assertThat(cols).containsExactly("ID", "TITLE", "HOT");
      }
    }
  }

  /**
   * A filtered view over enough rows that the filtered walk wins on cost (RankCost): the ranked
   * query over the view is a TopKScan carrying the view's predicate, and equals the scan.
   */
  @Test
  void rankedQueryOverAFilteredView_isAFilteredIndexWalk() throws Exception {
    long seed = Seeds.seed("Issue16ViewTest.filtered");
    Random rnd = new Random(seed);
    String url = "jdbc:tidal:" + dir.resolve("db2");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, category VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' DAY)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO items VALUES (?, ?)");
          PreparedStatement sig =
              c.prepareStatement(
                  "INSERT INTO signals "
                      + "(signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)")) {
        for (int i = 0; i < 5000; i++) {
          ins.setString(1, String.format("i%04d", i));
          ins.setString(2, i % 2 == 0 ? "news" : "sport");
          ins.addBatch();
        }
        ins.executeBatch();
        for (int i = 0; i < 20000; i++) {
          sig.setString(1, String.format("i%04d", rnd.nextInt(5000)));
          sig.setDouble(2, rnd.nextInt(3) + 1);
          sig.setObject(
              3,
              java.time.LocalDateTime.parse("2026-11-01T20:00:00")
                  .plusSeconds(rnd.nextInt(4 * 3600)));
          sig.addBatch();
        }
        sig.executeBatch();
      }
      s.execute(
          "CREATE VIEW hot_news AS SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
              + AT
              + ") AS hot FROM items WHERE category = 'news'");
      String ranked = "SELECT * FROM hot_news ORDER BY hot DESC LIMIT 10";
      String plan = String.join("\n", rows(s, "EXPLAIN PLAN FOR " + ranked));
      assertThat(plan).as(plan).contains("TopKScan").contains("k=[10]").contains("news");
      List<String> scan =
          rows(
              s,
              "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                  + AT
                  + ") AS hot FROM items WHERE category = 'news' ORDER BY hot DESC, id LIMIT 10");
      assertThat(rows(s, ranked)).as("seed=" + seed).isEqualTo(scan);
    }
  }

  @Test
  void viewDdl_replaceDropColumnsAndBadInput() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16views");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)");
      s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
      s.execute("CREATE VIEW w (k, val) AS SELECT id, v FROM t WHERE id > 1");
      assertThat(rows(s, "SELECT k, val FROM w")).containsExactly("2|b");
      assertState(s, "CREATE VIEW w AS SELECT 1", "42S01", "w");
      assertState(s, "CREATE VIEW t AS SELECT 1", "42S01", "t");
      s.execute("CREATE OR REPLACE VIEW w AS SELECT v FROM t ORDER BY v");
      assertThat(rows(s, "SELECT * FROM w")).containsExactly("a", "b");
      s.execute("CREATE VIEW w2 AS SELECT COUNT(*) AS n FROM w");
      assertThat(rows(s, "SELECT n FROM w2")).containsExactly("2");
      assertState(s, "CREATE VIEW bad AS SELECT nope FROM t", "42", "NOPE");
      assertState(s, "CREATE VIEW bad AS SELECT * FROM missing", "42", "MISSING");
      assertState(s, "CREATE VIEW bad AS SELECT * FROM t WHERE id = ?", "42", "parameters");
      assertState(s, "SELECT * FROM bad", "42", "BAD");
      assertState(s, "INSERT INTO w VALUES ('x')", "", "");
      s.execute("CREATE TABLE tab0 (pk INTEGER PRIMARY KEY, col0 INTEGER, col4 FLOAT)");
      s.executeUpdate("INSERT INTO tab0 VALUES (1, 10, 80.5), (2, 20, 10.0), (3, 30, 70.6)");
      s.execute("CREATE VIEW view_1_tab0_193 AS SELECT pk, col0 FROM tab0 WHERE col4 >= 70.6");
      s.execute("CREATE VIEW view_3_tab0_193 AS SELECT pk FROM view_1_tab0_193");
      assertThat(rows(s, "SELECT pk, col0 FROM view_1_tab0_193")).containsExactly("1|10", "3|30");
      assertThat(rows(s, "SELECT * FROM view_3_tab0_193")).containsExactly("1", "3");
      s.execute("DROP VIEW w2");
      s.execute("DROP VIEW IF EXISTS w2");
      assertState(s, "DROP VIEW w2", "42S02", "w2");
      assertState(s, "SELECT * FROM w2", "42", "W2");
      assertThat(rows(s, "SELECT COUNT(*) FROM w")).containsExactly("2");
    }
  }
}
