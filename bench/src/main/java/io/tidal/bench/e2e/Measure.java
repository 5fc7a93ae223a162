package io.tidal.bench.e2e;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Repeats one query for latency percentiles, checking every answer.
 *
 * <p>Design notes. A warm-up precedes the measured loop. It runs in windows of {@code windowNanos}
 * and ends when the latency has settled: two successive windows' p50 differ by less than {@code
 * tolerance} (5 %), or when {@code warmCapNanos} is spent (then the outcome says the latency had
 * not settled). A fixed repetition cap measured tidal early on its JIT curve (a query 100 times
 * faster than a peer's gets 100 times fewer compilations per second of warm-up), hence windows of
 * time and a settling rule. Both loops check every answer against the oracle, outside the timed
 * region, and the first wrong one ends the measurement with WRONG (the timings are dropped). The
 * measured loop stops at {@code maxReps} or when its time budget is spent, but runs at least
 * {@code minReps} times unless six budgets are spent (then at least once): the naive peers' full
 * scans take seconds, so their percentiles come from few repetitions, which the report lists. The
 * clock is injectable so that the warm-up rule is tested without timing anything.
 */
final class Measure {
  /**
   * Time and repetition limits of one query's measurement.
   *
   * @param windowNanos length of one warm-up window
   * @param warmCapNanos the warm-up ends after this even when the latency has not settled
   * @param tolerance successive windows' p50 within this fraction of each other = settled
   * @param measureNanos time budget of the measured loop
   * @param maxReps most measured repetitions
   * @param minReps fewest measured repetitions (unless six budgets are spent)
   */
  record Budget(
      long windowNanos,
      long warmCapNanos,
      double tolerance,
      long measureNanos,
      int maxReps,
      int minReps) {}

  /** One query: ask repetition {@code i}; check its answer (null = correct, else what is wrong). */
  interface Query<A> {
    A ask(int i) throws SQLException;

    String check(int i, A answer);
  }

  /**
   * Outcome: status (OK / WRONG: ... / FAILED: ...), percentiles in µs, measured repetitions,
   * warm-up repetitions and whether the warm-up ended because the latency settled.
   */
  record Outcome(String status, double p50, double p99, int reps, int warmReps, boolean settled) {
    static Outcome failed(String status, int reps, int warmReps) {
      return new Outcome(status, Double.NaN, Double.NaN, reps, warmReps, false);
    }
  }

  static <A> Outcome run(Query<A> q, Budget b) {
    return run(q, b, System::nanoTime);
  }

  static <A> Outcome run(Query<A> q, Budget b, LongSupplier clock) {
    int i = 0;
    boolean settled = false;
    try {
      long warmStart = clock.getAsLong();
      long[] window = new long[1024];
      double previous = Double.NaN;
      while (!settled && clock.getAsLong() - warmStart < b.warmCapNanos()) {
        int n = 0;
        long windowStart = clock.getAsLong();
        do {
          long t0 = clock.getAsLong();
          A answer = q.ask(i);
          long t1 = clock.getAsLong();
          String err = q.check(i, answer);
          if (err != null) {
            return Outcome.failed("WRONG: " + err, 0, i);
          }
          if (n == window.length) {
            window = Arrays.copyOf(window, n * 2);
          }
          window[n++] = t1 - t0;
          i++;
        } while (clock.getAsLong() - windowStart < b.windowNanos());
        Arrays.sort(window, 0, n);
        double p50 = percentile(window, n, 0.50);
        settled = settledAt(previous, p50, b.tolerance());
        previous = p50;
      }
      int warmReps = i;
      long[] samples = new long[b.maxReps()];
      int n = 0;
      long start = clock.getAsLong();
      while (n < b.maxReps()
          && (clock.getAsLong() - start < b.measureNanos()
              || (n < b.minReps() && clock.getAsLong() - start < 6 * b.measureNanos()))) {
        long t0 = clock.getAsLong();
        A answer = q.ask(i);
        long t1 = clock.getAsLong();
        String err = q.check(i, answer);
        if (err != null) {
          return Outcome.failed("WRONG: " + err, n, warmReps);
        }
        samples[n++] = t1 - t0;
        i++;
      }
      Arrays.sort(samples, 0, n);
      return new Outcome(
          Results.OK,
          percentile(samples, n, 0.50) / 1e3,
          percentile(samples, n, 0.99) / 1e3,
          n,
          warmReps,
          settled);
    } catch (SQLException | RuntimeException e) {
      return Outcome.failed("FAILED: " + e, 0, i);
    }
  }

  /** Whether a window's p50 is within {@code tolerance} of the previous window's (NaN: none). */
  static boolean settledAt(double previous, double p50, double tolerance) {
    return !Double.isNaN(previous) && Math.abs(p50 - previous) <= tolerance * previous;
  }

  /** Nearest-rank percentile of the first {@code n} sorted samples. */
  static double percentile(long[] sorted, int n, double p) {
    int rank = (int) Math.ceil(p * n);
    return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
  }
}
