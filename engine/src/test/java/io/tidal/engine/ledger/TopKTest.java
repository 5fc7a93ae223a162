package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.Fixtures.DAY;
import static io.tidal.engine.ledger.Fixtures.HOUR;
import static io.tidal.engine.ledger.Fixtures.LIKE;
import static io.tidal.engine.ledger.Fixtures.T0;
import static io.tidal.engine.ledger.Fixtures.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.Ranked;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Top-K from the indexes against brute force over raw events and against the ledger's own scan. */
class TopKTest {

  @Test
  void topK_randomQueries_equalBruteForceRanking() {
    Random rnd = new Random(Seeds.seed("TopKTest.random"));
    for (int run = 0; run < Seeds.tries(12); run++) {
      Ledger ledger = Fixtures.keepAll(VIEW, LIKE);
      Oracle oracle = new Oracle();
      Fixtures.Clock clock = new Fixtures.Clock(rnd, T0);
      int entities = 1 + rnd.nextInt(300);
      boolean ties = rnd.nextBoolean(); // integral weights, few timestamps: many exact ties
      for (int i = 0; i < 2000; i++) {
        SignalType type = rnd.nextInt(3) == 0 ? LIKE : VIEW;
        long id = rnd.nextInt(entities) * (rnd.nextBoolean() ? 1L : 0x9E3779B97F4A7C15L);
        double w = ties ? 1.0 : Fixtures.weight(rnd);
        long t = ties ? T0 + rnd.nextInt(5) * HOUR : clock.next();
        ledger.record(type, EntityId.of(id), w, t);
        oracle.record(type, id, w, t);
      }
      long tmax = ties ? T0 + 4 * HOUR : clock.max;
      for (int q = 0; q < 60; q++) {
        List<RankTerm> terms = randomTerms(rnd);
        boolean count = terms.get(0) instanceof RankTerm.Count;
        long at =
            count && rnd.nextInt(4) == 0
                ? tmax - (long) (rnd.nextDouble() * 2 * DAY)
                : tmax + (long) (rnd.nextDouble() * 3 * DAY);
        int limit = rnd.nextInt(4) == 0 ? rnd.nextInt(400) : 1 + rnd.nextInt(12);
        int offset = rnd.nextInt(3) == 0 ? rnd.nextInt(20) : 0;
        int mod = 1 + rnd.nextInt(4);
        Predicate<EntityId> filter =
            rnd.nextBoolean() ? null : e -> Long.remainderUnsigned(e.bits(), mod) == 0;
        TopKResult got = ledger.topK(terms, at, limit, offset, filter);
        assertThat(got.entries())
            .as("index walk = scan, %s", terms)
            .isEqualTo(ledger.scanTopK(terms, at, limit, offset, filter).entries());
        assertMatches(
            oracle, terms, at, got.entries(), oracle.rank(terms, at, limit, offset, filter));
      }
      ledger.checkInvariants();
    }
  }

  private static List<RankTerm> randomTerms(Random rnd) {
    switch (rnd.nextInt(5)) {
      case 0:
        return List.of(RankTerm.count(VIEW, rnd.nextInt(VIEW.windowCount()), rnd.nextBoolean()));
      case 1:
        return List.of(RankTerm.count(LIKE, 0, rnd.nextBoolean()));
      case 2:
        return List.of(RankTerm.decay(1.0, VIEW, rnd.nextInt(VIEW.halfLifeCount())));
      default:
        return List.of(
            RankTerm.decay(rnd.nextDouble() * 3, VIEW, rnd.nextInt(VIEW.halfLifeCount())),
            RankTerm.decay(rnd.nextInt(3) == 0 ? 0.0 : rnd.nextDouble(), LIKE, 0),
            RankTerm.decay(rnd.nextDouble(), VIEW, rnd.nextInt(VIEW.halfLifeCount())));
    }
  }

  /**
   * Same length; position by position the scores agree within tolerance; an id may differ from the
   * brute-force one only where their exact scores tie within tolerance.
   */
  static void assertMatches(
      Oracle oracle, List<RankTerm> terms, long at, List<Ranked> got, List<Ranked> want) {
    assertThat(got).as("length for %s", terms).hasSameSizeAs(want);
    for (int i = 0; i < got.size(); i++) {
      Ranked g = got.get(i);
      Ranked w = want.get(i);
      double exactOfGot = oracle.score(terms, g.id().bits(), at);
      boolean decay = terms.get(0) instanceof RankTerm.Decay;
      double tol =
          decay
              ? oracle.tolerance(terms, g.id().bits(), at)
                  + oracle.tolerance(terms, w.id().bits(), at)
                  + 1e-290
              : 0.0;
      assertThat(Math.abs(g.score() - exactOfGot)).as("score of %s", g).isLessThanOrEqualTo(tol);
      assertThat(Math.abs(exactOfGot - w.score()))
          .as("position %d: got %s want %s (%s)", i, g, w, terms)
          .isLessThanOrEqualTo(tol);
      if (!decay) {
        assertThat(g).isEqualTo(w);
      }
    }
  }

  @Test
  void topK_oneMillionEntities_topTenTouchesFewerThanAThousand() {
    SignalType hits =
        new SignalType("hit", "items", List.of(Duration.ofHours(1)), List.of(Duration.ofHours(1)));
    Ledger ledger = Fixtures.keepAll(hits);
    Random rnd = new Random(Seeds.seed("TopKTest.million"));
    long w0 = System.nanoTime();
    // A million one-signal states through the recovery path (bulk index build), then live signals.
    long[] clock = {T0};
    ledger.loadAll(
        new java.util.Iterator<StateRecord>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < 1_000_000;
          }

          @Override
          public StateRecord next() {
            long[] s = EntityState.create(1, 1 + rnd.nextInt(100), clock[0] += 600);
            return new StateRecord(hits, EntityId.of(i++), StateCodec.encode(s, 1));
          }
        });
    System.out.println("[million] loadAll ms " + (System.nanoTime() - w0) / 1e6);
    w0 = System.nanoTime();
    long t = clock[0];
    for (int i = 0; i < 20_000; i++) {
      ledger.record(hits, EntityId.of(rnd.nextInt(1_000_000)), 1 + rnd.nextInt(100), t += 600);
    }
    for (int hot = 0; hot < 50; hot++) { // 50 entities with 2..51 more signals in the last minute
      for (int n = 0; n <= hot + 1; n++) {
        ledger.record(hits, EntityId.of(rnd.nextInt(1_000_000)), 1.0, t - rnd.nextInt(60_000));
      }
    }
    long at = t + 1;
    System.out.println("[million] records ms " + (System.nanoTime() - w0) / 1e6);
    w0 = System.nanoTime();
    for (RankTerm term :
        List.of(
            RankTerm.decay(1.0, hits, 0),
            RankTerm.count(hits, 0, false),
            RankTerm.count(hits, 0, true))) {
      TopKResult top = ledger.topK(List.of(term), at, 10, 0, null);
      assertThat(top.touched()).as("touched by %s", term).isLessThan(1000);
      TopKResult scan = ledger.scanTopK(List.of(term), at, 10, 0, null);
      assertThat(scan.touched()).isEqualTo(1_000_000);
      assertThat(top.entries()).isEqualTo(scan.entries());
      System.out.println(
          "[million] "
              + term
              + " touched "
              + top.touched()
              + " ms "
              + (System.nanoTime() - w0) / 1e6);
      w0 = System.nanoTime();
    }
    // (no checkInvariants here: O(N) boxed maps, tens of seconds at 10^6; smaller tests check it)
  }
}
