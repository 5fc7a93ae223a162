package io.tidal.ledger;

import java.util.Arrays;

/**
 * The hot state of one (entity, signal type), packed into one {@code long[]}; static methods only.
 *
 * <pre>
 * slot        content
 * 0           anchor a: the greatest timestamp recorded (UTC ms)
 * 1           total number of signals recorded
 * 2           bound time b &gt;= a: the count-rank keys are the windowed counts as of b (see TypeLedger)
 * 3           n: number of retained timestamps
 * 4 .. 4+k    k decay values, raw double bits: v_j = sum_i w_i * 2^(-(a - t_i)/h_j)
 * 4+k ..      n retained timestamps ascending (duplicates kept), then spare capacity
 * </pre>
 *
 * <p><b>Decay.</b> Forward decay (Cormode et al., ICDE 2009) with a per-entity landmark equal to the
 * entity's latest timestamp: a signal later than {@code a} first rescales every {@code v_j} by
 * {@code 2^(-(t - a)/h_j)} and moves {@code a} to {@code t}; an earlier (late) signal adds
 * {@code w * 2^(-(a - t)/h_j)}. Since every recorded signal has {@code t_i <= a}, each term is at
 * most {@code |w_i|}: nothing can overflow, however long the history or short the half-life. The
 * score at {@code at} is {@code v_j * 2^(-(at - a)/h_j)} (overflows only when the true value does).
 * Error: every step rounds relative to the running sum of magnitudes, so after n signals
 * {@code |score - exact| <= ~(2n + 4) * 2^-53 * sum_i |w_i| 2^(-(at - t_i)/h)}; with no
 * cancellation (all weights of one sign) that is a relative bound, 1e-9 up to ~10^6 signals per
 * entity. A late signal more than ~1075 half-lives older than {@code a} underflows to 0 (its weight
 * is below 2^-1074 of the newest signal's at every time).
 *
 * <p><b>Windows.</b> Timestamps are kept raw, so windowed counts are exact: count(W, at) = #{t_i :
 * at - W < t_i <= at}, two binary searches. A timestamp is dropped (by {@link #prune}) once it is
 * at or before {@code b - longestWindow - retention}; it can then matter only to a query whose
 * {@code at - W} lies before that horizon.
 */
final class EntityState {
  static final int ANCHOR = 0;
  static final int TOTAL = 1;
  static final int BOUND_TIME = 2;
  static final int LEN = 3;
  static final int HEADER = 4;

  private EntityState() {}

  /** A new state holding one signal, with room for one timestamp. */
  static long[] create(int k, double w, long t) {
    long[] s = new long[HEADER + k + 1];
    s[ANCHOR] = t;
    s[TOTAL] = 1;
    s[BOUND_TIME] = t;
    s[LEN] = 1;
    long bits = Double.doubleToRawLongBits(w);
    for (int j = 0; j < k; j++) {
      s[HEADER + j] = bits;
    }
    s[HEADER + k] = t;
    return s;
  }

  static double value(long[] s, int j) {
    return Double.longBitsToDouble(s[HEADER + j]);
  }

  static long anchor(long[] s) {
    return s[ANCHOR];
  }

  static long boundTime(long[] s) {
    return s[BOUND_TIME];
  }

  static int len(long[] s) {
    return (int) s[LEN];
  }

  /** Applies the signal to the decay values and counters in place (not the timestamps). */
  static void addDecay(long[] s, long[] halfLivesMs, double w, long t) {
    int k = halfLivesMs.length;
    long a = s[ANCHOR];
    if (t > a) {
      double dt = (double) (t - a);
      for (int j = 0; j < k; j++) {
        double v = value(s, j) * StrictMath.pow(2.0, -dt / halfLivesMs[j]) + w;
        s[HEADER + j] = Double.doubleToRawLongBits(v);
      }
      s[ANCHOR] = t;
      if (t > s[BOUND_TIME]) {
        s[BOUND_TIME] = t;
      }
    } else {
      double dt = (double) (a - t);
      for (int j = 0; j < k; j++) {
        double v = value(s, j) + w * StrictMath.pow(2.0, -dt / halfLivesMs[j]);
        s[HEADER + j] = Double.doubleToRawLongBits(v);
      }
    }
    s[TOTAL]++;
  }

  /** Decay score for half-life {@code j} at {@code at}. */
  static double decay(long[] s, long[] halfLivesMs, int j, long at) {
    double v = value(s, j);
    if (v == 0.0) {
      return 0.0;
    }
    double dt = (double) (at - s[ANCHOR]); // both range-checked: exact
    double e = -dt / halfLivesMs[j];
    if (e > 1000 || e < -1000) {
      // 2^e alone would overflow or underflow where v * 2^e need not: scale in two steps.
      double half = e / 2;
      return v * StrictMath.pow(2.0, half) * StrictMath.pow(2.0, e - half) + 0.0; // no -0.0
    }
    return v * StrictMath.pow(2.0, e) + 0.0;
  }

  /** Number of retained timestamps {@code <= x}. */
  static int countAtOrBefore(long[] s, int k, long x) {
    int lo = HEADER + k;
    int hi = lo + len(s); // exclusive
    int base = lo;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - base;
  }

  /** Retained timestamps in {@code (at - w, at]}. */
  static long count(long[] s, int k, long windowMs, long at) {
    long lower = at - windowMs; // at and windowMs are range-checked: no overflow
    return countAtOrBefore(s, k, at) - countAtOrBefore(s, k, lower);
  }

  /**
   * Inserts {@code t} into the retained timestamps unless it lies at or before {@code horizon};
   * returns the (possibly reallocated) state.
   */
  static long[] insertTimestamp(long[] s, int k, long t, long horizon) {
    if (t <= horizon) {
      return s;
    }
    int n = len(s);
    int pos = countAtOrBefore(s, k, t); // after equal timestamps
    int start = HEADER + k;
    long[] out = s;
    if (start + n == s.length) {
      int cap = Math.max(n + 1, n + (n >> 1));
      out = Arrays.copyOf(s, start + cap);
    }
    System.arraycopy(out, start + pos, out, start + pos + 1, n - pos);
    out[start + pos] = t;
    out[LEN] = n + 1;
    return out;
  }

  /**
   * Drops retained timestamps at or before {@code horizon}; returns the state, shrunk when it
   * became less than half full.
   */
  static long[] prune(long[] s, int k, long horizon) {
    int drop = countAtOrBefore(s, k, horizon);
    if (drop == 0) {
      return s;
    }
    int n = len(s);
    int start = HEADER + k;
    int keep = n - drop;
    long[] out = s;
    if (keep < (s.length - start) / 2) {
      out = Arrays.copyOf(s, start + Math.max(1, keep));
    }
    System.arraycopy(s, start + drop, out, start, keep);
    out[LEN] = keep;
    return out;
  }

  /** Heap bytes of the array: 16-byte header plus 8 per slot. */
  static long bytes(long[] s) {
    return 16L + 8L * s.length;
  }
}
