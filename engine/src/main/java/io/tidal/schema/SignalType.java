package io.tidal.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A signal type: a canonical name, the entity table it applies to, 1 to {@value #MAX_DURATIONS}
 * half-lives (in declaration order, duplicates rejected) and 1 to {@value #MAX_DURATIONS} windows
 * (deduplicated and sorted ascending). Velocity is defined over any declared window.
 *
 * <p>Retention: raw signals are kept for {@link #retentionMs()} counted back from the type's latest
 * signal (default: the longest window plus one day, {@link #DEFAULT_EXTRA_RETENTION}); it must be
 * at least the longest window (a windowed count needs its whole window retained). Older signals live
 * on only folded into decay values, and queries before the horizon they leave are errors.
 *
 * <p>For half-life {@code h} the decay rate is {@code lambda = ln 2 / h}; {@link #decayRatePerMs(int)}
 * returns it per millisecond, precomputed. Immutable; validated on construction, every error naming
 * the offending value.
 */
public final class SignalType {
  public static final int MAX_DURATIONS = 8;
  private static final double LN2 = Math.log(2.0);

  /** Default retention beyond the longest window. */
  public static final Duration DEFAULT_EXTRA_RETENTION = Duration.ofDays(1);

  private final String name;
  private final String table;
  private final long[] halfLivesMs;
  private final double[] decayRatesPerMs;
  private final long[] windowsMs;
  private final long retentionMs;

  /** Roll-up: the source signal type and the column of its table naming this type's entity; else null. */
  private final String rollupOf;

  private final String rollupBy;

  /** A type with the default retention (longest window plus one day). */
  public SignalType(String name, String table, List<Duration> halfLives, List<Duration> windows) {
    this(name, table, halfLives, windows, null);
  }

  /**
   * @throws SchemaException on a bad name, an empty or too long list, a non-positive, fractional-ms
   *     or longer-than-10-years duration, a half-life given twice, or a retention shorter than
   *     the longest window
   * @param retention how long raw signals are kept back from the type's latest signal; null for the
   *     default (longest window plus one day)
   */
  public SignalType(
      String name,
      String table,
      List<Duration> halfLives,
      List<Duration> windows,
      Duration retention) {
    this(name, table, halfLives, windows, retention, null, null);
  }

  /**
   * A roll-up type when {@code rollupOf} is not null: every signal of type {@code rollupOf} also
   * counts for the entity of {@code table} that column {@code rollupBy} of the source entity's row
   * names when the signal is recorded (both checked against the schema by {@link SchemaBuilder}).
   *
   * @throws SchemaException as the plain constructor, or on a malformed source or column name, or
   *     one given without the other
   */
  public SignalType(
      String name,
      String table,
      List<Duration> halfLives,
      List<Duration> windows,
      Duration retention,
      String rollupOf,
      String rollupBy) {
    if ((rollupOf == null) != (rollupBy == null)) {
      throw SchemaException.invalidRollup(
          name, "a roll-up names both its source type and its column");
    }
    this.rollupOf = rollupOf == null ? null : Names.canonical("signal type", rollupOf);
    this.rollupBy = rollupBy == null ? null : Names.canonical("column", rollupBy);
    this.name = Names.canonical("signal type", name);
    this.table = Names.canonical("table", table);
    if (halfLives == null || halfLives.isEmpty() || halfLives.size() > MAX_DURATIONS) {
      throw SchemaException.invalidList(
          "half-lives", this.name, halfLives == null ? 0 : halfLives.size(), MAX_DURATIONS);
    }
    if (windows == null || windows.isEmpty() || windows.size() > MAX_DURATIONS) {
      throw SchemaException.invalidList(
          "windows", this.name, windows == null ? 0 : windows.size(), MAX_DURATIONS);
    }
    this.halfLivesMs = new long[halfLives.size()];
    this.decayRatesPerMs = new double[halfLives.size()];
    for (int i = 0; i < halfLives.size(); i++) {
      long ms = Durations.checkedMillis("half-life", this.name, halfLives.get(i));
      for (int j = 0; j < i; j++) {
        if (halfLivesMs[j] == ms) {
          throw SchemaException.invalidDuration(
              "half-life", this.name, Durations.format(halfLives.get(i)), "declared twice");
        }
      }
      halfLivesMs[i] = ms;
      decayRatesPerMs[i] = LN2 / ms;
    }
    TreeSet<Long> ws = new TreeSet<>();
    for (Duration w : windows) {
      ws.add(Durations.checkedMillis("window", this.name, w));
    }
    this.windowsMs = ws.stream().mapToLong(Long::longValue).toArray();
    long longest = windowsMs[windowsMs.length - 1];
    long byDefault = longest + DEFAULT_EXTRA_RETENTION.toMillis();
    if (retention == null || retention.equals(Duration.ofMillis(byDefault))) {
      this.retentionMs = byDefault; // may exceed Durations.MAX by the extra day: still accepted
    } else {
      long r = Durations.checkedMillis("retention", this.name, retention);
      if (r < longest) {
        throw SchemaException.invalidDuration(
            "retention",
            this.name,
            Durations.format(retention),
            "must be at least the longest window "
                + Durations.format(Duration.ofMillis(longest))
                + " (a windowed count needs its whole window retained)");
      }
      this.retentionMs = r;
    }
  }

  public String name() {
    return name;
  }

  /** Whether this is a roll-up type (fed by another type's signals, never written directly). */
  public boolean isRollup() {
    return rollupOf != null;
  }

  /** The source type of a roll-up (canonical name), or null. */
  public String rollupOf() {
    return rollupOf;
  }

  /** The column of the source type's table that names a roll-up's entity (canonical), or null. */
  public String rollupBy() {
    return rollupBy;
  }

  /** Canonical name of the entity table this type applies to. */
  public String table() {
    return table;
  }

  public int halfLifeCount() {
    return halfLivesMs.length;
  }

  public long halfLifeMs(int index) {
    return halfLivesMs[index];
  }

  /** {@code ln 2 / halfLife}, per millisecond. */
  public double decayRatePerMs(int index) {
    return decayRatesPerMs[index];
  }

  public List<Duration> halfLives() {
    List<Duration> out = new ArrayList<>();
    for (long ms : halfLivesMs) {
      out.add(Duration.ofMillis(ms));
    }
    return out;
  }

  public int windowCount() {
    return windowsMs.length;
  }

  public long windowMs(int index) {
    return windowsMs[index];
  }

  /** Windows in ascending order, without duplicates. */
  public List<Duration> windows() {
    List<Duration> out = new ArrayList<>();
    for (long ms : windowsMs) {
      out.add(Duration.ofMillis(ms));
    }
    return out;
  }

  /** The longest declared window, in ms. */
  public long longestWindowMs() {
    return windowsMs[windowsMs.length - 1];
  }

  /**
   * How long raw signals are kept, counted back from the type's latest signal timestamp: the
   * horizon is that timestamp minus this.
   */
  public long retentionMs() {
    return retentionMs;
  }

  public Duration retention() {
    return Duration.ofMillis(retentionMs);
  }

  /** Index of the half-life equal to {@code halfLife}, or -1. */
  public int halfLifeIndex(Duration halfLife) {
    if (halfLife == null) {
      return -1;
    }
    long ms = halfLife.toMillis();
    for (int i = 0; i < halfLivesMs.length; i++) {
      if (halfLivesMs[i] == ms && halfLife.getNano() % 1_000_000 == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the half-life, or a {@link SchemaException} naming it when it is not declared. */
  public int requireHalfLife(Duration halfLife) {
    int i = halfLifeIndex(halfLife);
    if (i < 0) {
      throw SchemaException.undeclaredHalfLife(name, halfLife);
    }
    return i;
  }

  /** Index of the window equal to {@code window}, or -1. */
  public int windowIndex(Duration window) {
    if (window == null || window.getNano() % 1_000_000 != 0) {
      return -1;
    }
    int i = Arrays.binarySearch(windowsMs, window.toMillis());
    return i >= 0 ? i : -1;
  }

  /** Index of the window, or a {@link SchemaException} naming it when it is not declared. */
  public int requireWindow(Duration window) {
    int i = windowIndex(window);
    if (i < 0) {
      throw SchemaException.undeclaredWindow(name, window);
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignalType s
        && s.name.equals(name)
        && s.table.equals(table)
        && Arrays.equals(s.halfLivesMs, halfLivesMs)
        && Arrays.equals(s.windowsMs, windowsMs)
        && s.retentionMs == retentionMs
        && Objects.equals(s.rollupOf, rollupOf)
        && Objects.equals(s.rollupBy, rollupBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        table,
        Arrays.hashCode(halfLivesMs),
        Arrays.hashCode(windowsMs),
        retentionMs,
        rollupOf,
        rollupBy);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SignalType[").append(name).append(" ON ").append(table);
    if (rollupOf != null) {
      sb.append(" ROLLUP OF ").append(rollupOf).append(" BY ").append(rollupBy);
    }
    sb.append(" HALF_LIFE(");
    for (int i = 0; i < halfLivesMs.length; i++) {
      sb.append(i > 0 ? ", " : "").append(Durations.format(Duration.ofMillis(halfLivesMs[i])));
    }
    sb.append(") WINDOW(");
    for (int i = 0; i < windowsMs.length; i++) {
      sb.append(i > 0 ? ", " : "").append(Durations.format(Duration.ofMillis(windowsMs[i])));
    }
    sb.append(") RETAIN ").append(Durations.format(Duration.ofMillis(retentionMs)));
    return sb.append("]").toString();
  }
}
