package io.tidal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Histogram} against a sorted array of the same values (the oracle). */
class HistogramTest {

  /** The true q-quantile: the value at rank ceil(q * n) of the sorted values. */
  private static long quantile(long[] sorted, double q) {
    return sorted[(int) Math.max(1, Math.ceil(q * sorted.length)) - 1];
  }

  @Test
  void summary_matchesSortedValues_withinABucket() {
    long seed = Seeds.seed("HistogramTest.summary");
    Random r = new Random(seed);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(5000);
      long[] v = new long[n];
      Histogram h = new Histogram();
      long sum = 0;
      int scale = r.nextInt(40);
      for (int i = 0; i < n; i++) {
        // log-uniform over [0, 2^scale]: small exact values and wide ranges both occur
        v[i] =
            (long) Math.floor(Math.pow(2, r.nextDouble() * scale)) - (r.nextInt(10) == 0 ? 1 : 0);
        h.record(v[i]);
        sum += v[i];
      }
      Arrays.sort(v);
      Histogram.Summary s = h.summary();
      String at = "seed " + seed + " round " + round;
      assertThat(s.count()).as(at).isEqualTo(n);
      assertThat(s.sum()).as(at).isEqualTo(sum);
      assertThat(s.max()).as(at).isEqualTo(v[n - 1]);
      for (double q : new double[] {0.5, 0.99}) {
        long truth = quantile(v, q);
        long got = q == 0.5 ? s.p50() : s.p99();
        assertThat(got).as(at + " q" + q).isBetween(truth, truth + truth / 8);
        assertThat(got).as(at + " q" + q).isLessThanOrEqualTo(s.max());
      }
    }
  }

  @Test
  void bucketsCoverEveryLongInOrder() {
    long seed = Seeds.seed("HistogramTest.buckets");
    Random r = new Random(seed);
    List<Long> probes = new ArrayList<>(List.of(0L, 1L, 15L, 16L, 17L, 31L, 32L, Long.MAX_VALUE));
    for (int i = 0; i < 10_000; i++) {
      probes.add((r.nextLong() >>> 1) >>> r.nextInt(63)); // non-negative
    }
    for (long v : probes) {
      int b = Histogram.bucket(v);
      assertThat(b).as("seed " + seed + " v " + v).isBetween(0, Histogram.BUCKETS - 1);
      assertThat(Histogram.upperBound(b)).as("seed " + seed + " v " + v).isGreaterThanOrEqualTo(v);
      if (b > 0) {
        assertThat(Histogram.upperBound(b - 1)).as("seed " + seed + " v " + v).isLessThan(v);
      }
    }
  }

  @Test
  void concurrentRecordings_allCounted() throws Exception {
    Histogram h = new Histogram();
    int threads = 4;
    int per = 50_000;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t;
      ts.add(
          new Thread(
              () -> {
                for (int i = 0; i < per; i++) {
                  h.record(base * 1000L + (i % 100));
                }
              }));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
    Histogram.Summary s = h.summary();
    assertThat(s.count()).isEqualTo((long) threads * per);
    long sum = 0;
    for (int t = 0; t < threads; t++) {
      sum += (long) per * t * 1000 + (long) (per / 100) * (99 * 100 / 2);
    }
    assertThat(s.sum()).isEqualTo(sum);
    assertThat(s.max()).isEqualTo((threads - 1) * 1000L + 99);
  }
}
