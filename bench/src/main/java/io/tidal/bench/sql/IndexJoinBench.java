package io.tidal.bench.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Index nested-loop join (issue 16): 100 outer rows joined with a 100,000-row table, on its primary
 * key and on a secondary index, against the same join with a copy of the table that has neither
 * (the plan every such join had before: a hash join over a full scan). Prints the plans and the
 * median and 90th percentile time per query, each prepared once and run {@code ROUNDS} times after
 * a warm-up. {@code java -cp <bench classpath> io.tidal.bench.sql.IndexJoinBench}.
 */
public final class IndexJoinBench {
  private static final int BIG = 100_000;
  private static final int OUTER = 100;
  private static final int ROUNDS = 200;

  private IndexJoinBench() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:ixjoinbench");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE outer_t (k INTEGER PRIMARY KEY, v INTEGER, w INTEGER)");
      s.execute("CREATE TABLE big (k INTEGER PRIMARY KEY, v INTEGER, t VARCHAR)");
      s.execute("CREATE INDEX big_v ON big (v)");
      s.execute("CREATE TABLE big_plain (k INTEGER, v INTEGER, t VARCHAR)");
      Random r = new Random(42);
      for (String table : new String[] {"big", "big_plain"}) {
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
          for (int k = 0; k < BIG; k++) {
            p.setInt(1, k);
            p.setInt(2, k % 20_000); // 5 rows per value
            p.setString(3, "t" + k);
            p.addBatch();
            if (k % 10_000 == 9_999) {
              p.executeBatch();
            }
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO outer_t VALUES (?, ?, ?)")) {
        for (int k = 0; k < OUTER; k++) {
          p.setInt(1, k);
          p.setInt(2, r.nextInt(BIG));
          p.setInt(3, r.nextInt(20_000));
          p.addBatch();
        }
        p.executeBatch();
      }
      String key = "SELECT o.k, b.t FROM outer_t o JOIN %s b ON b.k = o.v";
      String index = "SELECT o.k, b.t FROM outer_t o JOIN %s b ON b.v = o.w";
      run(c, "primary key", String.format(Locale.ROOT, key, "big"));
      run(c, "no key (hash join)", String.format(Locale.ROOT, key, "big_plain"));
      run(c, "secondary index", String.format(Locale.ROOT, index, "big"));
      run(c, "no index (hash join)", String.format(Locale.ROOT, index, "big_plain"));
    }
  }

  private static void run(Connection c, String what, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      System.out.println(what + ": " + sql + "\n" + rs.getString(1));
    }
    long[] times = new long[ROUNDS];
    long rows = 0;
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = -20; i < ROUNDS; i++) {
        long t0 = System.nanoTime();
        rows = 0;
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rows++;
          }
        }
        if (i >= 0) {
          times[i] = System.nanoTime() - t0;
        }
      }
    }
    Arrays.sort(times);
    System.out.printf(
        Locale.ROOT,
        "%-22s %6d rows  median %8.3f ms  p90 %8.3f ms%n%n",
        what,
        rows,
        times[ROUNDS / 2] / 1e6,
        times[ROUNDS * 9 / 10] / 1e6);
  }
}
