package io.tidal.bench.e2e;

import java.time.Instant;
import java.util.List;

/**
 * Workload W1 of the end-to-end benchmark: its scale, its signal types and its clock.
 *
 * <p>Design notes. Everything a target needs to build its schema and everything the oracle needs
 * to compute answers comes from this one record, so every target sees the same data. Timestamps
 * are UTC epoch milliseconds; the simulated week starts at {@link #START} and queries are asked
 * {@link #at()} = the end of the week, which is minute-aligned (the expert peers' per-minute
 * buckets are exact only for minute-aligned {@code at} and windows).
 *
 * @param items number of entities ({@code item_000000} ...)
 * @param signals number of signals over the simulated period
 * @param days simulated days
 * @param seed generator seed (the same seed gives the same signals, in the same order)
 * @param probes number of distinct entities the point queries (Q3-Q5) cycle through
 */
public record W1(int items, long signals, int days, long seed, int probes) {

  /** Start of the simulated week: 2026-11-02T00:00:00Z. */
  public static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  /** The default seed of the published figures. */
  public static final long SEED = 20261102L;

  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  /** One signal type: name, half-lives and windows (ms), share of the signal mix. */
  record Type(String name, List<Long> halfLives, List<Long> windows, double share) {}

  /** view / like / share, as issue 9 defines them (85 / 12 / 3 %). */
  static final List<Type> TYPES =
      List.of(
          new Type("view", List.of(HOUR, DAY), List.of(HOUR, DAY, 7 * DAY), 0.85),
          new Type("like", List.of(6 * HOUR, 7 * DAY), List.of(HOUR, DAY, 7 * DAY), 0.12),
          new Type("share", List.of(DAY), List.of(DAY, 7 * DAY), 0.03));

  static final int VIEW = 0;
  static final int LIKE = 1;
  static final int SHARE = 2;

  /** Zipf exponent of item popularity. */
  static final double ZIPF = 1.1;

  /** Fraction of signals stamped up to {@link #MAX_LATE_MS} in the past (out of order). */
  static final double LATE_FRACTION = 0.01;

  static final long MAX_LATE_MS = 60_000L;

  /** The full workload: 100,000 items, 2,000,000 signals over 7 days. */
  public static W1 full(long seed) {
    return new W1(100_000, 2_000_000L, 7, seed, 1_000);
  }

  /**
   * {@code --quick}: 10,000 items, 100,000 signals (a twentieth of the signals: the slowest peers'
   * ingest, H2's expert score table first, bounds the three minutes of {@code ./tidal bench
   * --quick}).
   */
  public static W1 quick(long seed) {
    return new W1(10_000, 100_000L, 7, seed, 500);
  }

  /** CI smoke scale: 1,000 items, 5,000 signals. */
  public static W1 tiny(long seed) {
    return new W1(1_000, 5_000L, 7, seed, 100);
  }

  /** The workload called {@code name} ("full", "quick" or "tiny"). */
  public static W1 named(String name, long seed) {
    switch (name) {
      case "full":
        return full(seed);
      case "quick":
        return quick(seed);
      case "tiny":
        return tiny(seed);
      default:
        throw new IllegalArgumentException("unknown scale '" + name + "' (full, quick, tiny)");
    }
  }

  /** The scale's name as {@link #named} accepts it. */
  public String scaleName() {
    return items >= 100_000 ? "full" : items >= 10_000 ? "quick" : "tiny";
  }

  /** End of the simulated period: the {@code at} of every query. */
  public long at() {
    return START + days * DAY;
  }

  /** The id of item {@code index}: {@code item_000042}. */
  public static String id(int index) {
    char[] c = {'i', 't', 'e', 'm', '_', '0', '0', '0', '0', '0', '0'};
    for (int i = c.length - 1, v = index; v > 0 && i >= 5; i--, v /= 10) {
      c[i] = (char) ('0' + v % 10);
    }
    return new String(c);
  }

  /** The index of an id made by {@link #id}. */
  static int index(String id) {
    return Integer.parseInt(id.substring(5));
  }
}
