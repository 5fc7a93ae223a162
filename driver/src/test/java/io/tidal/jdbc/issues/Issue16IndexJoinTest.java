package io.tidal.jdbc.issues;

import static io.tidal.jdbc.issues.QueryRows.sortedRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, item 3: inner and LEFT joins use the primary key or a secondary index of the inner
 * table (index nested-loop join, {@code io.tidal.calcite.IndexJoin}) when the outer side is small.
 * Oracles: the same query over tables with the same rows and no index and no key (a hash join over
 * scans), and a nested loop in Java over the rows the test inserted (a LEFT join's outer rows
 * without a match once, with NULLs); random rows with NULLs and repeated values, random extra
 * conditions in ON (on either side) and WHERE, inside a transaction with pending writes too; seed
 * printed.
 */
class Issue16IndexJoinTest {
  /** A row of small or big: k, v (v may be null). */
  private record Row(int k, Integer v) {}

  private static String plan(Statement s, String sql) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        b.append(rs.getString(1)).append('\n');
      }
    }
    return b.toString();
  }

  @Test
  void joinsThroughKeyOrIndex_equalHashJoinAndNestedLoop_andExplainShowsTheIndex()
      throws Exception {
    long seed = Seeds.seed("Issue16IndexJoinTest");
    Random r = new Random(seed);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16ixjoin");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE small (k INTEGER PRIMARY KEY, v INTEGER)");
      s.execute("CREATE TABLE big (k INTEGER PRIMARY KEY, v INTEGER, t VARCHAR)");
      s.execute("CREATE INDEX big_v ON big (v)");
      s.execute("CREATE TABLE small_p (k INTEGER, v INTEGER)");
      s.execute("CREATE TABLE big_p (k INTEGER, v INTEGER, t VARCHAR)");
      List<Row> small = new ArrayList<>();
      List<Row> big = new ArrayList<>();
      try (java.sql.PreparedStatement pi = c.prepareStatement("INSERT INTO big VALUES (?, ?, ?)");
          java.sql.PreparedStatement pp =
              c.prepareStatement("INSERT INTO big_p VALUES (?, ?, ?)")) {
        for (int k = 0; k < 3000; k++) {
          Integer v = r.nextInt(20) == 0 ? null : r.nextInt(400);
          big.add(new Row(k, v));
          for (java.sql.PreparedStatement p : List.of(pi, pp)) {
            p.setInt(1, k);
            p.setObject(2, v, java.sql.Types.INTEGER);
            p.setString(3, "t" + k);
            p.addBatch();
          }
        }
        pi.executeBatch();
        pp.executeBatch();
      }
      for (int k = 0; k < 30; k++) {
        Integer v = r.nextInt(6) == 0 ? null : r.nextInt(r.nextBoolean() ? 400 : 3200);
        small.add(new Row(k, v));
        s.executeUpdate("INSERT INTO small VALUES (" + k + ", " + v + ")");
        s.executeUpdate("INSERT INTO small_p VALUES (" + k + ", " + v + ")");
      }
      String byIndex = "SELECT s.k, b.k FROM small s JOIN big b ON s.v = b.v";
      String byKey = "SELECT s.k, b.t FROM small s JOIN big b ON b.k = s.v";
      assertThat(plan(s, byIndex))
          .contains("IndexJoin")
          .contains("index=[big_v]")
          .contains("key=[$1 = big.v]");
      assertThat(plan(s, byKey))
          .contains("IndexJoin")
          .contains("index=[PRIMARY KEY]")
          .contains("key=[$1 = big.k]");
      // a large outer side against a small table: no index join
      assertThat(plan(s, "SELECT s.k, b.k FROM big b JOIN small s ON b.v = s.k"))
          .doesNotContain("IndexJoin");
      String leftByIndex = "SELECT s.k, b.k FROM small s LEFT JOIN big b ON s.v = b.v";
      assertThat(plan(s, leftByIndex))
          .contains("IndexJoin")
          .contains("joinType=[left]")
          .contains("index=[big_v]");
      assertThat(plan(s, "SELECT s.k, b.t FROM small s LEFT JOIN big b ON b.k = s.v"))
          .contains("IndexJoin")
          .contains("joinType=[left]")
          .contains("index=[PRIMARY KEY]");
      for (int q = 0; q < 60; q++) {
        boolean onKey = r.nextBoolean();
        boolean left = r.nextBoolean();
        int lo = r.nextInt(30);
        int cut = r.nextInt(400);
        int kind = r.nextInt(5);
        String extra =
            switch (kind) {
              case 0 -> "";
              case 1 -> " AND b.k > " + cut * 5;
              case 2 -> " WHERE s.k >= " + lo;
              case 3 -> " WHERE s.k >= " + lo + " AND b.v < " + cut;
              default -> " AND s.k < " + lo; // on the outer side only: a LEFT join keeps the rest
            };
        String sql =
            "SELECT s.k, b.k FROM small s "
                + (left ? "LEFT JOIN" : "JOIN")
                + " big b ON "
                + (onKey ? "b.k = s.v" : "s.v = b.v")
                + extra;
        // the nested loop: ON over each pair, a LEFT join's unmatched outer row with NULLs, WHERE
        List<String> oracle = new ArrayList<>();
        for (Row x : small) {
          List<Row> matched = new ArrayList<>();
          for (Row y : big) {
            Integer bv = onKey ? Integer.valueOf(y.k()) : y.v();
            boolean on =
                x.v() != null
                    && bv != null
                    && x.v().equals(bv)
                    && (kind != 1 || y.k() > cut * 5)
                    && (kind != 4 || x.k() < lo);
            if (on) {
              matched.add(y);
            }
          }
          if (left && matched.isEmpty()) {
            matched.add(null);
          }
          for (Row y : matched) {
            boolean where =
                kind != 2 && kind != 3
                    || x.k() >= lo && (kind != 3 || y != null && y.v() != null && y.v() < cut);
            if (where) {
              oracle.add(x.k() + "|" + (y == null ? null : y.k()));
            }
          }
        }
        oracle.sort(null);
        List<String> got = sortedRows(s, sql);
        assertThat(got).as("seed " + seed + ": " + sql).isEqualTo(oracle);
        assertThat(got)
            .as("seed " + seed + ": " + sql + " against the tables without index")
            .isEqualTo(
                sortedRows(s, sql.replace("small s", "small_p s").replace("big b", "big_p b")));
      }
      // pending writes in a transaction: the index cannot answer, the rows are still found
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO big VALUES (5000, 7, 'new')");
      s.executeUpdate("UPDATE small SET v = 7 WHERE k = 0");
      List<String> expected = new ArrayList<>();
      expected.add("0|5000");
      for (Row y : big) {
        if (y.v() != null && y.v() == 7) {
          expected.add("0|" + y.k());
        }
      }
      expected.sort(null);
      assertThat(sortedRows(s, byIndex + " WHERE s.k = 0")).isEqualTo(expected);
      assertThat(sortedRows(s, leftByIndex + " WHERE s.k = 0")).isEqualTo(expected);
      c.rollback();
      c.setAutoCommit(true);
    }
  }
}
