package io.tidal.jdbc;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.TimeZone;

/**
 * Timestamps at the JDBC boundary (docs/SQL.md): TIMESTAMP is TIMESTAMP WITHOUT TIME ZONE
 * holding a UTC wall-clock time, whatever the JVM's default zone.
 *
 * <p>Design notes. The Calcite connection runs with {@code timeZone=UTC}, so inside it a TIMESTAMP
 * is epoch ms of the wall-clock time read in UTC, and its JDBC objects hand out
 * {@code new Timestamp(thoseMillis)}. A JDBC user's {@code Timestamp.valueOf(ldt)} however carries
 * {@code ldt} in the JVM zone. These conversions move between the two by the wall-clock fields, so
 * {@code setTimestamp(Timestamp.valueOf(ldt))} stores {@code ldt} and
 * {@code getTimestamp().toLocalDateTime()} returns it; instants ({@link Instant},
 * {@link OffsetDateTime}, {@link ZonedDateTime}) convert to UTC. DATE likewise by calendar fields.
 */
final class Times {
  static final long DAY_MS = 86_400_000L;

  /** Epoch seconds whose milliseconds (plus any fraction) still fit a long. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000L - 1;

  private static final long MIN_SECONDS = Long.MIN_VALUE / 1000L + 1;

  private Times() {}

  /**
   * Instants from here on are read in the Gregorian calendar by {@code java.util.Date} (1582-10-16,
   * a day after the cutover, clear of any zone offset); earlier ones use the Julian calendar's fields.
   */
  private static final long GREGORIAN_FROM_MS = -12_219_206_400_000L;

  /** A user's Timestamp (JVM zone wall clock) to Calcite's (UTC wall clock). */
  static Timestamp toUtc(Timestamp local) {
    long wall = utcWallMillis(local);
    if (wall == Long.MIN_VALUE) {
      return ofUtcWallClock(localDateTimeOf(local));
    }
    Timestamp t = new Timestamp(Math.floorDiv(wall, 1000L) * 1000L);
    t.setNanos(local.getNanos());
    return t;
  }

  /**
   * Epoch ms of the UTC wall clock that {@code local.toLocalDateTime()} reads (its instant plus the
   * JVM zone's offset then), without building calendar fields; {@code Long.MIN_VALUE} when only the
   * calendar path is exact (Julian dates, an offset with a fraction of a second).
   */
  static long utcWallMillis(Timestamp local) {
    return utcWallMillis(local, TimeZone.getDefault());
  }

  /** {@link #utcWallMillis(Timestamp)} with the JVM's default zone read once by the caller. */
  static long utcWallMillis(Timestamp local, TimeZone zone) {
    long ms = local.getTime();
    if (ms < GREGORIAN_FROM_MS) {
      return Long.MIN_VALUE;
    }
    int offset = zone.getOffset(ms);
    return offset % 1000 == 0 ? ms + offset : Long.MIN_VALUE;
  }

  /**
   * The wall clock a user's Timestamp shows in the JVM zone, as {@code toLocalDateTime()} reads it;
   * except that 29 February of a Julian century year that the ISO calendar has no leap day in (100,
   * 200, 300, 500, ... 1500), which {@code toLocalDateTime()} rejects, reads as 1 March: the same
   * day of the year, where lenient calendars put it.
   */
  @SuppressWarnings("deprecation") // the Julian calendar fields are only reachable this way
  static LocalDateTime localDateTimeOf(Timestamp local) {
    try {
      return local.toLocalDateTime();
    } catch (DateTimeException notInIsoCalendar) {
      return LocalDateTime.of(
          local.getYear() + 1900,
          3,
          1,
          local.getHours(),
          local.getMinutes(),
          local.getSeconds(),
          local.getNanos());
    }
  }

  /** As {@link #localDateTimeOf(Timestamp)}, for a user's Date: a Julian-only 29 February reads 1 March. */
  @SuppressWarnings("deprecation")
  static LocalDate localDateOf(Date local) {
    try {
      return local.toLocalDate();
    } catch (DateTimeException notInIsoCalendar) {
      return LocalDate.of(local.getYear() + 1900, 3, 1);
    }
  }

  /** Calcite's Timestamp (UTC wall clock) to one whose {@code toLocalDateTime()} is that wall clock. */
  static Timestamp fromUtc(Timestamp utc) {
    return Timestamp.valueOf(wallClock(utc));
  }

  /** The wall-clock time a Calcite Timestamp holds. */
  static LocalDateTime wallClock(Timestamp utc) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(utc.getTime(), 1000L), utc.getNanos(), ZoneOffset.UTC);
  }

  /**
   * A Calcite Timestamp holding {@code ldt}; a wall clock whose epoch milliseconds overflow a long
   * (beyond about 292 million years from 1970) is a {@link DateTimeException} naming it, never a
   * wrapped-around value.
   */
  static Timestamp ofUtcWallClock(LocalDateTime ldt) {
    long seconds = ldt.toEpochSecond(ZoneOffset.UTC);
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw new DateTimeException("timestamp out of range: " + ldt);
    }
    Timestamp t = new Timestamp(seconds * 1000L);
    t.setNanos(ldt.getNano());
    return t;
  }

  /** A TIME parameter for the UTC connection: its epoch millis are the time of day. */
  static java.sql.Time ofUtcTime(java.time.LocalTime t) {
    return new java.sql.Time(t.toNanoOfDay() / 1_000_000L);
  }

  /** The time of day of a TIME value read from the UTC connection. */
  static java.time.LocalTime localTime(java.sql.Time utc) {
    return java.time.LocalTime.ofNanoOfDay(Math.floorMod(utc.getTime(), DAY_MS) * 1_000_000L);
  }

  /** A TIME value for the caller: the same time of day in the JVM's zone, milliseconds kept. */
  static java.sql.Time fromUtc(java.sql.Time utc) {
    LocalDateTime ldt = LocalDateTime.of(java.time.LocalDate.EPOCH, localTime(utc));
    return new java.sql.Time(
        ldt.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli());
  }

  static Timestamp ofInstant(Instant i) {
    return ofUtcWallClock(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
  }

  /** A user's Date (JVM zone midnight) to Calcite's (UTC midnight). */
  static Date toUtc(Date local) {
    return ofLocalDate(localDateOf(local));
  }

  static Date ofLocalDate(LocalDate d) {
    if (Math.abs(d.toEpochDay()) > MAX_SECONDS / 86_400L) {
      throw new DateTimeException("date out of range: " + d);
    }
    return new Date(d.toEpochDay() * DAY_MS);
  }

  /** Calcite's Date (UTC midnight) to one whose {@code toLocalDate()} is that day. */
  static Date fromUtc(Date utc) {
    return Date.valueOf(localDate(utc));
  }

  static LocalDate localDate(Date utc) {
    return LocalDate.ofEpochDay(Math.floorDiv(utc.getTime(), DAY_MS));
  }

  /**
   * A parameter value converted for Calcite when it is temporal: Timestamp, LocalDateTime, Instant,
   * OffsetDateTime, ZonedDateTime become a UTC Timestamp; Date and LocalDate a UTC Date; anything
   * else is returned unchanged.
   */
  static Object param(Object x) {
    if (x instanceof Timestamp t) {
      return toUtc(t);
    }
    if (x instanceof Date d) {
      return toUtc(d);
    }
    if (x instanceof LocalDateTime ldt) {
      return ofUtcWallClock(ldt);
    }
    if (x instanceof Instant i) {
      return ofInstant(i);
    }
    if (x instanceof OffsetDateTime o) {
      return ofInstant(o.toInstant());
    }
    if (x instanceof ZonedDateTime z) {
      return ofInstant(z.toInstant());
    }
    if (x instanceof LocalDate d) {
      return ofLocalDate(d);
    }
    if (x instanceof java.util.Date d) {
      return ofInstant(d.toInstant());
    }
    return x;
  }

  /** Epoch ms (UTC wall clock) of a temporal parameter value, or null when {@code x} is not one. */
  static Long millis(Object x) {
    return x instanceof Timestamp ? millis(x, TimeZone.getDefault()) : millis(x, null);
  }

  /**
   * {@link #millis(Object)} with the JVM's default zone read once by the caller ({@code
   * TimeZone.getDefault()} copies the zone: a batch reads it once, not once per row); {@code zone}
   * may be null when {@code x} is not a {@link Timestamp}.
   */
  static Long millis(Object x, TimeZone zone) {
    if (x instanceof Timestamp t) {
      long wall = utcWallMillis(t, zone);
      if (wall != Long.MIN_VALUE) {
        return wall;
      }
    }
    Object p = param(x);
    if (p instanceof Timestamp t) {
      return t.getTime();
    }
    if (p instanceof Date d) {
      return d.getTime();
    }
    return null;
  }
}
