package io.tidal.engine.rank;

/**
 * Rank keys of windowed counts: a count rounded up to a coarse ladder, so that an entity's key, an
 * upper bound of its count, changes only when the count crosses a rung.
 *
 * <p>Ladder: every count up to {@value #EXACT_UP_TO} is its own rung (exact keys, so ties among
 * small counts still come in id order); above, rungs are {@code m * 2^e} with {@code 8 <= m < 16}:
 * a key exceeds the count by less than 1/8. An entity with n signals is re-keyed O(log n) times as
 * it grows instead of n times, which takes the count indexes almost out of the write path, and a
 * count walk reads at most the extra entries whose counts lie within 1/8 of the K-th count.
 */
public final class CountKeys {
  /** Keys up to this value are exact counts. */
  public static final long EXACT_UP_TO = 16;

  private CountKeys() {}

  /** The smallest rung {@code >= count}. */
  public static long key(long count) {
    if (count <= EXACT_UP_TO) {
      return count;
    }
    int shift = 63 - Long.numberOfLeadingZeros(count) - 3;
    long unit = 1L << shift;
    return (count + unit - 1) & -unit;
  }

  /** Whether {@code key} is an exact count (not rounded up). */
  public static boolean exact(double key) {
    return key <= EXACT_UP_TO;
  }
}
