package io.tidal.bench.sql;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latency and throughput of the SQL layer through {@code jdbc:tidal:} (issue 6 targets): prepared
 * {@code SELECT DECAY_SCORE(?, ...)}, prepared single-row {@code INSERT INTO signals} (async),
 * {@code executeBatch} of 1,000-row batches (sync and async), plain {@code Statement} INSERT with
 * literals, and the first query of this JVM. A harness, not JMH: each figure is the median (and
 * p99) of individually timed operations after a warm-up, on a file database in a temp directory.
 * The warm-up runs the same operation untimed first (150,000 times for the prepared statements,
 * 250 batches): the JIT needs about that many calls to compile the path (measured: the prepared
 * insert's p50 fell from 16 to 6 us over its first 150,000 calls), and an embedded database is
 * measured in a long-running application.
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -cp "bench/target/classes:$(cat
 * bench/target/cp.txt)" io.tidal.bench.sql.SqlBench [iterations]} or from an IDE; prints a
 * Markdown table.
 */
public final class SqlBench {
  private static final PrintStream OUT = System.out;

  private SqlBench() {}

  private static final int WARMUP = 150_000;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("tidal-sqlbench");
    try {
      run(dir, n);
    } finally {
      deleteTree(dir);
    }
  }

  private static void run(Path dir, int n) throws SQLException {
    long t0 = System.nanoTime();
    String url = "jdbc:tidal:" + dir.resolve("db") + ";durability=async";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY)");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
        rs.next();
      }
      long first = System.nanoTime() - t0;
      OUT.printf(
          Locale.ROOT,
          "| first query in a fresh JVM (connect + DDL + SELECT) | %.0f ms |%n",
          first / 1e6);
      long base = 1_790_000_000_000L;
      try (PreparedStatement ins =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)")) {
        long[] lat = new long[WARMUP + n];
        for (int i = 0; i < lat.length; i++) {
          long a = System.nanoTime();
          ins.setString(1, "view");
          ins.setString(2, "i" + (i % 1000));
          ins.setDouble(3, 1.0);
          ins.setTimestamp(4, new Timestamp(base + i));
          ins.executeUpdate();
          lat[i] = System.nanoTime() - a;
        }
        report("prepared single-row INSERT INTO signals (async)", lat, WARMUP);
      }
      try (PreparedStatement q =
          c.prepareStatement("SELECT DECAY_SCORE(?, 'view', INTERVAL '1' HOUR)")) {
        long[] lat = new long[WARMUP + n];
        double sink = 0;
        for (int i = 0; i < lat.length; i++) {
          long a = System.nanoTime();
          q.setString(1, "i" + (i % 1000));
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            sink += rs.getDouble(1);
          }
          lat[i] = System.nanoTime() - a;
        }
        report("prepared SELECT DECAY_SCORE(?, 'view', INTERVAL '1' HOUR)", lat, WARMUP);
        if (sink < 0) {
          OUT.println(sink);
        }
      }
      batch(c, "async", base);
      int m = Math.min(n, 5_000) * 2; // the first half warms up
      long[] lat = new long[m];
      for (int i = 0; i < m; i++) {
        long a = System.nanoTime();
        s.executeUpdate("INSERT INTO items VALUES ('p" + i + "', 'title " + i + "')");
        lat[i] = System.nanoTime() - a;
      }
      report("plain Statement INSERT INTO items with literals", lat, m / 2);
      for (int i = 0; i < m; i++) {
        long a = System.nanoTime();
        s.executeUpdate(
            "INSERT INTO signals VALUES ('view', 'p"
                + (i % 100)
                + "', 1.0, "
                + "TIMESTAMP '2026-11-01 12:00:00', NULL)");
        lat[i] = System.nanoTime() - a;
      }
      report("plain Statement INSERT INTO signals with literals", lat, m / 2);
    }
    String syncUrl = "jdbc:tidal:" + dir.resolve("sync");
    try (Connection c = DriverManager.getConnection(syncUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) "
              + "WINDOW (INTERVAL '1' HOUR)");
      batch(c, "sync", 1_790_000_000_000L);
    }
  }

  private static void batch(Connection c, String mode, long base) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)")) {
      int batches = 500;
      long total = 0;
      long start = 0;
      for (int b = 0; b < batches; b++) {
        if (b == batches / 2) {
          start = System.nanoTime();
          total = 0;
        }
        for (int i = 0; i < 1000; i++) {
          ins.setString(1, "view");
          ins.setString(2, "e" + (i % 5000));
          ins.setDouble(3, 1.0);
          ins.setTimestamp(4, new Timestamp(base + b * 1000L + i));
          ins.addBatch();
        }
        total += ins.executeBatch().length;
      }
      double secs = (System.nanoTime() - start) / 1e9;
      OUT.printf(
          Locale.ROOT,
          "| executeBatch, 1,000-row batches (%s) | %,.0f signals/s |%n",
          mode,
          total / secs);
    }
  }

  private static void report(String what, long[] lat, int warmup) {
    long[] l = Arrays.copyOfRange(lat, warmup, lat.length);
    Arrays.sort(l);
    OUT.printf(
        Locale.ROOT,
        "| %s | p50 %.1f us, p99 %.1f us |%n",
        what,
        l[l.length / 2] / 1e3,
        l[(int) (l.length * 0.99)] / 1e3);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
