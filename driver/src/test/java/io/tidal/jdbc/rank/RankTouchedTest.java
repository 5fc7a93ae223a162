package io.tidal.jdbc.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.engine.ledger.Ledger;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proof that ranked retrieval does not scan: top-10 of 1,000,000 signalled entities touches
 * fewer than 1,000 of them (the engine's own count, {@link RankResult#touched}), for one decay
 * score, a blend of three, a velocity, and a filter passing 1 entity in 20. Run at the engine
 * (a million rows through SQL INSERT would dominate the build): by default on the signal ledger
 * that {@link TidalDB#topK} delegates to (a million signals load in seconds), and through
 * {@link TidalDB#topK} itself, the call the SQL rank node makes, under {@code -Ptorture} (about a
 * minute of ingest on a 2-core machine, five when it is busy). The oracle for the answers: brute
 * force over the recorded weights.
 */
class RankTouchedTest {
  private static final int N = 1_000_000;
  private static final long AT = 1_793_577_600_000L; // 2026-11-02T00:00:00Z

  @Test
  void ledgerTopK_millionEntities_touchesFewerThanAThousand() {
    long seed = Seeds.seed("RankTouchedTest.ledger");
    Random rnd = new Random(seed);
    Duration h = Duration.ofHours(1);
    Ledger ledger = new Ledger();
    SignalType[] t = new SignalType[3];
    for (int i = 0; i < 3; i++) {
      t[i] =
          new SignalType(List.of("view", "like", "share").get(i), "items", List.of(h), List.of(h));
      ledger.addType(t[i]);
    }
    double[] view = new double[N];
    for (int i = 0; i < N; i++) {
      view[i] = 1 + rnd.nextInt(1_000_000);
      ledger.record(t[0], EntityId.of(i), view[i], AT);
      if (i % 10 == 0) {
        ledger.record(t[i % 20 == 0 ? 1 : 2], EntityId.of(i), rnd.nextInt(100), AT);
      }
    }
    for (int j = 0; j < 2_000; j++) {
      EntityId e = EntityId.of(rnd.nextInt(N));
      for (int n = rnd.nextInt(200); n >= 0; n--) {
        ledger.record(t[0], e, 0.0, AT - rnd.nextInt(3_000_000));
      }
    }
    TopKResult one = ledger.topK(List.of(RankTerm.decay(1, t[0], 0)), AT, 10, 0, null);
    assertThat(one.touched()).as("one decay score").isLessThan(1_000);
    assertThat(one.entries().get(0).score()).isEqualTo(max(view, i -> true));
    TopKResult blend =
        ledger.topK(
            List.of(
                RankTerm.decay(1, t[0], 0),
                RankTerm.decay(2, t[1], 0),
                RankTerm.decay(0.5, t[2], 0)),
            AT,
            10,
            0,
            null);
    assertThat(blend.touched()).as("blend of three").isLessThan(1_000);
    assertThat(blend.entries()).hasSize(10);
    TopKResult velocity = ledger.topK(List.of(RankTerm.count(t[0], 0, true)), AT, 10, 0, null);
    assertThat(velocity.touched()).as("velocity").isLessThan(1_000);
    assertThat(velocity.entries()).hasSize(10);
    TopKResult filtered =
        ledger.topK(List.of(RankTerm.decay(1, t[0], 0)), AT, 10, 0, id -> id.bits() % 20 == 7);
    assertThat(filtered.touched()).as("filter passing 1 in 20").isLessThan(1_000);
    assertThat(filtered.entries().get(0).score()).isEqualTo(max(view, i -> i % 20 == 7));
  }

  @Test
  @Tag("torture")
  void topK_millionEntities_touchesFewerThanAThousand() {
    long seed = Seeds.seed("RankTouchedTest");
    Random rnd = new Random(seed);
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.createTable(EntityTable.keyOnly("items"));
      Duration h = Duration.ofHours(1);
      for (String t : List.of("view", "like", "share")) {
        db.createSignalType(new SignalType(t, "items", List.of(h), List.of(h)), false);
      }
      double[] view = new double[N];
      List<Signal> batch = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        view[i] = 1 + rnd.nextInt(1_000_000);
        batch.add(new Signal("view", key(i), view[i], AT, null));
        if (i % 10 == 0) {
          batch.add(new Signal(i % 20 == 0 ? "like" : "share", key(i), rnd.nextInt(100), AT, null));
        }
        flushIfFull(db, batch);
      }
      // velocity: 2,000 entities get 1..200 more views within the hour (weight 0: decay unchanged)
      for (int j = 0; j < 2_000; j++) {
        String e = key(rnd.nextInt(N));
        for (int n = rnd.nextInt(200); n >= 0; n--) {
          batch.add(new Signal("view", e, 0.0, AT - rnd.nextInt(3_000_000), null));
        }
        flushIfFull(db, batch);
      }
      db.signalBatch(batch);

      RankResult one = db.topK(RankQuery.decay("view", h, AT, 10));
      assertThat(one.touched()).as("one decay score").isLessThan(1_000);
      assertThat(one.entries().get(0).score()).isEqualTo(max(view, i -> true));

      RankResult blend =
          db.topK(
              new RankQuery(
                  List.of(
                      new RankQuery.Decay(1, "view", h),
                      new RankQuery.Decay(2, "like", h),
                      new RankQuery.Decay(0.5, "share", h)),
                  AT,
                  10,
                  0,
                  null));
      assertThat(blend.touched()).as("blend of three").isLessThan(1_000);
      assertThat(blend.entries()).hasSize(10);

      RankResult velocity = db.topK(RankQuery.count("view", h, true, AT, 10));
      assertThat(velocity.touched()).as("velocity").isLessThan(1_000);
      assertThat(velocity.entries()).hasSize(10);

      RankResult filtered =
          db.topK(
              RankQuery.decay("view", h, AT, 10)
                  .withFilter(k -> Integer.parseInt((String) k) % 20 == 7));
      assertThat(filtered.touched()).as("filter passing 1 in 20").isLessThan(1_000);
      assertThat(filtered.entries().get(0).score()).isEqualTo(max(view, i -> i % 20 == 7));
    }
  }

  private static String key(int i) {
    return Integer.toString(i);
  }

  private static void flushIfFull(TidalDB db, List<Signal> batch) {
    if (batch.size() >= 50_000) {
      db.signalBatch(batch);
      batch.clear();
    }
  }

  private static double max(double[] scores, java.util.function.IntPredicate pass) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < scores.length; i++) {
      if (pass.test(i)) {
        m = Math.max(m, scores[i]);
      }
    }
    return m;
  }
}
