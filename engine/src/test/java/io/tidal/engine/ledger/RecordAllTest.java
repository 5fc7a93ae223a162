package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.LIKE;
import static io.tidal.engine.ledger.Fixtures.T0;
import static io.tidal.engine.ledger.Fixtures.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.TidalException;
import io.tidal.engine.rank.RankTerm;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Ledger#recordAll} (one key move per entity and call) against {@link Ledger#record} one
 * signal at a time on a second ledger: after every call the states are bit-identical, the rank
 * indexes pass the ledger's own audit, and top-K answers by decay and by count are the same.
 */
class RecordAllTest {

  @Test
  void recordAll_equalsOneByOne_statesIndexesAndRankings() {
    long seed = Seeds.seed("RecordAllTest");
    Random rnd = new Random(seed);
    for (int run = 0; run < Seeds.tries(6); run++) {
      boolean keepAll = rnd.nextBoolean(); // else the shortest retentions: folds often
      SignalType VIEW = keepAll ? Fixtures.VIEW : Fixtures.VIEW_SHORT;
      SignalType LIKE = keepAll ? Fixtures.LIKE : Fixtures.LIKE_SHORT;
      Ledger batched = ledger(VIEW, LIKE);
      Ledger single = ledger(VIEW, LIKE);
      Fixtures.Clock clock = new Fixtures.Clock(rnd, T0);
      int pool = 1 + rnd.nextInt(200); // few entities: many repeats within a call
      for (int call = 0; call < 150; call++) {
        SignalType type = rnd.nextInt(3) == 0 ? LIKE : VIEW;
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400);
        long[] ids = new long[n];
        double[] ws = new double[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
          ids[i] = rnd.nextInt(10) == 0 ? rnd.nextLong() : 1 + rnd.nextInt(pool);
          ws[i] = rnd.nextInt(5) == 0 ? -rnd.nextDouble() * 3 : rnd.nextInt(4) + rnd.nextDouble();
          ts[i] = clock.next();
        }
        batched.recordAll(type, ids, ws, ts, n);
        for (int i = 0; i < n; i++) {
          single.record(type, io.tidal.schema.EntityId.of(ids[i]), ws[i], ts[i]);
        }
        String what = "seed " + seed + " run " + run + " call " + call;
        batched.checkInvariants();
        assertThat(states(batched)).as(what).isEqualTo(states(single));
        if (call % 10 == 9) {
          long at = clock.max + rnd.nextInt(3_600_000);
          for (RankTerm term :
              List.of(
                  RankTerm.decay(1, VIEW, rnd.nextInt(3)),
                  RankTerm.decay(1, LIKE, 0),
                  RankTerm.count(VIEW, rnd.nextInt(3), false))) {
            assertThat(batched.topK(List.of(term), at, 10, 0, null).entries())
                .as(what)
                .isEqualTo(single.topK(List.of(term), at, 10, 0, null).entries());
          }
        }
      }
    }
  }

  @Test
  void recordAll_badSignalAnywhere_changesNothing() {
    Ledger ledger = ledger(VIEW);
    ledger.recordAll(VIEW, new long[] {1, 2}, new double[] {1, 1}, new long[] {T0, T0}, 2);
    Map<String, String> before = states(ledger);
    assertThatThrownBy(
            () ->
                ledger.recordAll(
                    VIEW,
                    new long[] {1, 3, 1},
                    new double[] {1, Double.NaN, 1},
                    new long[] {T0 + 1, T0 + 1, T0 + 1},
                    3))
        .isInstanceOf(TidalException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                ledger.recordAll(
                    VIEW,
                    new long[] {1, 3},
                    new double[] {1, 1},
                    new long[] {T0 + 1, Long.MAX_VALUE},
                    2))
        .isInstanceOf(TidalException.class)
        .hasMessageContaining(String.valueOf(Long.MAX_VALUE));
    assertThat(states(ledger)).isEqualTo(before);
  }

  private static Ledger ledger(SignalType... types) {
    Ledger l = new Ledger(); // short retention (the types'): recording folds often
    for (SignalType t : types) {
      l.addType(t);
    }
    return l;
  }

  /** Every state, encoded, by type and entity. */
  private static Map<String, String> states(Ledger l) {
    Map<String, String> out = new HashMap<>();
    l.forEachState(
        r ->
            out.put(
                r.type().name() + "/" + r.entity().bits(),
                java.util.HexFormat.of().formatHex(r.state())));
    return out;
  }
}
