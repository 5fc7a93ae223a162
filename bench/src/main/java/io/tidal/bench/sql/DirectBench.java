package io.tidal.bench.sql;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.Random;

/**
 * Prepared ranked queries (issue 18): W1's Q1 (top-10 by decay), Q2 (a three-type blend) and Q6
 * (velocity) through {@code jdbc:tidal:}, plus a ranked query sent as a plain {@code Statement}
 * with new literals each time. Run it twice, with {@code -Dtidal.directExecution=false} (Calcite's
 * execution of the same plan) and without (the direct executor), on the same data: the ratio of the
 * two is the figure. A harness, not JMH: each figure is the median and p90 of individually timed
 * executions after an untimed warm-up of the same count.
 *
 * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * io.tidal.bench.sql.DirectBench [items] [signals] [repetitions] [only]} (defaults 100,000 /
 * 400,000 / 100,000; {@code only}: run just the rows whose name starts with it, e.g. {@code Q1});
 * prints a Markdown table.
 */
public final class DirectBench {
  private static final PrintStream OUT = System.out;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final String AT = "TIMESTAMP '2026-11-02 00:00:00'";
  private static String only = "";

  private DirectBench() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int signals = args.length > 1 ? Integer.parseInt(args[1]) : 400_000;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    only = args.length > 3 ? args[3] : "";
    Path dir = Files.createTempDirectory("tidal-direct");
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dir.resolve("db"))) {
      load(c, items, signals);
      String direct = System.getProperty("tidal.directExecution", "true");
      OUT.printf(
          Locale.ROOT,
          "| query (%,d items, %,d signals; directExecution=%s) | p50 | p90 | thread CPU |%n",
          items,
          signals,
          direct);
      OUT.println("|---|---|---|---|");
      prepared(
          c,
          "Q1 decay top-10",
          "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
              + AT
              + ") AS s FROM items ORDER BY s DESC LIMIT 10",
          reps);
      prepared(
          c,
          "Q2 blend top-10",
          "SELECT id, 1 * DECAY_SCORE(id, 'view', INTERVAL '1' DAY, "
              + AT
              + ") + 5 * DECAY_SCORE(id, 'like', INTERVAL '6' HOUR, "
              + AT
              + ") + 10 * DECAY_SCORE(id, 'share', INTERVAL '1' DAY, "
              + AT
              + ") AS s FROM items ORDER BY s DESC LIMIT 10",
          reps / 10);
      prepared(
          c,
          "Q6 velocity top-10",
          "SELECT id, VELOCITY(id, 'view', INTERVAL '1' HOUR, "
              + AT
              + ") AS v FROM items ORDER BY v DESC LIMIT 10",
          reps);
      adHoc(c, Math.max(200, reps / 100));
      planned(c, Math.max(100, reps / 1000));
    }
  }

  private static void load(Connection c, int items, int signals) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY)"
              + " WINDOW (INTERVAL '1' HOUR)");
      s.execute(
          "CREATE SIGNAL TYPE like ON items HALF_LIFE (INTERVAL '6' HOUR)"
              + " WINDOW (INTERVAL '1' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE share ON items HALF_LIFE (INTERVAL '1' DAY)"
              + " WINDOW (INTERVAL '1' DAY)");
    }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
      for (int i = 0; i < items; i++) {
        ins.setString(1, "i" + i);
        ins.setString(2, "title " + i);
        ins.addBatch();
        if (i % 1000 == 999) {
          ins.executeBatch();
        }
      }
      ins.executeBatch();
    }
    Random r = new Random(18);
    String[] types = {"view", "view", "view", "like", "share"};
    long from = Timestamp.valueOf("2026-11-01 00:00:00").getTime();
    long step = 86_400_000L / signals;
    try (PreparedStatement sig =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, 1.0, ?)")) {
      for (int i = 0; i < signals; i++) {
        sig.setString(1, types[r.nextInt(types.length)]);
        sig.setString(2, "i" + (int) (items * Math.pow(r.nextDouble(), 3))); // skewed
        sig.setTimestamp(3, new Timestamp(from + i * step));
        sig.addBatch();
        if (i % 1000 == 999) {
          sig.executeBatch();
        }
      }
      sig.executeBatch();
    }
  }

  private static void prepared(Connection c, String name, String sql, int reps)
      throws SQLException {
    if (!name.startsWith(only)) {
      return;
    }
    long[] lat = new long[reps];
    double sink = 0;
    long cpu = 0;
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int round = 0; round < 2; round++) { // the first round warms up
        cpu = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          long t0 = System.nanoTime();
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              rs.getString(1);
              sink += rs.getDouble(2);
            }
          }
          lat[i] = System.nanoTime() - t0;
        }
        cpu = CPU.getCurrentThreadCpuTime() - cpu;
      }
    }
    report(name + (sink > 0 ? "" : " (no rows)"), lat, 1e3, "us", cpu / 1e3 / reps);
  }

  /** A ranked query as a plain Statement, a new {@code at} and limit each time. */
  private static void adHoc(Connection c, int reps) throws SQLException {
    if ("plain".startsWith(only)) {
      plain(
          c,
          reps,
          (round, i) ->
              "SELECT id, title, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, TIMESTAMP "
                  + String.format(
                      Locale.ROOT,
                      "'2026-11-02 %02d:%02d:%02d'",
                      round * 12 + i / 3600 % 12,
                      i / 60 % 60,
                      i % 60)
                  + ") AS hot FROM items ORDER BY hot DESC LIMIT "
                  + (5 + i % 20),
          "plain Statement ranked query, new literals each time");
    }
  }

  /**
   * Planning alone (item 2's "any single-table query plans in <= 20 ms"): {@code prepareStatement}
   * of single-table queries whose texts are all new (a string literal is not parameterized, so
   * nothing is cached): parse, validate, optimise and generate code, no execution.
   */
  private static void planned(Connection c, int reps) throws SQLException {
    if (!"planned".startsWith(only)) {
      return;
    }
    String[] shapes = {
      "SELECT id, title FROM items WHERE id = 'i%d'",
      "SELECT title, COUNT(*) AS n FROM items WHERE title <> 'x%d' GROUP BY title"
          + " ORDER BY n DESC LIMIT 5",
      "SELECT id, UPPER(title) FROM items WHERE title LIKE 'title %d%%' ORDER BY id LIMIT 20",
    };
    for (String shape : shapes) {
      long[] lat = new long[reps];
      long cpu = 0;
      for (int round = 0; round < 2; round++) {
        cpu = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          String text = String.format(Locale.ROOT, shape, round * reps + i);
          long t0 = System.nanoTime();
          try (PreparedStatement p = c.prepareStatement(text)) {
            lat[i] = System.nanoTime() - t0;
          }
        }
        cpu = CPU.getCurrentThreadCpuTime() - cpu;
      }
      report(
          "planned (prepareStatement), new text each time: `" + shape + "`",
          lat,
          1e6,
          "ms",
          cpu / 1e6 / reps);
    }
  }

  /** The text of plain statement {@code i} of warm-up ({@code round} 0) or timed round 1. */
  private interface Text {
    String of(int round, int i);
  }

  /** Times {@code reps} plain Statements with texts from {@code sql}, after as many untimed. */
  private static void plain(Connection c, int reps, Text sql, String name) throws SQLException {
    long[] lat = new long[reps];
    long cpu = 0;
    for (int round = 0; round < 2; round++) {
      cpu = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < reps; i++) {
        String text = sql.of(round, i);
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(text)) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
        lat[i] = System.nanoTime() - t0;
      }
      cpu = CPU.getCurrentThreadCpuTime() - cpu;
    }
    report(name, lat, 1e6, "ms", cpu / 1e6 / reps);
  }

  /** A table row: p50, p90 and the calling thread's mean CPU time per execution. */
  private static void report(String name, long[] lat, double unit, String u, double cpu) {
    long[] s = lat.clone();
    Arrays.sort(s);
    OUT.printf(
        Locale.ROOT,
        "| %s | %.2f %s | %.2f %s | %.2f %s |%n",
        name,
        s[s.length / 2] / unit,
        u,
        s[s.length * 9 / 10] / unit,
        u,
        cpu,
        u);
  }
}
