package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.Index;
import io.tidal.schema.SignalType;
import io.tidal.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The grouped rank indexes of follow feeds under concurrent signals, creator UPDATEs, deletes and
 * feeds: while they run, every feed answers without error, in score order, only with items of
 * followed creators as of some moment; once the writers stop, every group equals the type's index
 * filtered by the rows' creators ({@code FeedGroups.check}), and a feed equals brute force by
 * point reads.
 */
class GroupedFeedConcurrencyTest {
  private static final Duration H1 = Duration.ofHours(1);
  private static final int ITEMS = 600;

  @Test
  void groupsFollowConcurrentSignalsAndRowChanges() throws Exception {
    long seed = Seeds.seed("GroupedFeedConcurrencyTest");
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.createTable(EngineTest.items());
      db.createIndex(new Index("items_by_title", "items", List.of("title"), false));
      db.createSignalType(new SignalType("view", "items", List.of(H1), List.of(H1)), false);
      Map<String, String> creator = new ConcurrentHashMap<>();
      for (int i = 0; i < ITEMS; i++) {
        db.insertRow("items", new Object[] {"i" + i, "c" + (i % 9), 1, null});
        creator.put("i" + i, "c" + (i % 9));
      }
      AtomicLong clock = new AtomicLong(EngineTest.T0);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long until = System.nanoTime() + 3_000_000_000L;
      List<Thread> threads = new ArrayList<>();
      threads.add(
          run(
              failure,
              until,
              seed,
              rnd -> {
                List<Signal> batch = new ArrayList<>();
                for (int n = 1 + rnd.nextInt(50); n > 0; n--) {
                  batch.add(
                      new Signal(
                          "view",
                          "i" + rnd.nextInt(ITEMS),
                          1 + rnd.nextInt(3),
                          clock.addAndGet(rnd.nextInt(1_000)),
                          null,
                          null));
                }
                db.signalBatch(batch);
              }));
      threads.add(
          run(
              failure,
              until,
              seed + 1,
              rnd -> {
                String k = "i" + rnd.nextInt(ITEMS);
                String c = rnd.nextInt(10) == 0 ? null : "c" + rnd.nextInt(9);
                synchronized (creator) {
                  if (rnd.nextInt(20) == 0 && creator.containsKey(k)) {
                    db.deleteRow("items", k);
                    creator.remove(k);
                  } else if (creator.containsKey(k)) {
                    db.updateRow("items", k, new Object[] {k, c, 1, null});
                    putNullable(creator, k, c);
                  } else {
                    db.insertRow("items", new Object[] {k, c, 1, null});
                    putNullable(creator, k, c);
                  }
                }
              }));
      for (int r = 0; r < 2; r++) {
        threads.add(
            run(
                failure,
                until,
                seed + 2 + r,
                rnd -> {
                  RankResult got = feed(db, List.of("c1", "c4", "c7"), 10, clock.get());
                  for (int i = 1; i < got.entries().size(); i++) {
                    assertThat(got.entries().get(i - 1).score())
                        .isGreaterThanOrEqualTo(got.entries().get(i).score());
                  }
                }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failure.get()).as("seed " + seed).isNull();
      assertThat(((Engine) db).feedGroups.check()).isEqualTo(1);
      long at = clock.get();
      List<String> followed = List.of("c0", "c2", "c3", "c8");
      RankResult got = feed(db, followed, 15, at);
      List<RankResult.Entry> want = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        String key = "i" + i;
        double s = db.decayScore("view", key, H1, at);
        if (followed.contains(creator.getOrDefault(key, "<none>"))
            && db.scanSignals("view", key).hasNext()) {
          want.add(new RankResult.Entry(key, s));
        }
      }
      want.sort(GroupedFeedTest.BEST_FIRST);
      assertThat(got.entries()).as("seed " + seed).isEqualTo(want.subList(0, 15));
    }
  }

  private static void putNullable(Map<String, String> m, String k, String v) {
    if (v == null) {
      m.put(k, "<null>"); // a row whose creator is NULL: in no group
    } else {
      m.put(k, v);
    }
  }

  private static RankResult feed(TidalDB db, List<String> followed, int k, long at) {
    List<IndexRange> ranges = new ArrayList<>();
    followed.forEach(c -> ranges.add(IndexRange.point(c)));
    return db.topK(
        new RankQuery(
            List.of(new RankQuery.Decay(1.0, "view", H1)),
            at,
            k,
            0,
            null,
            null,
            null,
            db.indexEntitySet("items", "items_by_title", ranges)));
  }

  private interface Step {
    void run(Random rnd) throws Exception;
  }

  private static Thread run(AtomicReference<Throwable> failure, long until, long seed, Step step) {
    Thread t =
        new Thread(
            () -> {
              Random rnd = new Random(seed);
              try {
                while (System.nanoTime() < until && failure.get() == null) {
                  step.run(rnd);
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            });
    t.start();
    return t;
  }
}
