package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.DAY;
import static io.tidal.engine.ledger.Fixtures.HOUR;
import static io.tidal.engine.ledger.Fixtures.MINUTE;
import static io.tidal.engine.ledger.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * As-of reads (DESIGN.md section 2, 2026-12-07): at any {@code at} within the horizon, decay scores,
 * windowed counts and velocities count exactly the signals with {@code ts <= at} (brute force over
 * the raw signals; decay within 1e-9 of the magnitude sum, counts exact); before it, an error naming
 * the earliest exact time. Through folds at checkpoints and a checkpoint + reload.
 */
class AsOfTest {
  /** Two half-lives, two windows, retention 3 days: folds happen within the streams below. */
  static final SignalType HIT =
      new SignalType(
          "hit",
          "items",
          List.of(Duration.ofMinutes(30), Duration.ofHours(6)),
          List.of(Duration.ofHours(1), Duration.ofDays(1)),
          Duration.ofDays(3));

  @Test
  void pointReads_randomPastAt_equalBruteForceOverSignalsAtOrBeforeAt() {
    long seed = Seeds.seed("AsOfTest.pointReads");
    Random rnd = new Random(seed);
    for (int run = 0; run < Seeds.tries(8); run++) {
      Ledger ledger = Fixtures.keepAll(HIT);
      Oracle oracle = new Oracle();
      int entities = 1 + rnd.nextInt(30);
      long now = T0;
      for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 300; i++) {
          now += rnd.nextInt((int) (20 * MINUTE));
          // out of order: up to 4 days late, so some arrive before the horizon (folded on arrival)
          long t = rnd.nextInt(5) == 0 ? now - (long) (rnd.nextDouble() * 4 * DAY) : now;
          double w = rnd.nextInt(4) == 0 ? -rnd.nextDouble() * 5 : Fixtures.weight(rnd);
          long id = rnd.nextInt(entities);
          ledger.record(HIT, EntityId.of(id), w, t);
          oracle.record(HIT, id, w, t);
        }
        if (rnd.nextBoolean()) {
          ledger.prune(); // what a checkpoint does
        }
        if (rnd.nextInt(3) == 0) {
          ledger = reload(ledger);
        }
        ledger.checkInvariants();
        for (int q = 0; q < 150; q++) {
          long at =
              oracle.horizon(HIT) + (long) ((rnd.nextDouble() * 1.3 - 0.2) * HIT.retentionMs());
          LedgerTest.checkPoint(ledger, oracle, HIT, rnd.nextInt(entities + 1), at);
        }
      }
    }
  }

  @Test
  void beforeHorizon_errorNamesTheEarliestExactAt_forKnownAndUnknownEntities() {
    Ledger ledger = Fixtures.keepAll(HIT);
    ledger.record(HIT, EntityId.of(1), 1.0, T0);
    ledger.record(HIT, EntityId.of(2), 1.0, T0 + 10 * DAY);
    long horizon = T0 + 7 * DAY;
    assertThat(ledger.horizon(HIT)).isEqualTo(horizon);
    for (long id : new long[] {1, 2, 99}) {
      assertThatThrownBy(() -> ledger.decayScore(HIT, 0, EntityId.of(id), horizon - 1))
          .isInstanceOfSatisfying(
              TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BEFORE_HORIZON))
          .hasMessageContaining("earliest exact at is " + Times.format(horizon))
          .hasMessageContaining("retention=3d");
      assertThatThrownBy(() -> ledger.windowedCount(HIT, 1, EntityId.of(id), horizon + DAY - 1))
          .hasMessageContaining("earliest exact at is " + Times.format(horizon + DAY));
    }
    assertThat(ledger.decayScore(HIT, 0, EntityId.of(1), horizon)).isGreaterThan(0.0);
    assertThat(ledger.windowedCount(HIT, 1, EntityId.of(1), horizon + DAY)).isZero();
    assertThatThrownBy(
            () -> ledger.topK(List.of(RankTerm.decay(1, HIT, 0)), horizon - 1, 5, 0, null))
        .hasMessageContaining("earliest exact at is " + Times.format(horizon));
    assertThatThrownBy(
            () -> ledger.topK(List.of(RankTerm.count(HIT, 0, false)), horizon, 5, 0, null))
        .hasMessageContaining("earliest exact at is " + Times.format(horizon + HOUR));
  }

  /** Ranked decay at a past at: the index walk corrected by the later entities equals brute force. */
  @Test
  void topK_randomPastAt_equalsScanAndBruteForce() {
    long seed = Seeds.seed("AsOfTest.topK");
    Random rnd = new Random(seed);
    SignalType other =
        new SignalType(
            "like",
            "items",
            List.of(Duration.ofHours(2)),
            List.of(Duration.ofDays(1)),
            Duration.ofDays(5));
    for (int run = 0; run < Seeds.tries(6); run++) {
      Ledger ledger = Fixtures.keepAll(HIT, other);
      Oracle oracle = new Oracle();
      int entities = 1 + rnd.nextInt(200);
      long now = T0;
      for (int i = 0; i < 3000; i++) {
        now += rnd.nextInt((int) (5 * MINUTE));
        long t = rnd.nextInt(6) == 0 ? now - (long) (rnd.nextDouble() * 2 * DAY) : now;
        SignalType type = rnd.nextInt(3) == 0 ? other : HIT;
        double w = rnd.nextInt(5) == 0 ? -rnd.nextDouble() * 3 : 1 + rnd.nextInt(3);
        long id = rnd.nextInt(entities);
        ledger.record(type, EntityId.of(id), w, t);
        oracle.record(type, id, w, t);
        if (i % 1000 == 999) {
          ledger.prune();
        }
      }
      ledger.checkInvariants();
      for (int q = 0; q < 40; q++) {
        List<RankTerm> terms =
            switch (rnd.nextInt(4)) {
              case 0 -> List.of(RankTerm.decay(1, HIT, 1));
              case 1 -> List.of(RankTerm.decay(1, HIT, 0), RankTerm.decay(2.5, other, 0));
              case 2 -> List.of(RankTerm.count(HIT, rnd.nextInt(2), rnd.nextBoolean()));
              default -> List.of(RankTerm.decay(1, other, 0));
            };
        long floor =
            Math.max(oracle.horizon(HIT), oracle.horizon(other))
                + (terms.get(0) instanceof RankTerm.Count c ? HIT.windowMs(c.windowIndex()) : 0);
        long latest = now + 1;
        long at =
            rnd.nextInt(5) == 0 ? latest : floor + (long) (rnd.nextDouble() * (latest - floor));
        int limit = 1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 100);
        int offset = rnd.nextInt(3) == 0 ? rnd.nextInt(10) : 0;
        TopKResult got = ledger.topK(terms, at, limit, offset, null);
        assertThat(got.entries())
            .as("seed %d: index = scan, %s at %d", seed, terms, at)
            .isEqualTo(ledger.scanTopK(terms, at, limit, offset, null).entries());
        TopKTest.assertMatches(
            oracle, terms, at, got.entries(), oracle.rank(terms, at, limit, offset, null));
      }
    }
  }

  /**
   * A past count top-K walks the index of a wider declared window (its keys bound the past counts):
   * it touches the entities active in that wider window, not the table, and equals the scan and
   * brute force; a past {@code at} no declared window reaches back to scans.
   */
  @Test
  void countTopK_pastAt_walksTheWiderWindowIndex_boundedByItsActiveEntities() {
    long seed = Seeds.seed("AsOfTest.countWider");
    Random rnd = new Random(seed);
    Ledger ledger = Fixtures.keepAll(HIT);
    Oracle oracle = new Oracle();
    int cold = 5_000;
    for (int id = 0; id < cold; id++) { // one signal each, 2 days before the hot hours
      ledger.record(HIT, EntityId.of(id), 1.0, T0 + rnd.nextInt((int) HOUR));
      oracle.record(HIT, id, 1.0, T0);
    }
    long latest = T0 + 2 * DAY + 6 * HOUR;
    int hot = 40;
    for (int i = 0; i < 4_000; i++) { // the last 6 hours: 40 entities, 2+ signals each
      long id = cold + rnd.nextInt(hot);
      long t = latest - (long) (rnd.nextDouble() * 6 * HOUR);
      ledger.record(HIT, EntityId.of(id), 1.0, t);
      oracle.record(HIT, id, 1.0, t);
    }
    ledger.record(HIT, EntityId.of(cold), 1.0, latest);
    oracle.record(HIT, cold, 1.0, latest);
    ledger.checkInvariants();
    for (boolean velocity : new boolean[] {false, true}) {
      List<RankTerm> lastHour = List.of(RankTerm.count(HIT, 0, velocity));
      long at = latest - 3 * HOUR; // needs a window >= 1 h + 3 h: the 1-day index
      TopKResult got = ledger.topK(lastHour, at, 10, 0, null);
      assertThat(got.entries())
          .as("seed %d", seed)
          .isEqualTo(ledger.scanTopK(lastHour, at, 10, 0, null).entries());
      TopKTest.assertMatches(
          oracle, lastHour, at, got.entries(), oracle.rank(lastHour, at, 10, 0, null));
      assertThat(got.touched()).as("seed %d: touched", seed).isLessThanOrEqualTo(hot + 1 + 10);
    }
    // a 1-day count 1.5 days back needs a 2.5-day window: none is declared, so every state is read
    List<RankTerm> lastDay = List.of(RankTerm.count(HIT, 1, false));
    long far = latest - 36 * HOUR;
    TopKResult scanned = ledger.topK(lastDay, far, 10, 0, null);
    TopKTest.assertMatches(
        oracle, lastDay, far, scanned.entries(), oracle.rank(lastDay, far, 10, 0, null));
    assertThat(scanned.touched()).isEqualTo(cold + hot);
  }

  @Test
  void removeEntity_randomOps_matchModelAndIndexes() {
    long seed = Seeds.seed("AsOfTest.removeEntity");
    Random rnd = new Random(seed);
    Ledger ledger = Fixtures.keepAll(HIT);
    Oracle oracle = new Oracle();
    long now = T0;
    // many entities in few stripes' worth of ids: removals exercise backward-shift deletion
    for (int i = 0; i < 20_000; i++) {
      long id = rnd.nextInt(3000);
      if (rnd.nextInt(10) == 0) {
        boolean had = !oracle.events(HIT, id).isEmpty();
        assertThat(ledger.removeEntity(HIT, EntityId.of(id)))
            .as("seed %d remove %d", seed, id)
            .isEqualTo(had);
        oracle.remove(HIT, id);
      } else {
        now += rnd.nextInt(60_000);
        double w = Fixtures.weight(rnd);
        ledger.record(HIT, EntityId.of(id), w, now);
        oracle.record(HIT, id, w, now);
      }
    }
    ledger.checkInvariants();
    assertThat(ledger.stateCount())
        .isEqualTo(
            oracle.entities(HIT).stream().filter(id -> !oracle.events(HIT, id).isEmpty()).count());
    for (long id = 0; id < 3000; id += 7) {
      LedgerTest.checkPoint(ledger, oracle, HIT, id, now - rnd.nextInt((int) DAY));
    }
    List<RankTerm> terms = List.of(RankTerm.decay(1, HIT, 1));
    TopKTest.assertMatches(
        oracle,
        terms,
        now,
        ledger.topK(terms, now, 50, 0, null).entries(),
        oracle.rank(terms, now, 50, 0, null));
    Ledger reloaded = reload(ledger);
    reloaded.checkInvariants();
    assertThat(reloaded.stateCount()).isEqualTo(ledger.stateCount());
  }

  @Test
  void eraseSignal_randomErasures_recomputeExactlyAndFoldedStayFolded() {
    long seed = Seeds.seed("AsOfTest.eraseSignal");
    Random rnd = new Random(seed);
    for (int run = 0; run < Seeds.tries(5); run++) {
      Ledger ledger = Fixtures.keepAll(HIT);
      Oracle oracle = new Oracle();
      List<long[]> recorded = new ArrayList<>(); // {id, ts, weight bits}
      long now = T0;
      int entities = 1 + rnd.nextInt(20);
      for (int i = 0; i < 2000; i++) {
        now += rnd.nextInt((int) (10 * MINUTE));
        long t = rnd.nextInt(5) == 0 ? now - rnd.nextInt((int) DAY) : now;
        double w = rnd.nextInt(3) == 0 ? 1.0 : Fixtures.weight(rnd);
        long id = rnd.nextInt(entities);
        ledger.record(HIT, EntityId.of(id), w, t);
        oracle.record(HIT, id, w, t);
        recorded.add(new long[] {id, t, Double.doubleToRawLongBits(w)});
      }
      ledger.prune();
      long horizon = ledger.horizon(HIT);
      for (int e = 0; e < 600 && !recorded.isEmpty(); e++) {
        long[] r =
            rnd.nextInt(10) == 0
                ? new long[] {rnd.nextInt(entities), now - rnd.nextInt(1000), 0}
                : recorded.remove(rnd.nextInt(recorded.size()));
        double w = Double.longBitsToDouble(r[2]);
        boolean retained = r[1] > horizon && oracle.contains(HIT, r[0], w, r[1]);
        assertThat(ledger.eraseSignal(HIT, EntityId.of(r[0]), r[1], w))
            .as("seed %d erase %s", seed, java.util.Arrays.toString(r))
            .isEqualTo(retained);
        if (retained) {
          oracle.erase(HIT, r[0], w, r[1]);
        }
      }
      ledger.checkInvariants();
      for (int q = 0; q < 300; q++) {
        long at = horizon + (long) (rnd.nextDouble() * (now + HOUR - horizon));
        LedgerTest.checkPoint(ledger, oracle, HIT, rnd.nextInt(entities), at);
      }
      Ledger reloaded = reload(ledger);
      for (int q = 0; q < 100; q++) {
        long at = horizon + (long) (rnd.nextDouble() * (now + HOUR - horizon));
        LedgerTest.checkPoint(reloaded, oracle, HIT, rnd.nextInt(entities), at);
      }
    }
  }

  @Test
  void eraseSignal_lastSignal_removesTheStateAndItsIndexEntries() {
    Ledger ledger = Fixtures.keepAll(HIT);
    ledger.record(HIT, EntityId.of(5), 2.0, T0);
    ledger.record(HIT, EntityId.of(5), 1.0, T0 + HOUR);
    assertThat(ledger.eraseSignal(HIT, EntityId.of(5), T0 + HOUR, 1.0)).isTrue();
    assertThat(ledger.lastTimestamp(HIT, EntityId.of(5))).isEqualTo(T0);
    assertThat(ledger.signalCount(HIT, EntityId.of(5))).isEqualTo(1);
    assertThat(ledger.decayScore(HIT, 0, EntityId.of(5), T0 + HOUR)).isEqualTo(0.5);
    assertThat(ledger.eraseSignal(HIT, EntityId.of(5), T0, 2.5)).isFalse(); // other weight
    assertThat(ledger.eraseSignal(HIT, EntityId.of(5), T0, 2.0)).isTrue();
    assertThat(ledger.stateCount()).isZero();
    assertThat(ledger.topK(List.of(RankTerm.decay(1, HIT, 0)), T0 + HOUR, 5, 0, null).entries())
        .isEmpty();
    ledger.checkInvariants();
  }

  private static Ledger reload(Ledger ledger) {
    List<StateRecord> out = new ArrayList<>();
    ledger.forEachState(out::add);
    Ledger again = new Ledger();
    for (TypeLedger tl : ledger.typeLedgers()) {
      again.addType(tl.type);
    }
    again.loadAll(out.iterator());
    again.checkInvariants();
    return again;
  }
}
