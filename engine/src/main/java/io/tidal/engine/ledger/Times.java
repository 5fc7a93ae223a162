package io.tidal.engine.ledger;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Timestamps in messages: UTC, in the form of a SQL TIMESTAMP literal's text. */
final class Times {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private Times() {}

  /** {@code 2026-11-01 12:00:00} (with {@code .SSS} when not whole seconds), UTC. */
  static String format(long ms) {
    if (ms == Long.MIN_VALUE) {
      return "none";
    }
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    return (ms % 1000 == 0 ? SECONDS : MILLIS).format(t);
  }
}
