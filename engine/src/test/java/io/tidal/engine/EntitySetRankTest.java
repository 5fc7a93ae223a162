package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Config;
import io.tidal.EntitySet;
import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.Index;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RankQuery#exclude} and {@link RankQuery#within} with the sets of {@link
 * TidalDB#actorEntitySet} and {@link TidalDB#indexEntitySet}, against brute force: every item's
 * score by a point read, the seen set from the actor's retained signals, the followed items from
 * the rows (an entity without a row still ranks by its signals: the SQL layer drops it). Rows
 * change between queries (a title moves an item to another "creator", deletes,
 * inserts, first signals of new items), so the index's cached id lists must follow; the sets range
 * from empty to most of the table, so both of the engine's plans (walk with the set, score the set)
 * run.
 */
class EntitySetRankTest {
  private static final Duration H1 = Duration.ofHours(1);
  private static final long T0 = EngineTest.T0;

  @Test
  void excludeAndWithin_equalBruteForce_underRowChanges() {
    long seed = Seeds.seed("EntitySetRankTest");
    Random rnd = new Random(seed);
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.createTable(EngineTest.items());
      db.createTable(EngineTest.users());
      db.createIndex(new Index("items_by_title", "items", List.of("title"), false));
      db.createSignalType(new SignalType("view", "items", List.of(H1), List.of(H1)), false);
      db.createSignalType(new SignalType("visit", "users", List.of(H1), List.of(H1)), false);
      Map<String, String> title = new HashMap<>();
      int next = 0;
      long now = T0;
      for (; next < 300; next++) {
        insert(db, title, rnd, "i" + next);
      }
      for (int round = 0; round < Seeds.tries(60); round++) {
        String what = "seed " + seed + " round " + round;
        List<Signal> batch = new ArrayList<>();
        for (int n = rnd.nextInt(300); n > 0; n--) {
          now += rnd.nextInt(5_000);
          String item = "i" + (int) Math.min(next - 1, Math.abs(rnd.nextGaussian()) * next / 3);
          String actor = rnd.nextInt(6) == 0 ? null : "u" + rnd.nextInt(8);
          batch.add(new Signal("view", item, 1 + rnd.nextInt(3), now, null, actor));
        }
        db.signalBatch(batch);
        switch (rnd.nextInt(4)) { // change rows between queries
          case 0 -> {
            String k = "i" + rnd.nextInt(next);
            if (title.containsKey(k)) {
              String t = rnd.nextInt(8) == 0 ? null : "c" + rnd.nextInt(10);
              db.updateRow("items", k, new Object[] {k, t, 1, null});
              title.put(k, t);
            }
          }
          case 1 -> {
            String k = "i" + rnd.nextInt(next);
            if (title.containsKey(k)) {
              db.deleteRow("items", k);
              title.remove(k);
            }
          }
          case 2 -> insert(db, title, rnd, "i" + next++);
          default -> {}
        }
        for (int q = 0; q < 5; q++) {
          String actor = "u" + rnd.nextInt(10); // two actors without signals
          Set<String> followed = new HashSet<>();
          for (int j = rnd.nextInt(rnd.nextBoolean() ? 3 : 11); j > 0; j--) {
            followed.add("c" + rnd.nextInt(12)); // two titles no row has
          }
          boolean seen = rnd.nextInt(3) != 0;
          boolean follow = rnd.nextInt(3) != 0;
          int k = 1 + rnd.nextInt(25);
          long at = now - (rnd.nextInt(4) == 0 ? rnd.nextInt(60_000) : 0);
          EntitySet ex = seen ? db.actorEntitySet("view", actor) : null;
          List<IndexRange> ranges = new ArrayList<>();
          followed.forEach(t -> ranges.add(IndexRange.point(t)));
          EntitySet in = follow ? db.indexEntitySet("items", "items_by_title", ranges) : null;
          RankResult got =
              db.topK(
                  new RankQuery(
                      List.of(new RankQuery.Decay(1.0, "view", H1)), at, k, 0, null, null, ex, in));
          Set<Object> seenKeys = seen ? db.actorEntities("view", actor) : Set.of();
          List<RankResult.Entry> want = new ArrayList<>();
          for (int i = 0; i < next; i++) { // signals on a key without a row count too
            String key = "i" + i;
            double s = db.decayScore("view", key, H1, at);
            boolean hasSignals = db.scanSignals("view", key).hasNext() || s != 0;
            if (hasSignals
                && !seenKeys.contains(key)
                && (!follow || followed.contains(title.get(key)))) {
              want.add(new RankResult.Entry(key, s));
            }
          }
          want.sort(GroupedFeedTest.BEST_FIRST);
          String w = what + " query " + q + " actor " + actor + " follows " + followed + " k " + k;
          assertThat(got.entries()).as(w).isEqualTo(want.subList(0, Math.min(k, want.size())));
        }
      }
      EntitySet users = db.actorEntitySet("visit", "u1");
      long end = now;
      assertThatThrownBy(
              () ->
                  db.topK(
                      new RankQuery(
                          List.of(new RankQuery.Decay(1.0, "view", H1)),
                          end,
                          5,
                          0,
                          null,
                          null,
                          users,
                          null)))
          .isInstanceOf(TidalException.class)
          .hasMessageContaining("entity set of table");
    }
  }

  private static void insert(TidalDB db, Map<String, String> title, Random rnd, String key) {
    String t = rnd.nextInt(8) == 0 ? null : "c" + rnd.nextInt(10);
    db.insertRow("items", new Object[] {key, t, 1, null});
    title.put(key, t);
  }
}
