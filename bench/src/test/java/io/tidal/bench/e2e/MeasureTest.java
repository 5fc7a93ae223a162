package io.tidal.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warm-up rule of {@link Measure}: on a fake clock that each query advances by a scripted
 * latency, the warm-up ends when two successive windows' p50 agree within the tolerance, or at the
 * cap; the measured percentiles are those of the scripted latencies after the warm-up.
 */
class MeasureTest {
  /** A clock that only query executions advance. */
  static final class FakeClock {
    long now;
  }

  private static Measure.Query<Integer> scripted(
      FakeClock clock, java.util.function.IntToLongFunction latency) {
    return new Measure.Query<>() {
      @Override
      public Integer ask(int i) {
        clock.now += latency.applyAsLong(i);
        return i;
      }

      @Override
      public String check(int i, Integer answer) {
        return answer == i ? null : "wrong";
      }
    };
  }

  // windows of 1 ms, cap 1 s, 5 %, 10 ms measured
  private static final Measure.Budget BUDGET =
      new Measure.Budget(1_000_000L, 1_000_000_000L, 0.05, 10_000_000L, 100_000, 3);

  @Test
  void latencyThatFallsThenHolds_warmsUntilItHolds() {
    FakeClock c = new FakeClock();
    // a JIT curve: 10 us plus an excess of 90 us that halves every millisecond (every window)
    Measure.Outcome o =
        Measure.run(
            scripted(c, i -> 10_000 + (long) (90_000 * Math.pow(2, -c.now / 1e6))),
            BUDGET,
            () -> c.now);
    assertThat(o.status()).isEqualTo(Results.OK);
    assertThat(o.settled()).isTrue();
    // successive p50s agree within 5 % once the excess is under ~1 us: after 6-9 windows
    long warmNanos = c.now - 10_000_000L; // the measured loop ran 10 ms of fake time after it
    assertThat(warmNanos).isBetween(6_000_000L, 10_000_000L);
    assertThat(o.p50()).isBetween(10.0, 10.6);
    assertThat(o.reps()).isBetween(900, 1_000);
  }

  @Test
  void steadyLatency_settlesAfterTwoWindows() {
    FakeClock c = new FakeClock();
    Measure.Outcome o = Measure.run(scripted(c, i -> 50_000), BUDGET, () -> c.now);
    assertThat(o.settled()).isTrue();
    assertThat(o.warmReps()).isEqualTo(2 * 20); // two 1 ms windows of 50 us
    assertThat(o.p50()).isEqualTo(50.0);
  }

  @Test
  void latencyThatNeverSettles_stopsAtTheCap() {
    FakeClock c = new FakeClock();
    // windows alternate between 10 us and 20 us executions: p50s differ by 2x forever
    Measure.Outcome o =
        Measure.run(
            scripted(c, i -> (c.now / 1_000_000L) % 2 == 0 ? 10_000 : 20_000), BUDGET, () -> c.now);
    assertThat(o.status()).isEqualTo(Results.OK);
    assertThat(o.settled()).isFalse();
    assertThat(c.now).isBetween(1_000_000_000L, 1_000_000_000L + 12_000_000L);
  }

  @Test
  void slowQuery_longerThanAWindow_stillGetsMinReps() {
    FakeClock c = new FakeClock();
    // 30 ms per execution, longer than a window and than the 10 ms measure budget
    Measure.Outcome o = Measure.run(scripted(c, i -> 30_000_000L), BUDGET, () -> c.now);
    assertThat(o.settled()).isTrue(); // two one-execution windows with equal latency
    assertThat(o.warmReps()).isEqualTo(2);
    assertThat(o.reps()).isEqualTo(2); // six budgets (60 ms) allow two 30 ms executions
  }

  @Test
  void settledAt_isRelativeToThePreviousWindow() {
    assertThat(Measure.settledAt(Double.NaN, 10, 0.05)).isFalse();
    assertThat(Measure.settledAt(100, 104, 0.05)).isTrue();
    assertThat(Measure.settledAt(100, 95, 0.05)).isTrue();
    assertThat(Measure.settledAt(100, 94, 0.05)).isFalse();
    assertThat(Measure.settledAt(100, 106, 0.05)).isFalse();
  }
}
