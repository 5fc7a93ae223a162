package io.tidal.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed, log-bucketed histogram of non-negative longs (nanoseconds, or sizes): recording is a few
 * atomic adds and no allocation; quantiles are read from a merged copy of the buckets.
 *
 * <p>Buckets: values 0..15 each have their own bucket (exact); above, each power of two is split
 * into 8 equal sub-buckets, so a reported quantile is within 12.5 % above the true value (it is the
 * bucket's upper bound, never above the recorded maximum); 496 buckets cover every long.
 *
 * <p>Design notes. The buckets are striped by thread (stripes = the processors, rounded up to a
 * power of two, at most 8) so that concurrent statements do not fight over one cache line; the sum
 * is a {@link LongAdder} and the maximum an {@link AtomicLong} written only when it grows. A reader
 * may see a recording half done (its count but not yet its sum): the figures are for monitoring.
 */
public final class Histogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  static final int BUCKETS = 2 * SUB + (63 - SUB_BITS) * SUB;
  private static final int STRIPES = stripes();

  private final AtomicLongArray[] stripes = new AtomicLongArray[STRIPES];
  private final LongAdder sum = new LongAdder();
  private final AtomicLong max = new AtomicLong();

  public Histogram() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new AtomicLongArray(BUCKETS);
    }
  }

  private static int stripes() {
    int n = Math.min(8, Runtime.getRuntime().availableProcessors());
    return Integer.highestOneBit(Math.max(1, n) * 2 - 1);
  }

  /** Records {@code v} (negative values count as 0). */
  public void record(long v) {
    if (v < 0) {
      v = 0;
    }
    int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    stripes[stripe].getAndIncrement(bucket(v));
    sum.add(v);
    long m = max.get();
    while (v > m && !max.compareAndSet(m, v)) {
      m = max.get();
    }
  }

  /** The bucket of {@code v >= 0}. */
  static int bucket(long v) {
    if (v < 2 * SUB) {
      return (int) v;
    }
    int e = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS + 1
    int sub = (int) (v >>> (e - SUB_BITS)) & (SUB - 1);
    return 2 * SUB + (e - SUB_BITS - 1) * SUB + sub;
  }

  /** The largest value in bucket {@code b}. */
  static long upperBound(int b) {
    if (b < 2 * SUB) {
      return b;
    }
    int e = (b - 2 * SUB) / SUB + SUB_BITS + 1;
    int sub = (b - 2 * SUB) % SUB;
    long low = (1L << e) + ((long) sub << (e - SUB_BITS));
    long width = 1L << (e - SUB_BITS);
    return low + width - 1 < 0 ? Long.MAX_VALUE : low + width - 1;
  }

  /** Count, sum, p50, p99 and max of what was recorded so far. */
  public Summary summary() {
    long[] merged = new long[BUCKETS];
    long count = 0;
    for (AtomicLongArray s : stripes) {
      for (int b = 0; b < BUCKETS; b++) {
        long c = s.get(b);
        merged[b] += c;
        count += c;
      }
    }
    long mx = max.get();
    return new Summary(
        count, sum.sum(), quantile(merged, count, 0.5, mx), quantile(merged, count, 0.99, mx), mx);
  }

  private static long quantile(long[] buckets, long count, double q, long max) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (int b = 0; b < buckets.length; b++) {
      seen += buckets[b];
      if (seen >= rank) {
        return Math.min(upperBound(b), max);
      }
    }
    return max;
  }

  /**
   * What a histogram holds: {@code count} values summing to {@code sum}; {@code p50}, {@code p99}
   * (bucket upper bounds, at most {@code max}) and the largest value.
   */
  public record Summary(long count, long sum, long p50, long p99, long max) {}
}
