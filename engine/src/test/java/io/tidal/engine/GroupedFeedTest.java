package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidal.Config;
import io.tidal.EntitySet;
import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.Index;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follow feed's grouped rank indexes ({@link FeedGroups}, {@code rank/GroupedIndex}) against
 * brute force. Random items with a creator (the indexed {@code title} column), signals of two
 * types with actors and some negative weights, and between queries: creator UPDATEs that move an
 * item to another creator or to NULL, row deletes and inserts, erasure of an actor's signals,
 * reopening the database (the groups are in memory only and are built again by the next feed) and
 * a schema change (which detaches them). Each query (one decay term or a blend of two types, at now
 * or in the past, with and without a seen set) must equal the oracle: every item with a row whose
 * creator is followed, signals of a type of the query and no seen signal, scored by point reads and
 * ordered by (score desc, key asc); the scores also agree with a model summing the raw signals. At
 * now, a one-term walk touches at most {@code k + 1 + |followed| + |seen|} entries unless the
 * boundary ties.
 */
class GroupedFeedTest {
  private static final Duration H1 = Duration.ofHours(1);
  private static final Duration H6 = Duration.ofHours(6);
  private static final long T0 = EngineTest.T0;

  /** The oracle's order: score descending, then key (VARCHAR keys) ascending. */
  static final Comparator<RankResult.Entry> BEST_FIRST =
      Comparator.comparingDouble(RankResult.Entry::score)
          .reversed()
          .thenComparing(e -> (String) e.key());

  @TempDir Path dir;

  private record Sig(String type, String item, double w, long ts, String actor) {}

  private final List<Sig> model = new ArrayList<>();
  private final Map<String, String> creator = new HashMap<>(); // rows: key -> creator (or null)

  @Test
  void followFeeds_equalBruteForce_underSignalsRowChangesErasureAndReopen() {
    long seed = Seeds.seed("GroupedFeedTest");
    Random rnd = new Random(seed);
    Config config = Config.builder().directory(dir).backgroundThreads(false).build();
    TidalDB db = TidalDB.open(config);
    try {
      db.createTable(EngineTest.items());
      db.createIndex(new Index("items_by_title", "items", List.of("title"), false));
      db.createSignalType(new SignalType("view", "items", List.of(H1, H6), List.of(H1)), false);
      db.createSignalType(new SignalType("like", "items", List.of(H1), List.of(H1)), false);
      int next = 0;
      long now = T0;
      for (; next < 400; next++) {
        insert(db, rnd, "i" + next);
      }
      long checkedBound = 0;
      long checkedGroups = 0;
      for (int round = 0; round < Seeds.tries(50); round++) {
        String what = "seed " + seed + " round " + round;
        List<Signal> batch = new ArrayList<>();
        for (int n = rnd.nextInt(400); n > 0; n--) {
          now += rnd.nextInt(4_000);
          String item = "i" + (int) Math.min(next - 1, Math.abs(rnd.nextGaussian()) * next / 3);
          String actor = rnd.nextInt(5) == 0 ? null : "u" + rnd.nextInt(8);
          String type = rnd.nextInt(4) == 0 ? "like" : "view";
          double w = rnd.nextInt(15) == 0 ? -1 : 1 + rnd.nextInt(3);
          batch.add(new Signal(type, item, w, now, null, actor));
          model.add(new Sig(type, item, w, now, actor));
        }
        db.signalBatch(batch);
        for (int change = rnd.nextInt(4); change > 0; change--) {
          changeRows(db, rnd, next);
        }
        if (rnd.nextInt(8) == 0) {
          insert(db, rnd, "i" + next++);
        }
        if (rnd.nextInt(10) == 0) { // erasure by actor: entries move (or leave) in their groups
          String actor = "u" + rnd.nextInt(8);
          db.eraseSignals("view", null, actor);
          model.removeIf(s -> s.type().equals("view") && actor.equals(s.actor()));
        }
        if (rnd.nextInt(12) == 0) { // the groups are in memory only: built again after an open
          db.close();
          db = TidalDB.open(config);
        }
        if (rnd.nextInt(15) == 0) { // a schema change detaches them
          db.createIndex(new Index("items_n" + round, "items", List.of("n"), false));
        }
        for (int q = 0; q < 6; q++) {
          checkedBound += query(db, rnd, what + " query " + q, now) ? 1 : 0;
        }
        checkedGroups += ((Engine) db).feedGroups.check(); // each group = the index, filtered
      }
      assertThat(checkedBound).as("queries whose touched bound was checked").isPositive();
      assertThat(checkedGroups).as("grouped indexes checked").isPositive();
    } finally {
      db.close();
    }
  }

  /** One random follow feed against the oracle; returns whether the touched bound was checked. */
  private boolean query(TidalDB db, Random rnd, String what, long now) {
    Set<String> followed = new HashSet<>();
    for (int j = rnd.nextInt(rnd.nextBoolean() ? 4 : 14); j > 0; j--) {
      followed.add("c" + rnd.nextInt(14)); // two creators no row has
    }
    String actor = rnd.nextInt(3) == 0 ? "u" + rnd.nextInt(9) : null;
    int k = 1 + rnd.nextInt(25);
    boolean past = rnd.nextInt(4) == 0;
    long at = past ? now - rnd.nextInt(120_000) : now;
    List<RankQuery.Decay> terms =
        switch (rnd.nextInt(3)) {
          case 0 -> List.of(new RankQuery.Decay(1.0, "view", H1));
          case 1 -> List.of(new RankQuery.Decay(1.0, "view", H6));
          default ->
              List.of(new RankQuery.Decay(1.0, "view", H1), new RankQuery.Decay(0.5, "like", H1));
        };
    List<IndexRange> ranges = new ArrayList<>();
    followed.forEach(c -> ranges.add(IndexRange.point(c)));
    EntitySet in = db.indexEntitySet("items", "items_by_title", ranges);
    EntitySet ex = actor == null ? null : db.actorEntitySet("view", actor);
    RankResult got = db.topK(new RankQuery(List.copyOf(terms), at, k, 0, null, null, ex, in));

    Set<String> seen = new HashSet<>();
    Set<String> ranked = new HashSet<>();
    for (Sig s : model) {
      if (s.type().equals("view") && actor != null && actor.equals(s.actor())) {
        seen.add(s.item());
      }
      for (RankQuery.Decay d : terms) {
        if (d.type().equals(s.type())) {
          ranked.add(s.item());
        }
      }
    }
    List<RankResult.Entry> want = new ArrayList<>();
    for (String key : ranked) {
      if (creator.containsKey(key) && followed.contains(creator.get(key)) && !seen.contains(key)) {
        double score = 0.0; // summed as the engine sums its terms
        for (RankQuery.Decay d : terms) {
          score += d.coefficient() * db.decayScore(d.type(), key, d.halfLife(), at);
        }
        want.add(new RankResult.Entry(key, score));
      }
    }
    want.sort(GroupedFeedTest.BEST_FIRST);
    String w = what + " terms " + terms + " at " + at + " follows " + followed + " actor " + actor;
    assertThat(got.entries()).as(w).isEqualTo(want.subList(0, Math.min(k, want.size())));
    for (RankResult.Entry e : got.entries()) {
      double m = modelScore(terms, (String) e.key(), at);
      assertThat(e.score()).as(w + " model score of " + e.key()).isCloseTo(m, within(1e-9));
    }
    boolean ties = want.size() > k && want.get(k).score() == want.get(k - 1).score();
    if (!past && terms.size() == 1 && !ties) {
      assertThat(got.touched())
          .as(w + " touched")
          .isLessThanOrEqualTo(k + 1L + followed.size() + seen.size());
      return true;
    }
    return false;
  }

  /** The score from the raw signals: sum of c * w * 2^(-(at - ts) / h) over signals at or before at. */
  private double modelScore(List<RankQuery.Decay> terms, String key, long at) {
    double sum = 0;
    for (RankQuery.Decay d : terms) {
      for (Sig s : model) {
        if (s.item().equals(key) && s.type().equals(d.type()) && s.ts() <= at) {
          sum +=
              d.coefficient()
                  * s.w()
                  * Math.pow(2, -(double) (at - s.ts()) / d.halfLife().toMillis());
        }
      }
    }
    return sum;
  }

  /** A creator UPDATE (to another creator or NULL), a delete, or nothing. */
  private void changeRows(TidalDB db, Random rnd, int next) {
    String k = "i" + rnd.nextInt(next);
    if (!creator.containsKey(k)) {
      return;
    }
    if (rnd.nextInt(5) == 0) {
      db.deleteRow("items", k); // deletes the item's signals too
      creator.remove(k);
      model.removeIf(s -> s.item().equals(k));
    } else {
      String c = rnd.nextInt(8) == 0 ? null : "c" + rnd.nextInt(12);
      db.updateRow("items", k, new Object[] {k, c, 1, null});
      creator.put(k, c);
    }
  }

  private void insert(TidalDB db, Random rnd, String key) {
    String c = rnd.nextInt(8) == 0 ? null : "c" + rnd.nextInt(12);
    db.insertRow("items", new Object[] {key, c, 1, null});
    creator.put(key, c);
  }
}
