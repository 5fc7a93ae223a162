package io.tidal.bench.rank;

import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.Hook;

/**
 * Ranked retrieval latency, W1-like: 100,000 items in 20 categories, 2,000,000 signals over the 7
 * days before now (view 70 %, like 20 %, share 10 %, item popularity skewed), loaded through the
 * engine API into a directory database; then prepared top-10 queries through {@code jdbc:tidal:}
 * on that directory, each timed from
 * {@code executeQuery} to the last row read, after warm-up. A full-scan baseline (rank rules off)
 * is timed for comparison. Then the growth of an engine-level top-10 ({@link TidalDB#topK}) from
 * 10^5 to 10^7 entities (SQL ingest of 10^7 rows would take too long on this machine).
 *
 * <p>Question: does a ranked query cost microseconds, independent of the table size? Run:
 * <pre>
 * mvn -B -q -o -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/cp.txt -DskipTests
 * java -Xmx12g -cp bench/target/classes:$(cat bench/target/cp.txt) io.tidal.bench.rank.RankBench [maxEntities]
 * </pre>
 * Prints a Markdown report (docs/benchmarks/rank.md keeps the measured one). Not asserted.
 */
public final class RankBench {
  private static final int ITEMS = 100_000;
  private static final int SIGNALS = 2_000_000;
  private static final int CATEGORIES = 20;
  private static final int WARMUP = 2_000;
  private static final int RUNS = 5_000;
  private static final PrintStream OUT = System.out;

  private RankBench() {}

  public static void main(String[] args) throws Exception {
    // args[0]: largest entity count of the engine-level growth series (default 10^7)
    long maxEntities = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    OUT.println(
        "# Ranked retrieval benchmark ("
            + Instant.now()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + System.getProperty("java.version")
            + ")");
    sql();
    engineGrowth(maxEntities);
  }

  private record Query(String name, String target, String sql, Object... params) {}

  private static void sql() throws SQLException, IOException {
    long t0 = System.nanoTime();
    Path dir = load();
    OUT.printf(
        Locale.ROOT,
        "%nLoaded %,d items and %,d signals (engine API, directory database) in %.1f s.%n%n",
        ITEMS,
        SIGNALS,
        (System.nanoTime() - t0) / 1e9);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dir + ";durability=async")) {
      String d1 = "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR)";
      List<Query> qs =
          List.of(
              new Query(
                  "top-10, one decay score",
                  "20 us",
                  "SELECT id, title, " + d1 + " AS hot FROM items ORDER BY hot DESC LIMIT 10"),
              new Query(
                  "top-10, blend of three",
                  "200 us",
                  "SELECT id, 1.0 * "
                      + d1
                      + " + 5.0 * DECAY_SCORE(id, 'like', INTERVAL '1' DAY)"
                      + " + 0.5 * DECAY_SCORE(id, 'share', INTERVAL '7' DAY) AS s"
                      + " FROM items ORDER BY s DESC LIMIT 10"),
              new Query(
                  "top-10, 1-hour velocity",
                  "100 us",
                  "SELECT id, VELOCITY(id, 'view', INTERVAL '1' HOUR) AS v FROM items"
                      + " ORDER BY v DESC LIMIT 10"),
              new Query(
                  "top-10, category filter (1 of 20)",
                  "200 us",
                  "SELECT id, title, "
                      + d1
                      + " AS hot FROM items WHERE category = ?"
                      + " ORDER BY hot DESC LIMIT 10",
                  "c7"),
              new Query(
                  "top-10, LIMIT ? OFFSET ?",
                  "-",
                  "SELECT id, " + d1 + " AS hot FROM items ORDER BY hot DESC LIMIT ? OFFSET ?",
                  10,
                  10));
      OUT.println(
          "| query (prepared, JDBC) | target | p50 | p90 | p99 | mean | full scan p50 | "
              + "speed-up |");
      OUT.println("|---|---|---|---|---|---|---|---|");
      for (Query q : qs) {
        if (!plan(c, q, true).contains("TopKScan")) {
          throw new IllegalStateException("not answered from an index: " + q.sql());
        }
        long[] idx = time(c, q, WARMUP, RUNS, true);
        long[] scan = time(c, q, 2, 5, false);
        OUT.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s | %,.0fx |%n",
            q.name(),
            q.target(),
            us(pct(idx, 50)),
            us(pct(idx, 90)),
            us(pct(idx, 99)),
            us(mean(idx)),
            us(pct(scan, 50)),
            (double) pct(scan, 50) / pct(idx, 50));
      }
    }
  }

  /**
   * Loads W1 through the engine API into a directory database (the JDBC signal path is measured by
   * the SQL benchmarks; 2M single-row JDBC inserts took over 10 minutes on the busy machine), closes
   * it (checkpoint), and returns the directory for {@code jdbc:tidal:}.
   */
  private static Path load() throws IOException {
    Path dir = Files.createTempDirectory("rankbench");
    Random rnd = new Random(42);
    long now = System.currentTimeMillis();
    Duration h = Duration.ofHours(1);
    Duration d = Duration.ofDays(1);
    Duration w = Duration.ofDays(7);
    try (TidalDB db =
        TidalDB.open(Config.builder().directory(dir).durability(Durability.ASYNC).build())) {
      db.createTable(
          new EntityTable(
              "items",
              List.of(
                  new Column("id", ColumnType.VARCHAR, false),
                  new Column("title", ColumnType.VARCHAR, true),
                  new Column("category", ColumnType.VARCHAR, true)),
              0));
      db.createSignalType(new SignalType("view", "items", List.of(h, d), List.of(h, d)), false);
      db.createSignalType(new SignalType("like", "items", List.of(d), List.of(d)), false);
      db.createSignalType(new SignalType("share", "items", List.of(w), List.of(w)), false);
      for (int i = 0; i < ITEMS; i++) {
        db.insertRow(
            "items", new Object[] {"item" + i, "Title " + i, "c" + rnd.nextInt(CATEGORIES)});
      }
      String[] types = {
        "view", "view", "view", "view", "view", "view", "view", "like", "like", "share"
      };
      List<Signal> batch = new ArrayList<>();
      for (int i = 0; i < SIGNALS; i++) {
        int item = (int) (ITEMS * Math.pow(rnd.nextDouble(), 3)); // popularity skew
        batch.add(
            new Signal(
                types[rnd.nextInt(types.length)],
                "item" + item,
                1.0,
                now - rnd.nextInt(7 * 24 * 3600) * 1000L,
                null));
        if (batch.size() == 10_000) {
          db.signalBatch(batch);
          batch.clear();
        }
      }
      db.signalBatch(batch);
    }
    return dir;
  }

  private static String plan(Connection c, Query q, boolean rules) throws SQLException {
    try (Hook.Closeable h = rules ? Hook.Closeable.EMPTY : rulesOff();
        PreparedStatement ps = c.prepareStatement("EXPLAIN PLAN FOR " + q.sql())) {
      bind(ps, q);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Nanoseconds per execution (executeQuery to last row), after {@code warm} executions. */
  private static long[] time(Connection c, Query q, int warm, int runs, boolean rules)
      throws SQLException {
    try (Hook.Closeable h = rules ? Hook.Closeable.EMPTY : rulesOff();
        PreparedStatement ps = c.prepareStatement(q.sql())) {
      bind(ps, q);
      long[] t = new long[runs];
      long sink = 0;
      for (int i = -warm; i < runs; i++) {
        long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink += rs.getString(1).length();
          }
        }
        if (i >= 0) {
          t[i] = System.nanoTime() - t0;
        }
      }
      if (sink == 0) {
        throw new IllegalStateException("no rows from " + q.sql());
      }
      Arrays.sort(t);
      return t;
    }
  }

  private static void bind(PreparedStatement ps, Query q) throws SQLException {
    for (int i = 0; i < q.params().length; i++) {
      ps.setObject(i + 1, q.params()[i]);
    }
  }

  private static Hook.Closeable rulesOff() {
    Pattern tidal = Pattern.compile("Tidal.*Rule.*");
    Consumer<RelOptPlanner> off = p -> p.setRuleDescExclusionFilter(tidal);
    return Hook.PLANNER.addThread(off);
  }

  /** Engine-level top-10 by one decay score at 10^5, 10^6, 10^7 entities (one signal each). */
  private static void engineGrowth(long maxEntities) {
    OUT.println();
    OUT.println("| entities (engine, TidalDB.topK) | load | top-10 p50 | p99 | touched |");
    OUT.println("|---|---|---|---|---|");
    double first = 0;
    double last = 0;
    for (long n = 100_000; n <= maxEntities; n *= 10) {
      long[] r = engineTopK((int) n);
      double p50 = pct(r, 50);
      first = first == 0 ? p50 : first;
      last = p50;
    }
    OUT.printf(
        Locale.ROOT,
        "%nGrowth of the top-10 p50 from 10^5 to the largest size: %.2fx%n",
        last / first);
  }

  private static long[] engineTopK(int n) {
    Duration h = Duration.ofHours(1);
    long now = System.currentTimeMillis();
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().backgroundThreads(false).build())) {
      db.createTable(EntityTable.keyOnly("items"));
      db.createSignalType(new SignalType("view", "items", List.of(h), List.of(h)), false);
      Random rnd = new Random(n);
      long t0 = System.nanoTime();
      List<Signal> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(new Signal("view", "e" + i, 1.0, now - rnd.nextInt(7 * 24 * 3600) * 1000L, null));
        if (batch.size() >= 30_000) {
          db.signalBatch(batch);
          batch.clear();
        }
      }
      db.signalBatch(batch);
      double load = (System.nanoTime() - t0) / 1e9;
      RankQuery q = RankQuery.decay("view", h, now, 10);
      long[] t = new long[RUNS];
      long touched = 0;
      for (int i = -WARMUP; i < RUNS; i++) {
        long s = System.nanoTime();
        RankResult r = db.topK(q);
        if (i >= 0) {
          t[i] = System.nanoTime() - s;
          touched = r.touched();
        }
      }
      Arrays.sort(t);
      OUT.printf(
          Locale.ROOT,
          "| %,d | %.0f s | %s | %s | %d |%n",
          n,
          load,
          us(pct(t, 50)),
          us(pct(t, 99)),
          touched);
      return t;
    }
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
  }

  private static long mean(long[] t) {
    long s = 0;
    for (long x : t) {
      s += x;
    }
    return s / t.length;
  }

  private static String us(long nanos) {
    return nanos >= 1_000_000
        ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
  }

  private static String us(double nanos) {
    return us((long) nanos);
  }
}
