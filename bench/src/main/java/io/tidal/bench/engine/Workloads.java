package io.tidal.bench.engine;

import io.tidal.engine.ledger.Ledger;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Signal types and generators shared by the engine benchmarks. */
final class Workloads {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  /** 2026-11-01T00:00:00Z. */
  static final long T0 = 1_793_491_200_000L;

  /** The example type of docs/SQL.md: half-lives 1h and 1d, windows 1h, 1d, 7d. */
  static final SignalType VIEW =
      new SignalType(
          "view",
          "items",
          List.of(Duration.ofHours(1), Duration.ofDays(1)),
          List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7)));

  /** One half-life and one window: the smallest indexed type, for the 10^7-entity runs. */
  static final SignalType HIT =
      new SignalType("hit", "items", List.of(Duration.ofHours(1)), List.of(Duration.ofHours(1)));

  private Workloads() {}

  /** Zipf(s) over ranks 1..n by inverse CDF. */
  static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double s) {
      cdf = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1.0 / Math.pow(i + 1, s);
        cdf[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cdf[i] /= sum;
      }
    }

    int next(Random rnd) {
      double u = rnd.nextDouble();
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
  }

  /**
   * W1: {@code signals} signals on {@code items} items drawn from Zipf(1.1), timestamps uniform over
   * 7 days in arrival order (ascending), weight 1.
   */
  static Ledger w1(SignalType type, int items, int signals, long seed) {
    Ledger ledger = new Ledger();
    ledger.addType(type);
    Zipf zipf = new Zipf(items, 1.1);
    Random rnd = new Random(seed);
    long step = 7 * DAY / signals;
    long t = T0;
    for (int i = 0; i < signals; i++) {
      ledger.record(type, EntityId.of(zipf.next(rnd)), 1.0, t += step);
    }
    return ledger;
  }

  /** {@code n} entities with one signal each, ascending timestamps 1 s apart, weights 1..100. */
  static Ledger oneEach(SignalType type, int n, long seed) {
    Ledger ledger = new Ledger();
    ledger.addType(type);
    Random rnd = new Random(seed);
    long t = T0;
    for (int i = 0; i < n; i++) {
      ledger.record(type, EntityId.of(i), 1 + rnd.nextInt(100), t += 1000);
    }
    return ledger;
  }
}
