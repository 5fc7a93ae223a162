package io.tidal.sql;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Day-time interval literals as SQL writes them: {@code '1' HOUR}, {@code '90' MINUTE},
 * {@code '1:30' HOUR TO MINUTE}, {@code '1 12' DAY TO HOUR}, {@code '1.5' SECOND}. Year-month units
 * are refused: a half-life or window is a fixed length of time.
 */
final class Intervals {
  private static final List<String> UNITS = List.of("DAY", "HOUR", "MINUTE", "SECOND");
  private static final long[] UNIT_MS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};

  private Intervals() {}

  static Duration parse(String text, String from, String to, String clause) {
    int a = UNITS.indexOf(from);
    int b = UNITS.indexOf(to);
    if (a < 0 || b < 0 || b < a) {
      if (from.equals("YEAR") || from.equals("MONTH") || to.equals("MONTH")) {
        throw new SyntaxError(
            "interval '"
                + text
                + "' "
                + from
                + " in "
                + clause
                + " is a year-month interval; use DAY, HOUR, MINUTE or SECOND");
      }
      throw new SyntaxError(
          "bad interval unit "
              + from
              + (from.equals(to) ? "" : " TO " + to)
              + " in "
              + clause
              + "; use DAY, HOUR, MINUTE or SECOND");
    }
    String t = text.strip();
    boolean neg = t.startsWith("-");
    if (neg || t.startsWith("+")) {
      t = t.substring(1).strip();
    }
    String[] parts = t.split("[ :]+");
    if (parts.length != b - a + 1) {
      throw new SyntaxError(
          "interval value '" + text + "' does not match " + from + (a == b ? "" : " TO " + to));
    }
    try {
      BigDecimal ms = BigDecimal.ZERO;
      for (int i = 0; i < parts.length; i++) {
        BigDecimal v = new BigDecimal(parts[i]);
        if (v.signum() < 0 || (i < parts.length - 1 || a + i != 3) && v.scale() > 0) {
          throw new NumberFormatException(parts[i]);
        }
        ms = ms.add(v.multiply(BigDecimal.valueOf(UNIT_MS[a + i])));
      }
      Duration d = Duration.ofNanos(ms.multiply(BigDecimal.valueOf(1_000_000)).longValueExact());
      return neg ? d.negated() : d;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new SyntaxError(
          "bad interval value '"
              + text
              + "' for "
              + from
              + (a == b ? "" : " TO " + to)
              + " in "
              + clause);
    }
  }
}
