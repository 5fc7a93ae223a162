package io.tidal.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The child JVM: runs every phase against one target and writes its {@link Results}.
 *
 * <p>Usage: {@code Runner <target> <scale> <seed> <workDir> <resultsFile>}. Phases, in order:
 * create (untimed), durable batch ingest, Q1-Q6, close and disk size, reopen (open + first point
 * query, answer checked), single-row autocommit with 1 then 8 threads (appended to the loaded
 * database, bounded by rows and time), peak RSS. A failing phase marks itself and every phase
 * that depends on it, and the run goes on where it can; a target whose driver is missing is
 * UNAVAILABLE.
 */
public final class Runner {
  private final String name;
  private final W1 w;
  private final Path dir;
  private final Results out = new Results();
  private Oracle oracle;
  private int[] probes;

  private Runner(String name, W1 w, Path dir) {
    this.name = name;
    this.w = w;
    this.dir = dir;
  }

  public static void main(String[] args) throws IOException {
    W1 w = W1.named(args[1], Long.parseLong(args[2]));
    Runner r = new Runner(args[0], w, Paths.get(args[3]));
    r.runAll();
    r.out.write(Paths.get(args[4]));
  }

  private void log(String msg) {
    System.err.println("[" + name + "] " + msg);
  }

  private void runAll() {
    long t0 = System.nanoTime();
    oracle = Oracle.compute(w);
    probes = SignalStream.probes(w);
    log(String.format(Locale.ROOT, "oracle computed in %.1f s", (System.nanoTime() - t0) / 1e9));
    Target t = Targets.create(name);
    out.info.put("describe", t.describe());
    try {
      Files.createDirectories(dir);
      t.create(dir, w);
      out.info.put("version", t.version());
    } catch (SQLException | IOException | RuntimeException | LinkageError e) {
      closeQuietly(t);
      out.status.put("all", (isMissingDriver(e) ? "UNAVAILABLE: " : "FAILED: ") + e);
      log("unavailable: " + e);
      rss();
      return;
    }
    if (ingest(t) && queries(t)) {
      closeQuietly(t);
      disk();
      if (reopen(t)) {
        single(t, 1, Metric.INGEST_1T, 0);
        single(t, 8, Metric.INGEST_8T, singleRows());
      }
    }
    closeQuietly(t);
    rss();
  }

  private static boolean isMissingDriver(Throwable e) {
    return e instanceof LinkageError
        || String.valueOf(e.getMessage()).contains("No suitable driver");
  }

  private boolean ingest(Target t) {
    long[] nanosAndRows = new long[2];
    try {
      Batch.feed(
          w,
          1000,
          b -> {
            long t0 = System.nanoTime();
            t.ingest(b);
            long nanos = nanosAndRows[0] += System.nanoTime() - t0;
            long rows = nanosAndRows[1] += b.size;
            if (rows % (w.signals() / 10) == 0) {
              log(
                  String.format(
                      Locale.ROOT,
                      "ingest: %,d rows, %,.0f rows/s so far",
                      rows,
                      rows / (nanos / 1e9)));
            }
          });
    } catch (SQLException | RuntimeException e) {
      out.status.put("ingest", "FAILED after " + nanosAndRows[1] + " rows: " + e);
      log("ingest failed: " + e);
      return false;
    }
    long nanos = nanosAndRows[0];
    long rows = nanosAndRows[1];
    out.status.put("ingest", Results.OK);
    out.put(Metric.INGEST_BATCH, rows / (nanos / 1e9));
    log(String.format(Locale.ROOT, "ingest %,d rows at %,.0f rows/s", rows, rows / (nanos / 1e9)));
    return true;
  }

  /**
   * Warm-up windows, warm-up cap, measured time per query. Full scale: 0.5 s windows up to 30 s
   * (tidal's Q1 settles within a few seconds); quick: 0.1 s windows up to 1 s and 0.4 s measured,
   * so that the seven targets fit in about three minutes.
   */
  private Measure.Budget budget() {
    switch (w.scaleName()) {
      case "full":
        return new Measure.Budget(500_000_000L, 30_000_000_000L, 0.05, 5_000_000_000L, 200_000, 3);
      case "quick":
        return new Measure.Budget(100_000_000L, 1_000_000_000L, 0.05, 400_000_000L, 100_000, 3);
      default:
        return new Measure.Budget(5_000_000L, 20_000_000L, 0.05, 20_000_000L, 1_000, 3);
    }
  }

  private boolean queries(Target t) {
    try {
      t.prepare(w.at());
    } catch (SQLException | RuntimeException e) {
      for (String q : List.of("Q1", "Q2", "Q3", "Q4", "Q5", "Q6")) {
        out.status.put(q, "FAILED: prepare: " + e);
      }
      return false;
    }
    record(1, Measure.run(top(t::q1, oracle.q1, oracle.view1h, 1.0, false, "Q1"), budget()));
    record(2, Measure.run(top(t::q2, oracle.q2, oracle.blend, 1.0, false, "Q2"), budget()));
    record(
        3,
        Measure.run(
            new Measure.Query<Double>() {
              public Double ask(int i) throws SQLException {
                return t.q3(W1.id(probes[i % probes.length]));
              }

              public String check(int i, Double a) {
                int p = probes[i % probes.length];
                return Oracle.checkValue("Q3 " + W1.id(p), a, oracle.view1h[p]);
              }
            },
            budget()));
    record(
        4,
        Measure.run(
            new Measure.Query<Long>() {
              public Long ask(int i) throws SQLException {
                return t.q4(W1.id(probes[i % probes.length]));
              }

              public String check(int i, Long a) {
                int p = probes[i % probes.length];
                return a == oracle.likes24h[p]
                    ? null
                    : "Q4 " + W1.id(p) + ": got " + a + ", expected " + oracle.likes24h[p];
              }
            },
            budget()));
    record(
        5,
        Measure.run(
            new Measure.Query<Double>() {
              public Double ask(int i) throws SQLException {
                return t.q5(W1.id(probes[i % probes.length]));
              }

              public String check(int i, Double a) {
                int p = probes[i % probes.length];
                return Oracle.checkValue(
                    "Q5 " + W1.id(p), a, Oracle.velocity(oracle.views1h[p], W1.HOUR));
              }
            },
            budget()));
    double[] views = new double[w.items()];
    for (int i = 0; i < views.length; i++) {
      views[i] = oracle.views1h[i];
    }
    record(6, Measure.run(top(t::q6, oracle.q6, views, 1.0 / 3600, true, "Q6"), budget()));
    return true;
  }

  interface TopCall {
    List<Ranked> get() throws SQLException;
  }

  static Measure.Query<List<Ranked>> top(
      TopCall call,
      List<Ranked> expected,
      double[] exact,
      double scale,
      boolean integral,
      String what) {
    return new Measure.Query<>() {
      public List<Ranked> ask(int i) throws SQLException {
        return call.get();
      }

      public String check(int i, List<Ranked> a) {
        return Oracle.checkTop(what, a, expected, exact, scale, integral);
      }
    };
  }

  private void record(int q, Measure.Outcome o) {
    String phase = "Q" + q;
    out.status.put(phase, o.status());
    out.info.put(phase + ".reps", Integer.toString(o.reps()));
    out.info.put(phase + ".warm", o.warmReps() + (o.settled() ? " settled" : " capped"));
    if (Results.OK.equals(o.status())) {
      out.put(Metric.valueOf(phase + "_P50"), o.p50());
      out.put(Metric.valueOf(phase + "_P99"), o.p99());
    }
    log(
        String.format(
            Locale.ROOT,
            "%s %s p50 %.1f µs p99 %.1f µs (%d reps after %d warm-up reps, %s)",
            phase,
            o.status(),
            o.p50(),
            o.p99(),
            o.reps(),
            o.warmReps(),
            o.settled() ? "settled" : "not settled at the cap"));
  }

  private void disk() {
    try (Stream<Path> files = Files.walk(dir)) {
      long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      out.put(Metric.DISK, bytes / 1e6);
      out.status.put("disk", Results.OK);
    } catch (IOException e) {
      out.status.put("disk", "FAILED: " + e);
    }
  }

  private boolean reopen(Target t) {
    try {
      long t0 = System.nanoTime();
      t.open(dir, w);
      t.prepare(w.at());
      int p = probes[0];
      double a = t.q3(W1.id(p));
      long t1 = System.nanoTime();
      String err = Oracle.checkValue("Q3 after reopen " + W1.id(p), a, oracle.view1h[p]);
      out.status.put("reopen", err == null ? Results.OK : "WRONG: " + err);
      out.put(Metric.REOPEN, (t1 - t0) / 1e6);
      return true;
    } catch (SQLException | RuntimeException e) {
      out.status.put("reopen", "FAILED: " + e);
      return false;
    }
  }

  private int singleRows() {
    switch (w.scaleName()) {
      case "full":
        return 20_000;
      case "quick":
        return 2_000;
      default:
        return 50;
    }
  }

  private long singleNanos() {
    return w.scaleName().equals("full")
        ? 30_000_000_000L
        : w.scaleName().equals("quick") ? 2_000_000_000L : 1_000_000_000L;
  }

  /** Rows {@code skip .. skip + singleRows()} of the stream, written one per commit by threads. */
  private void single(Target t, int threads, Metric m, int skip) {
    Batch rows = new Batch(singleRows());
    SignalStream s = new SignalStream(w);
    for (int i = 0; i < skip + singleRows() && s.advance(); i++) {
      if (i >= skip) {
        rows.add(s);
      }
    }
    AtomicLong written = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    long deadline = System.nanoTime() + singleNanos();
    long t0 = System.nanoTime();
    for (int k = 0; k < threads; k++) {
      int first = k;
      Thread th =
          new Thread(
              () -> {
                try (Target.SingleWriter wr = t.singleWriter()) {
                  for (int i = first; i < rows.size && !stop.get(); i += threads) {
                    wr.write(rows.type[i], rows.item[i], rows.weight[i], rows.ts[i]);
                    written.incrementAndGet();
                    if (System.nanoTime() > deadline) {
                      stop.set(true);
                    }
                  }
                } catch (SQLException | RuntimeException e) {
                  failure.compareAndSet(null, e);
                  stop.set(true);
                }
              },
              name + "-writer-" + k);
      workers.add(th);
      th.start();
    }
    for (Thread th : workers) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    long nanos = System.nanoTime() - t0;
    String phase = m.phase;
    if (failure.get() != null) {
      out.status.put(phase, "FAILED after " + written.get() + " rows: " + failure.get());
    } else {
      out.status.put(phase, Results.OK);
      out.put(m, written.get() / (nanos / 1e9));
      out.info.put(phase + ".rows", Long.toString(written.get()));
    }
    log(
        String.format(
            Locale.ROOT,
            "%s: %,d rows at %,.0f rows/s (%s)",
            phase,
            written.get(),
            written.get() / (nanos / 1e9),
            out.status(phase)));
  }

  private void rss() {
    try {
      for (String line :
          Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          out.put(Metric.RSS, kb / 1024.0);
          out.status.put("rss", Results.OK);
        }
      }
    } catch (IOException | RuntimeException e) {
      out.status.put("rss", "FAILED: " + e);
    }
  }

  private void closeQuietly(Target t) {
    try {
      t.close();
    } catch (SQLException | RuntimeException e) {
      log("close failed: " + e);
      out.info.put("close", e.toString());
    }
  }
}
