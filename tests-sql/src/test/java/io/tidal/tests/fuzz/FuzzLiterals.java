package io.tidal.tests.fuzz;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Literal pools of the fuzz: ordinary values, weird ones (unicode, quotes, empty, very long, huge
 * and tiny numbers, out-of-range timestamps, bad intervals) and their SQL spelling.
 */
final class FuzzLiterals {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  static final List<String> STRINGS =
      List.of(
          "a",
          "news",
          "sport",
          "Hello",
          "",
          " ",
          "it's",
          "ünïcödé",
          "日本語",
          "😀🎉",
          "a\tb",
          "x".repeat(300),
          "NULL",
          "--",
          "/*",
          "'",
          "\"q\"",
          "\\",
          "%_",
          "Ω≈ç√",
          "\u0000nul",
          "e\u0301");
  static final List<String> ITEM_IDS;
  static final List<Long> USER_IDS =
      List.of(
          0L,
          1L,
          2L,
          3L,
          4L,
          5L,
          6L,
          7L,
          42L,
          -1L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          1L << 53,
          999_999_999_999L);

  /** Integer literals as text: in range, at the edges and beyond INTEGER and BIGINT. */
  static final List<String> INTEGERS =
      List.of(
          "0",
          "1",
          "-1",
          "7",
          "42",
          "-273",
          "2147483647",
          "-2147483648",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "-9223372036854775808",
          "9223372036854775808",
          "99999999999999999999999999999999999999999",
          "000012");

  /** Decimal / approximate literals as text. */
  static final List<String> DECIMALS =
      List.of(
          "0.5",
          "1.25",
          "-3.75",
          "123.456789",
          "0.000001",
          "1234567890123.5",
          "1e308",
          "-1e308",
          "1e-320",
          "1e400",
          "-0.0",
          ".5",
          "5.",
          "1E3",
          "3.14159265358979323846264338327950288419716939937510",
          "1e-6",
          "6.02e23");

  static final List<String> CATEGORIES = List.of("news", "sport", "tech", "ünï", "");

  static {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ids.add("i" + i);
    }
    ids.addAll(List.of("ünï", "😀", "it's", " ", "I0", "a b", "x".repeat(200), "42"));
    ITEM_IDS = List.copyOf(ids);
  }

  private FuzzLiterals() {}

  static <T> T pick(Random r, List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  static String str(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String ts(LocalDateTime t) {
    return "TIMESTAMP '" + TS.format(t) + "'";
  }

  /** A tracked signal time: BASE plus a whole number of 5-minute steps within ten days. */
  static LocalDateTime signalTime(Random r) {
    return FuzzModel.BASE.plusMinutes(5L * r.nextInt(10 * 24 * 12));
  }

  /** A check time: BASE plus 2.5 minutes plus 5-minute steps, so no signal sits on a window edge. */
  static LocalDateTime checkTime(Random r) {
    return FuzzModel.BASE.plusSeconds(150).plusMinutes(5L * r.nextInt(11 * 24 * 12));
  }

  /** A check time after every tracked signal, where windowed counts are exact. */
  static LocalDateTime lateCheckTime(Random r) {
    return FuzzModel.BASE.plusSeconds(150).plusMinutes(5L * (10 * 24 * 12 + r.nextInt(288)));
  }

  /** Any timestamp literal, valid, odd or invalid. */
  static String anyTimestamp(Random r) {
    return switch (r.nextInt(12)) {
      case 0 -> "TIMESTAMP '1900-01-01 00:00:00'";
      case 1 -> "TIMESTAMP '9999-12-31 23:59:59'";
      case 2 -> "TIMESTAMP '0001-01-01 00:00:00'";
      case 3 -> "TIMESTAMP '2026-02-30 10:00:00'";
      case 4 -> "TIMESTAMP '2026-11-01 25:61:00'";
      case 5 -> "TIMESTAMP 'yesterday'";
      case 6 -> "TIMESTAMP '2026-11-01 10:00:00.123456789'";
      case 7 -> "CURRENT_TIMESTAMP";
      case 8 -> "CAST(NULL AS TIMESTAMP)";
      case 9 -> "TIMESTAMP '1969-12-31 23:59:59.999'";
      default -> ts(signalTime(r));
    };
  }

  /** An interval literal: declared ones, other valid ones, and bad ones. */
  static String interval(Random r) {
    return pick(
        r,
        List.of(
            "INTERVAL '1' HOUR",
            "INTERVAL '60' MINUTE",
            "INTERVAL '1' DAY",
            "INTERVAL '24' HOUR",
            "INTERVAL '7' DAY",
            "INTERVAL '30' MINUTE",
            "INTERVAL '10' MINUTE",
            "INTERVAL '2' DAY",
            "INTERVAL '1:30' HOUR TO MINUTE",
            "INTERVAL '1 12' DAY TO HOUR",
            "INTERVAL '1.5' SECOND",
            "INTERVAL '-1' HOUR",
            "INTERVAL '0' SECOND",
            "INTERVAL '1' MONTH",
            "INTERVAL '1' YEAR",
            "INTERVAL '99999999' DAY",
            "INTERVAL '0.0001' SECOND",
            "INTERVAL 'abc' HOUR",
            "INTERVAL '3650' DAY",
            "INTERVAL '3651' DAY",
            "3600000",
            "NULL",
            "'1 hour'"));
  }

  /** A numeric literal of any kind, as text. */
  static String number(Random r) {
    return r.nextBoolean() ? pick(r, INTEGERS) : pick(r, DECIMALS);
  }

  /** A value for an untyped position: number, string, NULL, boolean, timestamp. */
  static String anyValue(Random r) {
    return switch (r.nextInt(8)) {
      case 0, 1 -> number(r);
      case 2, 3 -> str(pick(r, STRINGS));
      case 4 -> "NULL";
      case 5 -> r.nextBoolean() ? "TRUE" : "FALSE";
      case 6 -> anyTimestamp(r);
      default -> "DATE '2026-11-0" + (1 + r.nextInt(9)) + "'";
    };
  }

  /** The exact value of an integer literal, or null when it does not parse. */
  static BigDecimal exact(String literal) {
    try {
      return new BigDecimal(literal);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
