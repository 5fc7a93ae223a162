package io.tidal.engine.ledger;

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

  /** The longest retention a type can declare: ten years. */
  static final Duration LONG = Duration.ofDays(3650);

  static final SignalType VIEW =
      new SignalType(
          "view",
          "items",
          List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)),
          List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7)),
          LONG);
  static final SignalType LIKE =
      new SignalType(
          "like", "items", List.of(Duration.ofHours(6)), List.of(Duration.ofDays(1)), LONG);
  static final SignalType FOLLOW =
      new SignalType(
          "follow", "users", List.of(Duration.ofDays(1)), List.of(Duration.ofDays(1)), LONG);

  /** VIEW and LIKE with the shortest retention they allow (their longest window): folds often. */
  static final SignalType VIEW_SHORT =
      new SignalType("view", "items", VIEW.halfLives(), VIEW.windows(), Duration.ofDays(7));

  static final SignalType LIKE_SHORT =
      new SignalType("like", "items", LIKE.halfLives(), LIKE.windows(), Duration.ofDays(1));

  /** VIEW with the default retention (longest window plus one day). */
  static final SignalType VIEW_DEFAULT =
      new SignalType("view", "items", VIEW.halfLives(), VIEW.windows());

  private Fixtures() {}

  /** A ledger of the given types (each with its own retention). */
  static Ledger keepAll(SignalType... types) {
    Ledger l = new Ledger();
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
