package io.tidal.engine.ledger;

import java.util.Arrays;

/**
 * The hot state of one (entity, signal type), packed into one {@code long[]}; static methods only.
 *
 * <pre>
 * slot            content
 * 0               anchor a: the greatest timestamp recorded (UTC ms)
 * 1               total number of signals recorded
 * 2               bound time b &gt;= a: the count-rank keys are the windowed counts as of b (see TypeLedger)
 * 3               n: number of retained signals
 * 4               fold time F: the folded values' landmark ({@link #NO_FOLD}: nothing folded)
 * 5               number of retained signals with a negative weight (derived, not checkpointed)
 * 6 .. 6+k        k all-signal decay values, raw double bits: v_j = sum_i w_i * 2^(-(a - t_i)/h_j)
 * 6+k .. 6+2k     k folded values: f_j = sum over folded signals w_i * 2^(-(F - t_i)/h_j)
 * 6+2k ..         n retained signals as (t_i, raw bits of w_i) pairs, ascending by t (equal
 *                 timestamps in arrival order), then spare capacity
 * </pre>
 *
 * <p><b>Decay now.</b> Forward decay (Cormode et al., ICDE 2009) with a per-entity landmark equal to
 * the entity's latest timestamp: a signal later than {@code a} first rescales every {@code v_j} by
 * {@code 2^(-(t - a)/h_j)} and moves {@code a} to {@code t}; an earlier (late) signal adds
 * {@code w * 2^(-(a - t)/h_j)}. Since every recorded signal has {@code t_i <= a}, each term is at
 * most {@code |w_i|}: nothing can overflow, however long the history or short the half-life. The
 * score at {@code at >= a} is {@code v_j * 2^(-(at - a)/h_j)} (the fast path; overflows only when
 * the true value does). Error: every step rounds relative to the running sum of magnitudes, so after
 * n signals {@code |score - exact| <= ~(2n + 4) * 2^-53 * sum_i |w_i| 2^(-(at - t_i)/h)}.
 *
 * <p><b>Decay as of a past {@code at < a}</b> (only signals {@code t_i <= at} count, docs/SQL.md
 * "Functions"): {@code f_j * 2^(-(at - F)/h_j) + sum over retained t_i in (F, at] of w_i *
 * 2^(-(at - t_i)/h_j)}. A sum of the signals that count, never {@code v_j} minus the later ones, so
 * there is no cancellation beyond the weights' own. Valid for {@code at >= F}: the caller (the type's
 * horizon, see TypeLedger) guarantees it. O(retained signals up to {@code at}).
 *
 * <p><b>Folding.</b> {@link #fold} moves the retained signals at or before a horizon H into the
 * folded values (rebased from F to {@code max(F, H)}) and drops them: they still count in every
 * decay value, no longer one by one. A late signal at or before F is folded on arrival. Windowed
 * counts need the raw timestamps; they are exact for {@code at - W >= H}.
 *
 * <p><b>Count-only pairs.</b> A retained pair whose weight bits are NaN is a timestamp whose weight
 * is already in the folded values ({@code t <= F}): it counts for windows, never for decay. States
 * written by state format version 1 (timestamps without weights) load as {@code F = a}, {@code f = v}
 * and count-only pairs, so they answer decay exactly from their anchor on (the type's floor, see
 * TypeLedger), and counts exactly as before; a late signal at or before such an F that is still
 * within the type's horizon is folded and also kept as a count-only pair.
 */
final class EntityState {
  static final int ANCHOR = 0;
  static final int TOTAL = 1;
  static final int BOUND_TIME = 2;
  static final int LEN = 3;
  static final int FOLD_TIME = 4;
  static final int NEGATIVES = 5;
  static final int HEADER = 6;

  /** Fold time of a state with nothing folded. */
  static final long NO_FOLD = Long.MIN_VALUE;

  /** Weight bits of a count-only pair (its weight is folded). */
  static final long COUNT_ONLY = Double.doubleToRawLongBits(Double.NaN);

  private EntityState() {}

  /** A new state holding one retained signal, with room for one pair. */
  static long[] create(int k, double w, long t) {
    long[] s = new long[HEADER + 2 * k + 2];
    s[ANCHOR] = t;
    s[TOTAL] = 1;
    s[BOUND_TIME] = t;
    s[LEN] = 1;
    s[FOLD_TIME] = NO_FOLD;
    s[NEGATIVES] = w < 0 ? 1 : 0;
    long bits = Double.doubleToRawLongBits(w);
    for (int j = 0; j < k; j++) {
      s[HEADER + j] = bits;
    }
    s[HEADER + 2 * k] = t;
    s[HEADER + 2 * k + 1] = bits;
    return s;
  }

  static double value(long[] s, int j) {
    return Double.longBitsToDouble(s[HEADER + j]);
  }

  static double folded(long[] s, int k, int j) {
    return Double.longBitsToDouble(s[HEADER + k + j]);
  }

  static long anchor(long[] s) {
    return s[ANCHOR];
  }

  static long boundTime(long[] s) {
    return s[BOUND_TIME];
  }

  static long foldTime(long[] s) {
    return s[FOLD_TIME];
  }

  static int len(long[] s) {
    return (int) s[LEN];
  }

  /** Slot of retained pair {@code i}'s timestamp (its weight bits follow). */
  static int pair(int k, int i) {
    return HEADER + 2 * k + 2 * i;
  }

  /** Retained signals with a negative weight, counted (the derived slot {@link #NEGATIVES}). */
  static int countNegatives(long[] s, int k) {
    int neg = 0;
    for (int i = 0; i < len(s); i++) {
      if (Double.longBitsToDouble(s[pair(k, i) + 1]) < 0) {
        neg++;
      }
    }
    return neg;
  }

  /** Slots in use (header, values and pairs): the part a copy must keep. */
  static int used(long[] s, int k) {
    return HEADER + 2 * k + 2 * len(s);
  }

  /** Applies the signal to the all-signal decay values and counters in place (not the pairs). */
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

  /** {@code v * 2^e}, scaling in two steps where 2^e alone would overflow or underflow. */
  static double scale(double v, double e) {
    if (v == 0.0) {
      return 0.0;
    }
    if (e > 1000 || e < -1000) {
      double half = e / 2;
      return v * StrictMath.pow(2.0, half) * StrictMath.pow(2.0, e - half) + 0.0; // no -0.0
    }
    return v * StrictMath.pow(2.0, e) + 0.0;
  }

  /**
   * Decay score for half-life {@code j} at {@code at}, counting the signals with {@code t <= at};
   * for {@code at < a} the caller guarantees {@code at >= F} (the type's exact floor).
   */
  static double decay(long[] s, long[] halfLivesMs, int j, long at) {
    long a = s[ANCHOR];
    if (at >= a) {
      return scale(value(s, j), -((double) (at - a)) / halfLivesMs[j]); // both range-checked: exact
    }
    return asOf(s, halfLivesMs, j, at);
  }

  /** The as-of sum: folded values plus the retained signals in (F, at]. */
  static double asOf(long[] s, long[] halfLivesMs, int j, long at) {
    int k = halfLivesMs.length;
    double h = halfLivesMs[j];
    long f = s[FOLD_TIME];
    double sum = 0.0;
    int from = 0;
    if (f != NO_FOLD) {
      sum = scale(folded(s, k, j), -((double) (at - f)) / h);
      from = countAtOrBefore(s, k, f);
    }
    int to = countAtOrBefore(s, k, at);
    for (int i = from; i < to; i++) {
      int p = pair(k, i);
      if (s[p + 1] != COUNT_ONLY) {
        sum += Double.longBitsToDouble(s[p + 1]) * StrictMath.pow(2.0, -((double) (at - s[p])) / h);
      }
    }
    return sum + 0.0;
  }

  /** Number of retained pairs with timestamp {@code <= x}. */
  static int countAtOrBefore(long[] s, int k, long x) {
    return firstLater(s, HEADER + 2 * k, 0, len(s), x);
  }

  /**
   * The first pair index in {@code [lo, hi)} whose timestamp is later than {@code x}, or {@code hi}
   * (pairs before {@code lo} are at or before {@code x}, those from {@code hi} on later).
   */
  private static int firstLater(long[] s, int base, int lo, int hi, long x) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s[base + 2 * mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Retained timestamps in {@code (at - w, at]}. The upper end is searched backwards from the
   * latest pair ({@link #countAtOrBeforeFromEnd}): the count keys of every write ask at the entity's
   * bound time, where it is all pairs, found in one step; the lower end by a binary search (from the
   * end, a window as wide as the retention would take about twice the steps).
   */
  static long count(long[] s, int k, long windowMs, long at) {
    long lower = at - windowMs; // at and windowMs are range-checked: no overflow
    return countAtOrBeforeFromEnd(s, k, at) - countAtOrBefore(s, k, lower);
  }

  /**
   * {@link #countAtOrBefore} by a galloping search from the last pair: O(log d) steps for d pairs
   * later than {@code x} (one step when none is), against O(log n) for the binary search.
   */
  static int countAtOrBeforeFromEnd(long[] s, int k, long x) {
    int base = HEADER + 2 * k;
    int hi = len(s); // pairs at hi and later are later than x
    int i = hi - 1;
    int step = 1;
    while (i >= 0 && s[base + 2 * i] > x) {
      hi = i;
      i -= step;
      step <<= 1;
    }
    return firstLater(s, base, Math.max(i + 1, 0), hi, x);
  }

  /**
   * Keeps a signal already applied by {@link #addDecay}: retained as a pair when later than F;
   * otherwise folded (and kept as a count-only pair when later than {@code horizon}, which only a
   * state loaded from format version 1 allows). Returns the (possibly reallocated) state.
   */
  static long[] retain(long[] s, long[] halfLivesMs, double w, long t, long horizon) {
    int k = halfLivesMs.length;
    long f = s[FOLD_TIME];
    if (f != NO_FOLD && t <= f) {
      for (int j = 0; j < k; j++) {
        double v = folded(s, k, j) + w * StrictMath.pow(2.0, -((double) (f - t)) / halfLivesMs[j]);
        s[HEADER + k + j] = Double.doubleToRawLongBits(v);
      }
      return t > horizon ? insertPair(s, k, t, COUNT_ONLY) : s;
    }
    return insertPair(s, k, t, Double.doubleToRawLongBits(w));
  }

  /** Inserts a pair after the pairs with equal or earlier timestamps. */
  static long[] insertPair(long[] s, int k, long t, long bits) {
    int n = len(s);
    int pos = countAtOrBefore(s, k, t);
    long[] out = s;
    if (pair(k, n) + 2 > s.length) {
      int cap = Math.max(n + 1, n + (n >> 1));
      out = Arrays.copyOf(s, pair(k, cap));
    }
    int p = pair(k, pos);
    System.arraycopy(out, p, out, p + 2, 2 * (n - pos));
    out[p] = t;
    out[p + 1] = bits;
    out[LEN] = n + 1;
    if (Double.longBitsToDouble(bits) < 0) {
      out[NEGATIVES]++;
    }
    return out;
  }

  /**
   * Folds the retained signals at or before {@code horizon} into the folded values (rebased to
   * {@code max(F, horizon)}) and drops them; returns the state, shrunk when it became less than half
   * full. Nothing changes when no pair lies at or before {@code horizon}.
   */
  static long[] fold(long[] s, long[] halfLivesMs, long horizon) {
    int k = halfLivesMs.length;
    int drop = countAtOrBefore(s, k, horizon);
    if (drop == 0) {
      return s;
    }
    long f = s[FOLD_TIME];
    long nf = f == NO_FOLD ? horizon : Math.max(f, horizon);
    for (int j = 0; j < k; j++) {
      double h = halfLivesMs[j];
      double v = f == NO_FOLD ? 0.0 : scale(folded(s, k, j), -((double) (nf - f)) / h);
      for (int i = 0; i < drop; i++) {
        int p = pair(k, i);
        if (s[p + 1] != COUNT_ONLY) {
          v += Double.longBitsToDouble(s[p + 1]) * StrictMath.pow(2.0, -((double) (nf - s[p])) / h);
        }
      }
      s[HEADER + k + j] = Double.doubleToRawLongBits(v);
    }
    s[FOLD_TIME] = nf;
    return removePairs(s, k, 0, drop);
  }

  /** Removes pairs {@code [from, from + count)}; shrinks the array when less than half full. */
  static long[] removePairs(long[] s, int k, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (Double.longBitsToDouble(s[pair(k, i) + 1]) < 0) {
        s[NEGATIVES]--;
      }
    }
    int n = len(s);
    int keep = n - count;
    long[] out = s;
    int cap = (s.length - pair(k, 0)) / 2;
    if (keep < cap / 2) {
      out = Arrays.copyOf(s, pair(k, Math.max(1, keep)));
    }
    System.arraycopy(s, pair(k, from + count), out, pair(k, from), 2 * (n - from - count));
    out[LEN] = keep;
    return out;
  }

  /**
   * Index of the retained pair with exactly timestamp {@code t} and weight bits {@code bits}, or -1
   * (also for a signal already folded).
   */
  static int find(long[] s, int k, long t, long bits) {
    for (int i = countAtOrBefore(s, k, t) - 1; i >= 0 && s[pair(k, i)] == t; i--) {
      if (s[pair(k, i) + 1] == bits) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Recomputes the anchor and the all-signal decay values exactly from the folded values and the
   * retained pairs (after an erasure: a sum, never a subtraction). The new anchor is the latest
   * retained timestamp or, if later, the latest a folded signal can have ({@code min(F, old a)}).
   * Returns false when nothing is left (no pair, nothing folded).
   */
  static boolean recompute(long[] s, long[] halfLivesMs) {
    int k = halfLivesMs.length;
    int n = len(s);
    long f = s[FOLD_TIME];
    if (n == 0 && f == NO_FOLD) {
      return false;
    }
    long a = n > 0 ? s[pair(k, n - 1)] : Long.MIN_VALUE;
    if (f != NO_FOLD) {
      a = Math.max(a, Math.min(f, s[ANCHOR]));
    }
    for (int j = 0; j < k; j++) {
      double h = halfLivesMs[j];
      double v = f == NO_FOLD ? 0.0 : scale(folded(s, k, j), -((double) (a - f)) / h);
      for (int i = f == NO_FOLD ? 0 : countAtOrBefore(s, k, f); i < n; i++) {
        int p = pair(k, i);
        if (s[p + 1] != COUNT_ONLY) {
          v += Double.longBitsToDouble(s[p + 1]) * StrictMath.pow(2.0, -((double) (a - s[p])) / h);
        }
      }
      s[HEADER + j] = Double.doubleToRawLongBits(v + 0.0);
    }
    s[ANCHOR] = a;
    return true;
  }

  /** Heap bytes of the array: 16-byte header plus 8 per slot. */
  static long bytes(long[] s) {
    return 16L + 8L * s.length;
  }
}
