package io.tidal.bench.e2e;

import java.util.SplittableRandom;

/**
 * The deterministic signal generator of W1: the same {@link W1} gives the same signals in the same
 * order, in every JVM.
 *
 * <p>Design notes. Signal {@code i} of {@code n} is stamped {@code START + 1 + i * (span - 1) / n}
 * (so the week's signals fall in {@code (START, at]}); with probability {@link W1#LATE_FRACTION}
 * it is moved 1..60,000 ms into the past (out of order). Its type follows the 85/12/3 % mix, its
 * item a Zipf(1.1) law over popularity ranks, and ranks map to item indexes through a seeded
 * shuffle (so the hottest item is not {@code item_000000}). Weight is 1.0. The stream is
 * generated on the fly, so a target's child JVM holds no copy of the data set (fair peak RSS).
 */
final class SignalStream {
  private final W1 w;
  private final SplittableRandom rnd;
  private final double[] zipfCdf;
  private final int[] rankToItem;
  private final long span;
  private long next;

  /** The current signal, valid after {@link #advance()} returned true. */
  int type;

  int item;
  double weight;
  long ts;

  SignalStream(W1 w) {
    this.w = w;
    this.rnd = new SplittableRandom(w.seed());
    this.zipfCdf = zipfCdf(w.items());
    this.rankToItem = shuffle(w.items(), new SplittableRandom(w.seed() ^ 0x5DEECE66DL));
    this.span = (long) w.days() * W1.DAY;
  }

  /** Moves to the next signal; false at the end of the workload. */
  boolean advance() {
    if (next >= w.signals()) {
      return false;
    }
    long base = W1.START + 1 + (long) ((double) next * (span - 1) / w.signals());
    next++;
    double u = rnd.nextDouble();
    type = u < 0.85 ? W1.VIEW : u < 0.97 ? W1.LIKE : W1.SHARE;
    item = rankToItem[zipfRank(zipfCdf, rnd.nextDouble())];
    weight = 1.0;
    ts = rnd.nextDouble() < W1.LATE_FRACTION ? base - 1 - rnd.nextLong(W1.MAX_LATE_MS) : base;
    return true;
  }

  /** Index of the signal {@link #advance()} will produce next. */
  long position() {
    return next;
  }

  /** {@code count} distinct-per-draw probe items drawn from the same popularity law (seeded). */
  static int[] probes(W1 w) {
    double[] cdf = zipfCdf(w.items());
    int[] rankToItem = shuffle(w.items(), new SplittableRandom(w.seed() ^ 0x5DEECE66DL));
    SplittableRandom r = new SplittableRandom(w.seed() + 17);
    int[] out = new int[w.probes()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rankToItem[zipfRank(cdf, r.nextDouble())];
    }
    return out;
  }

  private static double[] zipfCdf(int n) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.pow(k + 1, -W1.ZIPF);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    return cdf;
  }

  private static int zipfRank(double[] cdf, double u) {
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int[] shuffle(int n, SplittableRandom r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
