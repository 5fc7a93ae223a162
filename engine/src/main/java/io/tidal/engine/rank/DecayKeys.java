package io.tidal.engine.rank;

/**
 * Rank keys of forward-decay accumulators, and score bounds derived from them.
 *
 * <p>An entity's decay state is {@code (v, a)}: score at {@code t} = {@code v * 2^(-(t - a)/h)}.
 * Relative to the fixed landmark {@link #LANDMARK} every score shares the factor
 * {@code 2^(-(t - L)/h)}, so the order by {@code v * 2^((a - L)/h)} is the score order at every
 * {@code t}. That product overflows a double after ~1024 half-lives, so the key is its base-2
 * logarithm {@code log2|v| + (a - L)/h} (Bernhardsson's log-space trick), which stays finite for
 * any timestamp in range and any half-life of at least 1 ms, and needs no re-basing. The sign goes
 * into the class: positive scores first (key descending), then zero, then negative ones (ordered by
 * the negated log magnitude, so the least negative comes first).
 *
 * <p>Rounding: the key and a score computed from the state agree to within
 * {@code ~1e-15 * (|key| + |(t - L)/h| + 1100)} in log2 units; {@link #upperBound} widens by
 * {@code 1e-12 + 1e-13 * (|key| + |(t - L)/h|)}, an order of magnitude more, so it bounds the
 * computed score of its entity and of every entity after it in the index. Walks therefore stop
 * exactly: an entity is never left out because of rounding, and results are re-sorted by the
 * computed scores.
 */
public final class DecayKeys {
  /** The landmark L: 2020-01-01T00:00:00Z, UTC ms. */
  public static final long LANDMARK = 1_577_836_800_000L;

  private static final double LN2 = StrictMath.log(2.0);

  private DecayKeys() {}

  /** Class of value {@code v}. */
  public static byte cls(double v) {
    return v > 0 ? RankIndex.POSITIVE : v < 0 ? RankIndex.NEGATIVE : RankIndex.ZERO;
  }

  /** The key of value {@code v} anchored at {@code a}, for half-life {@code h} ms. Deterministic. */
  public static double key(double v, long a, long h) {
    if (v == 0.0) {
      return 0.0;
    }
    double lm = StrictMath.log(Math.abs(v)) / LN2 + (double) (a - LANDMARK) / h;
    return v > 0 ? lm : -lm;
  }

  /** An upper bound of the score at {@code t} of every entry at or after (cls, key) in the index. */
  public static double upperBound(byte cls, double key, long t, long h) {
    if (cls == RankIndex.ZERO) {
      return 0.0;
    }
    double tl = (double) (t - LANDMARK) / h;
    double slack = 1e-12 + 1e-13 * (Math.abs(key) + Math.abs(tl));
    if (cls == RankIndex.POSITIVE) {
      return StrictMath.pow(2.0, key - tl + slack);
    }
    return -StrictMath.pow(2.0, -key - tl - slack);
  }
}
