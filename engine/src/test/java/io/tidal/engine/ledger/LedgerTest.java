package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.DAY;
import static io.tidal.engine.ledger.Fixtures.HOUR;
import static io.tidal.engine.ledger.Fixtures.LIKE;
import static io.tidal.engine.ledger.Fixtures.MINUTE;
import static io.tidal.engine.ledger.Fixtures.T0;
import static io.tidal.engine.ledger.Fixtures.VIEW;
import static io.tidal.engine.ledger.Fixtures.YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Point reads against brute force over the raw events. */
class LedgerTest {

  @Test
  void pointReads_randomStreams_matchBruteForce() {
    Random rnd = new Random(Seeds.seed("LedgerTest.pointReads"));
    double worst = 0;
    for (int run = 0; run < Seeds.tries(15); run++) {
      Ledger ledger = Fixtures.keepAll(VIEW, LIKE);
      Oracle oracle = new Oracle();
      Fixtures.Clock clock = new Fixtures.Clock(rnd, T0 + rnd.nextInt(1000) * DAY - 500 * DAY);
      int entities = 1 + rnd.nextInt(40);
      for (int i = 0; i < 600; i++) {
        SignalType type = rnd.nextInt(4) == 0 ? LIKE : VIEW;
        long id = rnd.nextInt(entities) * 0x9E3779B97F4A7C15L; // spread over the unsigned range
        double w = Fixtures.weight(rnd);
        long t = clock.next();
        ledger.record(type, EntityId.of(id), w, t);
        oracle.record(type, id, w, t);
      }
      for (int q = 0; q < 400; q++) {
        SignalType type = rnd.nextInt(4) == 0 ? LIKE : VIEW;
        long id = rnd.nextInt(entities + 2) * 0x9E3779B97F4A7C15L;
        long at = queryTime(rnd, clock);
        worst = Math.max(worst, checkPoint(ledger, oracle, type, id, at));
      }
      ledger.checkInvariants();
    }
    System.out.println("[ledger] worst decay error / magnitude = " + worst);
  }

  /** Checks every half-life and window of (type, id) at {@code at}; returns the worst decay error ratio. */
  static double checkPoint(Ledger ledger, Oracle oracle, SignalType type, long id, long at) {
    double worst = 0;
    EntityId e = EntityId.of(id);
    for (int j = 0; j < type.halfLifeCount(); j++) {
      if (!oracle.decayExact(type, at)) {
        int hl = j;
        assertThatThrownBy(() -> ledger.decayScore(type, hl, e, at))
            .as("decay before the horizon")
            .isInstanceOfSatisfying(
                TidalException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.BEFORE_HORIZON))
            .hasMessageContaining("earliest exact at is " + Times.format(oracle.horizon(type)));
        continue;
      }
      double mag = oracle.decayMagnitude(type, j, id, at);
      if (!(mag < 1e300)) {
        continue; // the exact value itself is out of double range
      }
      double exact = oracle.decay(type, j, id, at);
      double got = ledger.decayScore(type, j, e, at);
      double err = Math.abs(got - exact);
      assertThat(err)
          .as("decay %s h#%d entity %s at %d: got %s exact %s", type.name(), j, e, at, got, exact)
          .isLessThanOrEqualTo(1e-9 * mag + 1e-300);
      if (mag > 1e-280) {
        worst = Math.max(worst, err / mag);
      }
    }
    for (int j = 0; j < type.windowCount(); j++) {
      if (!oracle.countExact(type, j, at)) {
        int w = j;
        assertThatThrownBy(() -> ledger.windowedCount(type, w, e, at))
            .as("count before the horizon")
            .isInstanceOfSatisfying(
                TidalException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.BEFORE_HORIZON))
            .hasMessageContaining(
                "earliest exact at is " + Times.format(oracle.horizon(type) + type.windowMs(j)));
        assertThatThrownBy(() -> ledger.velocity(type, w, e, at))
            .isInstanceOf(TidalException.class);
        continue;
      }
      long exact = oracle.count(type, j, id, at);
      assertThat(ledger.windowedCount(type, j, e, at))
          .as("count %s w#%d %s at %d", type.name(), j, e, at)
          .isEqualTo(exact);
      assertThat(ledger.velocity(type, j, e, at)).isEqualTo(exact / (type.windowMs(j) / 1000.0));
    }
    return worst;
  }

  private static long queryTime(Random rnd, Fixtures.Clock clock) {
    switch (rnd.nextInt(3)) {
      case 0:
        return clock.max + (long) (rnd.nextDouble() * 10 * DAY);
      case 1:
        return clock.max - (long) (rnd.nextDouble() * 2 * HOUR);
      default:
        return clock.now - (long) (rnd.nextDouble() * 3 * DAY);
    }
  }

  @Test
  void decayScore_yearsOfSignalsEveryMinuteAtOneMinuteHalfLife_staysFiniteAndExact() {
    SignalType fast =
        new SignalType(
            "tick",
            "items",
            java.util.List.of(Duration.ofMinutes(1)),
            java.util.List.of(Duration.ofMinutes(10)));
    Ledger ledger = Fixtures.keepAll(fast);
    EntityId e = EntityId.of(7);
    long n = 3 * YEAR / MINUTE; // ~1.6M signals, one a minute for three years
    long t = T0 - 3 * YEAR;
    for (long i = 0; i < n; i++) {
      ledger.record(fast, e, 1.0, t);
      t += MINUTE;
    }
    long last = t - MINUTE;
    // sum_{i < n} 2^-i = 2 - 2^(1-n) = 2 in doubles; exact to the last bit here
    assertThat(ledger.decayScore(fast, 0, e, last))
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ledger.decayScore(fast, 0, e, last + 10 * MINUTE))
        .isCloseTo(2.0 / 1024, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ledger.windowedCount(fast, 0, e, last)).isEqualTo(10);
    // far in the future everything has decayed, without NaN or overflow
    assertThat(ledger.decayScore(fast, 0, e, last + 5 * YEAR)).isEqualTo(0.0);
    ledger.checkInvariants();
  }

  @Test
  void decayScore_signalsYearsApartAndQueryInThePast_matchBruteForce() {
    Ledger ledger = Fixtures.keepAll(VIEW);
    Oracle oracle = new Oracle();
    long[] ts = {T0, T0 - 4 * YEAR, T0 + 2 * MINUTE, T0 - 10 * MINUTE, T0 + 3 * YEAR};
    double[] ws = {2.5, 7, -1, 0.5, 1};
    for (int i = 0; i < ts.length; i++) {
      ledger.record(VIEW, EntityId.of(1), ws[i], ts[i]);
      oracle.record(VIEW, 1, ws[i], ts[i]);
    }
    for (long at :
        new long[] {
          T0 - 4 * YEAR,
          T0 - 4 * YEAR + HOUR,
          T0,
          T0 + 5 * MINUTE,
          T0 + 3 * YEAR,
          T0 + 3 * YEAR - 30 * MINUTE,
          T0 + 3 * YEAR + DAY
        }) {
      checkPoint(ledger, oracle, VIEW, 1, at);
    }
  }

  @Test
  void decayScore_cancellingWeights_isWithinAbsoluteBound() {
    Ledger ledger = Fixtures.keepAll(VIEW);
    EntityId e = EntityId.of(3);
    ledger.record(VIEW, e, 1e6, T0);
    ledger.record(VIEW, e, -1e6, T0);
    ledger.record(VIEW, e, 1e-3, T0 - HOUR);
    // exact at T0 for h = 1 day: 1e-3 * 2^(-1/24); the 1e6 terms cancel exactly here
    assertThat(ledger.decayScore(VIEW, 2, e, T0))
        .isCloseTo(1e-3 * Math.pow(2, -1.0 / 24), org.assertj.core.data.Offset.offset(1e-9 * 2e6));
  }

  @Test
  void prune_inactiveEntities_foldsOldSignalsAndKeepsScoresWithinTheHorizonExact() {
    SignalType view = Fixtures.VIEW_DEFAULT; // retention 8 days (longest window 7 days + 1)
    Ledger ledger = new Ledger();
    ledger.addType(view);
    Oracle oracle = new Oracle();
    for (int i = 0; i < 50; i++) { // entity 1: active long ago only
      ledger.record(view, EntityId.of(1), 1.0, T0 + i * MINUTE);
      oracle.record(view, 1, 1.0, T0 + i * MINUTE);
    }
    long late = T0 + 30 * DAY;
    for (int i = 0; i < 5; i++) { // entity 2: active now
      ledger.record(view, EntityId.of(2), 1.0, late + i * MINUTE);
      oracle.record(view, 2, 1.0, late + i * MINUTE);
    }
    long before = ledger.stats().stateBytes();
    assertThat(ledger.prune()).isEqualTo(50);
    assertThat(ledger.stats().stateBytes()).isLessThan(before);
    ledger.checkInvariants();
    long now = late + 4 * MINUTE;
    for (long at : new long[] {now, now - HOUR, now + 3 * DAY, now - 8 * DAY, now - DAY}) {
      checkPoint(ledger, oracle, view, 1, at);
      checkPoint(ledger, oracle, view, 2, at);
    }
    // contract changed 2026-12-07: the folded signals still count for decay at any exact time ...
    assertThat(ledger.decayScore(view, 2, EntityId.of(1), now - 8 * DAY))
        .isCloseTo(
            oracle.decay(view, 2, 1, now - 8 * DAY), org.assertj.core.data.Offset.offset(1e-9));
    // ... but a time before the horizon is an error naming the earliest exact time
    checkPoint(ledger, oracle, view, 1, T0 + HOUR);
    assertThatThrownBy(() -> ledger.decayScore(view, 2, EntityId.of(1), T0 + HOUR))
        .hasMessageContaining("earliest exact at is " + Times.format(now - 8 * DAY));
    assertThat(
            ledger
                .topK(
                    java.util.List.of(io.tidal.engine.rank.RankTerm.count(view, 2, false)),
                    now,
                    2,
                    0,
                    null)
                .entries())
        .extracting(r -> r.id().bits())
        .containsExactly(2L, 1L);
    assertThat(ledger.prune()).isZero();
  }

  /** Contract changed 2026-12-07: a count whose window reaches before the horizon is an error. */
  @Test
  void windowedCount_defaultRetention_exactWithinTheHorizonAndAnErrorBefore() {
    Random rnd = new Random(Seeds.seed("LedgerTest.retention"));
    SignalType view = Fixtures.VIEW_DEFAULT;
    Ledger ledger = new Ledger();
    ledger.addType(view);
    Oracle oracle = new Oracle();
    Fixtures.Clock clock = new Fixtures.Clock(rnd, T0);
    for (int i = 0; i < 3000; i++) {
      long id = rnd.nextInt(20);
      long t = clock.next();
      ledger.record(view, EntityId.of(id), 1.0, t);
      oracle.record(view, id, 1.0, t);
      if (i % 500 == 0) {
        ledger.prune();
      }
    }
    for (int q = 0; q < 2000; q++) {
      long id = rnd.nextInt(20);
      long at = clock.max - (long) (rnd.nextDouble() * 30 * DAY) + DAY;
      checkPoint(ledger, oracle, view, id, at);
    }
    ledger.checkInvariants();
  }
}
