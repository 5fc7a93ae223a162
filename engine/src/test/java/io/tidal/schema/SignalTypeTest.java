package io.tidal.schema;

import static io.tidal.schema.SchemaAssertions.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalTypeTest {
  private static final List<Duration> HOUR = List.of(Duration.ofHours(1));

  private static SignalType type(List<Duration> halfLives, List<Duration> windows) {
    return new SignalType("view", "items", halfLives, windows);
  }

  private static List<Duration> hours(int n) {
    List<Duration> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(Duration.ofHours(i));
    }
    return out;
  }

  @Test
  void constructor_badTypeOrTableName_isInvalidNameNamingIt() {
    fails(
        () -> new SignalType("9view", "items", HOUR, HOUR),
        ErrorCode.INVALID_NAME,
        "signal type",
        "'9view'");
    fails(
        () -> new SignalType("view", "it ems", HOUR, HOUR),
        ErrorCode.INVALID_NAME,
        "table",
        "'it ems'");
    fails(
        () -> new SignalType("v".repeat(65), "items", HOUR, HOUR),
        ErrorCode.INVALID_NAME,
        "v".repeat(65));
  }

  @Test
  void constructor_emptyOrNullLists_areInvalidListNamingTheType() {
    fails(() -> type(List.of(), HOUR), ErrorCode.INVALID_LIST, "half-lives", "'view'", "count=0");
    fails(() -> type(HOUR, List.of()), ErrorCode.INVALID_LIST, "windows", "'view'", "count=0");
    fails(() -> type(null, HOUR), ErrorCode.INVALID_LIST, "half-lives", "count=0");
    fails(() -> type(HOUR, null), ErrorCode.INVALID_LIST, "windows", "count=0");
  }

  @Test
  void constructor_moreThanEightEntries_isInvalidListNamingTheCount() {
    assertThat(type(hours(8), hours(8)).halfLifeCount()).isEqualTo(8);
    fails(() -> type(hours(9), HOUR), ErrorCode.INVALID_LIST, "half-lives", "count=9", "1 to 8");
    fails(() -> type(HOUR, hours(9)), ErrorCode.INVALID_LIST, "windows", "count=9", "1 to 8");
  }

  @Test
  void constructor_zeroOrNegativeDuration_isInvalidDurationNamingTheValue() {
    fails(
        () -> type(List.of(Duration.ZERO), HOUR),
        ErrorCode.INVALID_DURATION,
        "half-life",
        "PT0S",
        "'view'",
        "positive");
    fails(
        () -> type(List.of(Duration.ofMinutes(-5)), HOUR),
        ErrorCode.INVALID_DURATION,
        "half-life",
        "PT-5M");
    fails(() -> type(HOUR, List.of(Duration.ZERO)), ErrorCode.INVALID_DURATION, "window", "PT0S");
    fails(
        () -> type(HOUR, List.of(Duration.ofSeconds(-1))),
        ErrorCode.INVALID_DURATION,
        "window",
        "PT-1S");
  }

  @Test
  void constructor_fractionalMilliseconds_isInvalidDurationNamingTheValue() {
    fails(
        () -> type(List.of(Duration.ofNanos(1_500_000)), HOUR),
        ErrorCode.INVALID_DURATION,
        "half-life",
        "PT0.0015S",
        "whole milliseconds");
    fails(
        () -> type(HOUR, List.of(Duration.ofHours(1).plusNanos(1))),
        ErrorCode.INVALID_DURATION,
        "window",
        "PT1H0.000000001S");
  }

  @Test
  void constructor_longerThanTenYears_isInvalidDurationNamingTheValue() {
    assertThat(type(List.of(Durations.MAX), List.of(Durations.MAX)).halfLifeMs(0))
        .isEqualTo(3650L * 86_400_000L);
    fails(
        () -> type(List.of(Duration.ofDays(3651)), HOUR),
        ErrorCode.INVALID_DURATION,
        "half-life",
        "3651d",
        "10 years");
    fails(
        () -> type(HOUR, List.of(Durations.MAX.plusMillis(1))),
        ErrorCode.INVALID_DURATION,
        "window",
        "315360000001ms");
  }

  @Test
  void constructor_nullDuration_isInvalidDuration() {
    fails(
        () -> type(Collections.singletonList(null), HOUR),
        ErrorCode.INVALID_DURATION,
        "half-life",
        "NULL");
    fails(
        () -> type(HOUR, Collections.singletonList(null)),
        ErrorCode.INVALID_DURATION,
        "window",
        "NULL");
  }

  @Test
  void constructor_duplicateHalfLife_isInvalidDurationNamingIt() {
    fails(
        () -> type(List.of(Duration.ofHours(1), Duration.ofMinutes(60)), HOUR),
        ErrorCode.INVALID_DURATION,
        "half-life",
        "1h",
        "declared twice");
  }

  @Test
  void windows_areDeduplicatedAndSorted_halfLivesKeepOrder() {
    SignalType t =
        type(
            List.of(Duration.ofDays(1), Duration.ofHours(1)),
            List.of(
                Duration.ofDays(7),
                Duration.ofHours(1),
                Duration.ofMinutes(60),
                Duration.ofDays(1)));
    assertThat(t.windows())
        .containsExactly(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    assertThat(t.halfLives()).containsExactly(Duration.ofDays(1), Duration.ofHours(1));
    assertThat(t.longestWindowMs()).isEqualTo(Duration.ofDays(7).toMillis());
  }

  @Test
  void decayRate_isLn2OverHalfLife_perMs() {
    SignalType t = type(List.of(Duration.ofHours(1), Duration.ofMillis(1)), HOUR);
    assertThat(t.decayRatePerMs(0)).isEqualTo(Math.log(2) / 3_600_000.0);
    assertThat(t.decayRatePerMs(1)).isEqualTo(Math.log(2));
  }

  @Test
  void names_areCanonicalLowerCase() {
    SignalType t = new SignalType("View", "ITEMS", HOUR, HOUR);
    assertThat(t.name()).isEqualTo("view");
    assertThat(t.table()).isEqualTo("items");
  }

  @Test
  void requireHalfLifeAndWindow_undeclared_isUndeclaredDurationNamingIt() {
    SignalType t = type(HOUR, List.of(Duration.ofDays(1)));
    assertThat(t.requireHalfLife(Duration.ofMinutes(60))).isZero();
    assertThat(t.requireWindow(Duration.ofHours(24))).isZero();
    fails(
        () -> t.requireHalfLife(Duration.ofHours(2)),
        ErrorCode.UNDECLARED_DURATION,
        "2h",
        "'view'");
    fails(
        () -> t.requireWindow(Duration.ofHours(1)), ErrorCode.UNDECLARED_DURATION, "1h", "'view'");
    assertThat(t.halfLifeIndex(Duration.ofHours(1).plusNanos(1))).isEqualTo(-1);
    assertThat(t.windowIndex(null)).isEqualTo(-1);
  }
}
