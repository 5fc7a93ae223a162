package io.tidal.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ranked queries Q1, Q2 and Q6 of workload W1 on one target, measured window after window
 * until the latency stops changing (the JIT's warm-up made visible), every answer checked against
 * the oracle outside the timed region. The e2e run ({@link Runner}) measures each query once, for
 * a few seconds after a warm-up capped at 20,000 repetitions; this shows where that lands on the
 * warm-up curve of each target.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.e2e.SteadyState \
 *     TARGET DIR [SECONDS_PER_WINDOW [WINDOWS]]
 * </pre>
 *
 * <p>DIR: the target's database is built there (create + W1 ingest at full scale) unless an
 * earlier invocation left it; the timings do not include the build. Prints one Markdown row per
 * query and window: repetitions, p50 and p99 in µs.
 */
public final class SteadyState {
  private SteadyState() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Path dir = Paths.get(args[1]);
    long windowNanos = (long) ((args.length > 2 ? Double.parseDouble(args[2]) : 5.0) * 1e9);
    int windows = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    W1 w = W1.full(W1.SEED);
    Oracle oracle = Oracle.compute(w);
    Target t = Targets.create(name);
    Path marker = dir.resolve("built");
    if (!Files.exists(marker)) {
      Files.createDirectories(dir);
      t.create(dir, w);
      Batch.feed(w, 1000, t::ingest);
      t.close();
      Files.createFile(marker);
    }
    t.open(dir, w);
    try {
      t.prepare(w.at());
      double[] views = new double[w.items()];
      for (int i = 0; i < views.length; i++) {
        views[i] = oracle.views1h[i];
      }
      System.out.println("| target | query | window | reps | p50 µs | p99 µs |");
      System.out.println("|---|---|---:|---:|---:|---:|");
      measure(
          name,
          "Q1",
          Runner.top(t::q1, oracle.q1, oracle.view1h, 1.0, false, "Q1"),
          windowNanos,
          windows);
      measure(
          name,
          "Q2",
          Runner.top(t::q2, oracle.q2, oracle.blend, 1.0, false, "Q2"),
          windowNanos,
          windows);
      measure(
          name,
          "Q6",
          Runner.top(t::q6, oracle.q6, views, 1.0 / 3600, true, "Q6"),
          windowNanos,
          windows);
    } finally {
      t.close();
    }
  }

  private static void measure(
      String target, String q, Measure.Query<List<Ranked>> query, long windowNanos, int windows)
      throws SQLException {
    long[] lat = new long[1 << 20];
    int i = 0;
    for (int win = 1; win <= windows; win++) {
      int n = 0;
      long end = System.nanoTime() + windowNanos;
      while (System.nanoTime() < end && n < lat.length) {
        long t0 = System.nanoTime();
        List<Ranked> a = query.ask(i);
        lat[n++] = System.nanoTime() - t0;
        String err = query.check(i++, a);
        if (err != null) {
          throw new IllegalStateException(target + " " + q + " answered wrongly: " + err);
        }
      }
      Arrays.sort(lat, 0, n);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %,d | %.1f | %.1f |%n",
          target,
          q,
          win,
          n,
          lat[n / 2] / 1e3,
          lat[Math.min(n - 1, (int) (n * 0.99))] / 1e3);
    }
  }
}
