package io.tidal.schema;

import java.time.Duration;

/** Validation and display of half-lives and windows. */
public final class Durations {
  /** The longest half-life or window: ten years of 365 days. */
  public static final Duration MAX = Duration.ofDays(3650);

  private Durations() {}

  /** Validates a half-life or window: positive, whole milliseconds, at most {@link #MAX}. */
  static long checkedMillis(String what, String owner, Duration d) {
    if (d == null) {
      throw SchemaException.invalidDuration(what, owner, "NULL", "must not be null");
    }
    if (d.isNegative() || d.isZero()) {
      throw SchemaException.invalidDuration(what, owner, format(d), "must be positive");
    }
    if (d.compareTo(MAX) > 0) {
      throw SchemaException.invalidDuration(
          what, owner, format(d), "must be at most 10 years (3650 days)");
    }
    if (d.getNano() % 1_000_000 != 0) {
      throw SchemaException.invalidDuration(what, owner, format(d), "must be whole milliseconds");
    }
    return d.toMillis();
  }

  /** A short human form: 1h, 90m, 7d, 1500ms. */
  public static String format(Duration d) {
    if (d == null) {
      return "NULL";
    }
    long ms = d.toMillis();
    if (d.getNano() % 1_000_000 != 0 || ms <= 0) {
      return d.toString();
    }
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return ms + "ms";
  }
}
