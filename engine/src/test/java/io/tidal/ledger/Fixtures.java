package io.tidal.ledger;

import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Signal types and random streams shared by the ledger tests. */
final class Fixtures {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  static final long YEAR = 365 * DAY;
  /** 2026-11-01T00:00:00Z. */
  static final long T0 = 1_793_491_200_000L;

  static final SignalType VIEW = new SignalType("view", "items",
      List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
      List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7)));
  static final SignalType LIKE = new SignalType("like", "items",
      List.of(Duration.ofHours(6)), List.of(Duration.ofDays(1)));
  static final SignalType FOLLOW = new SignalType("follow", "users",
      List.of(Duration.ofDays(1)), List.of(Duration.ofDays(1)));

  private Fixtures() {}

  /** A ledger that never prunes raw timestamps (every windowed count exact at any time). */
  static Ledger keepAll(SignalType... types) {
    Ledger l = new Ledger(Duration.ofDays(365 * 300));
    for (SignalType t : types) {
      l.addType(t);
    }
    return l;
  }

  /**
   * A random timestamp stream: mostly forward steps of up to 10 minutes, with late signals (up to
   * two days back), repeats of the same millisecond and jumps of months to years.
   */
  static final class Clock {
    private final Random rnd;
    long now;
    long max;

    Clock(Random rnd, long start) {
      this.rnd = rnd;
      this.now = start;
      this.max = start;
    }

    long next() {
      int mode = rnd.nextInt(100);
      long t;
      if (mode < 70) {
        now += rnd.nextInt((int) (10 * MINUTE));
        t = now;
      } else if (mode < 85) {
        t = now - (long) (rnd.nextDouble() * 2 * DAY);
      } else if (mode < 95) {
        t = now;
      } else if (mode < 98) {
        now += (long) (rnd.nextDouble() * 200 * DAY);
        t = now;
      } else {
        now += (long) (rnd.nextDouble() * 3 * YEAR);
        t = now;
      }
      max = Math.max(max, t);
      return t;
    }
  }

  static double weight(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return 1.0;
      case 1:
        return rnd.nextInt(7) - 3;
      default:
        return (rnd.nextDouble() - 0.3) * 10;
    }
  }
}
