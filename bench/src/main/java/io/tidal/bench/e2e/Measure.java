package io.tidal.bench.e2e;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * Repeats one query for latency percentiles, checking every answer.
 *
 * <p>Design notes. A warm-up (bounded by time and repetitions) precedes the measured loop;
 * both check every answer against the oracle, outside the timed region, and the first wrong one
 * ends the measurement with WRONG (the timings are dropped). The measured loop stops at
 * {@code maxReps} or when its time budget is spent, but runs at least {@code minReps} times
 * unless six budgets are spent (then at least once): the naive peers' full scans take seconds,
 * so their percentiles come from few repetitions, which the report lists.
 */
final class Measure {
  /** Time and repetition limits of one query's measurement. */
  record Budget(long warmNanos, long measureNanos, int maxReps, int minReps) {}

  /** One query: ask repetition {@code i}; check its answer (null = correct, else what is wrong). */
  interface Query<A> {
    A ask(int i) throws SQLException;

    String check(int i, A answer);
  }

  /** Outcome: status (OK / WRONG: ... / FAILED: ...), percentiles in µs, repetitions. */
  record Outcome(String status, double p50, double p99, int reps) {}

  static <A> Outcome run(Query<A> q, Budget b) {
    int i = 0;
    try {
      long start = System.nanoTime();
      while (i < 1 || (i < b.maxReps() && System.nanoTime() - start < b.warmNanos())) {
        String err = q.check(i, q.ask(i));
        if (err != null) {
          return new Outcome("WRONG: " + err, Double.NaN, Double.NaN, 0);
        }
        i++;
      }
      long[] samples = new long[b.maxReps()];
      int n = 0;
      start = System.nanoTime();
      while (n < b.maxReps()
          && (System.nanoTime() - start < b.measureNanos()
              || (n < b.minReps() && System.nanoTime() - start < 6 * b.measureNanos()))) {
        long t0 = System.nanoTime();
        A answer = q.ask(i);
        long t1 = System.nanoTime();
        String err = q.check(i, answer);
        if (err != null) {
          return new Outcome("WRONG: " + err, Double.NaN, Double.NaN, n);
        }
        samples[n++] = t1 - t0;
        i++;
      }
      Arrays.sort(samples, 0, n);
      return new Outcome(
          Results.OK, percentile(samples, n, 0.50) / 1e3, percentile(samples, n, 0.99) / 1e3, n);
    } catch (SQLException | RuntimeException e) {
      return new Outcome("FAILED: " + e, Double.NaN, Double.NaN, 0);
    }
  }

  /** Nearest-rank percentile of the first {@code n} sorted samples. */
  static double percentile(long[] sorted, int n, double p) {
    int rank = (int) Math.ceil(p * n);
    return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
  }
}
