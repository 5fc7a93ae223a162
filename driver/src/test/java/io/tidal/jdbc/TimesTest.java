package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic fast path of {@link Times#toUtc(Timestamp)} and {@link Times#millis} (instant plus
 * the zone's offset) against the calendar path it replaces ({@code Timestamp.toLocalDateTime()}
 * read as UTC), in zones with DST gaps and overlaps, half-hour and historical offsets, for instants
 * from the Julian calendar to the year 9999.
 */
class TimesTest {
  private static final String[] ZONES = {"UTC", "America/New_York", "Europe/Berlin",
      "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns",
      "Africa/Monrovia", "Europe/Amsterdam", "Asia/Kathmandu"};

  @Test
  void fastPath_equalsCalendarPath_inEveryZone() {
    long seed = Seeds.seed("TimesTest");
    Random r = new Random(seed);
    TimeZone saved = TimeZone.getDefault();
    try {
      for (String zone : ZONES) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        for (int i = 0; i < 20_000; i++) {
          Timestamp t = new Timestamp(instant(r));
          if (r.nextBoolean()) {
            t.setNanos(r.nextInt(1_000_000_000));
          }
          Timestamp expected = Times.ofUtcWallClock(t.toLocalDateTime());
          String what = zone + " " + t.getTime() + "/" + t.getNanos() + " seed " + seed;
          assertThat(Times.toUtc(t)).as(what).isEqualTo(expected);
          assertThat(Times.millis(t)).as(what).isEqualTo(expected.getTime());
        }
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void valueOfLocalDateTime_roundTripsOutsideGaps() {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
      LocalDateTime ldt = LocalDateTime.of(2026, 11, 1, 1, 30, 15, 123_456_789); // DST overlap
      Timestamp utc = Times.toUtc(Timestamp.valueOf(ldt));
      assertThat(Times.wallClock(utc)).isEqualTo(ldt);
      LocalDateTime old = LocalDateTime.of(1000, 2, 3, 4, 5, 6); // Julian: the calendar path
      assertThat(Times.wallClock(Times.toUtc(Timestamp.valueOf(old)))).isEqualTo(old);
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  /** Instants spread over every era, with extra weight near DST transitions of recent years. */
  private static long instant(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> -62_135_596_800_000L + (long) (r.nextDouble() * 315_537_897_599_000L); // 1..9999
      case 1 -> -12_219_292_800_000L + r.nextInt(400) * 86_400_000L - 200 * 86_400_000L; // cutover
      case 2 -> 1_700_000_000_000L + (long) (r.nextDouble() * 400 * 86_400_000L); // 2023..2025
      default -> (long) (r.nextGaussian() * 3e12); // around 1970
    };
  }
}
