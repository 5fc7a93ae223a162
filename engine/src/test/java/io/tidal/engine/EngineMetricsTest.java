package io.tidal.engine;

import static io.tidal.engine.EngineTest.D1;
import static io.tidal.engine.EngineTest.H1;
import static io.tidal.engine.EngineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.TidalDB;
import io.tidal.metrics.Metrics;
import io.tidal.schema.SignalType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's own metrics against what the test did: group-commit sizes sum to the appends made
 * by concurrent writers, a checkpoint counts once (an idle one not at all), recovery reports the
 * records it replayed after a crash.
 */
class EngineMetricsTest {
  @TempDir Path dir;

  private static Map<String, Metrics.Row> rows(TidalDB db) {
    Map<String, Metrics.Row> m = new HashMap<>();
    for (Metrics.Row r : db.metrics().snapshot()) {
      m.put(r.name(), r);
    }
    return m;
  }

  private static long n(Map<String, Metrics.Row> m, String name) {
    Metrics.Row r = m.get(name);
    assertThat(r).as(name).isNotNull();
    return r.count() != null ? r.count() : (long) r.value();
  }

  private Config config() {
    return Config.builder()
        .directory(dir.resolve("db"))
        .backgroundThreads(false)
        .checkpointEveryEvents(0)
        .build();
  }

  private static void schema(TidalDB db) {
    db.createTable(EngineTest.items());
    db.createSignalType(new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1)), false);
  }

  @Test
  void groupCommits_sumToTheAppendsOfConcurrentWriters() throws Exception {
    int threads = 4;
    int per = 200;
    try (TidalDB db = TidalDB.open(config())) {
      schema(db);
      Map<String, Metrics.Row> before = rows(db);
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        ts.add(
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  for (int i = 0; i < per; i++) {
                    db.signal("view", "e" + thread, 1.0, T0 + i);
                  }
                }));
      }
      ts.forEach(Thread::start);
      for (Thread t : ts) {
        t.join();
      }
      Map<String, Metrics.Row> after = rows(db);
      long appends = (long) threads * per;
      assertThat(n(after, "wal_append_us") - n(before, "wal_append_us")).isEqualTo(appends);
      // every append is one caller of exactly one group commit, and each holds one record
      double callers =
          after.get("wal_group_commit_callers").value()
              - before.get("wal_group_commit_callers").value();
      double records =
          after.get("wal_group_commit_records").value()
              - before.get("wal_group_commit_records").value();
      assertThat(callers).isEqualTo(appends);
      assertThat(records).isEqualTo(appends);
      long groups = n(after, "wal_group_commit_callers") - n(before, "wal_group_commit_callers");
      assertThat(groups).isBetween(1L, appends);
      long fsyncs = n(after, "wal_fsync_us") - n(before, "wal_fsync_us");
      assertThat(fsyncs)
          .as("SYNC: one fsync per group commit at least")
          .isGreaterThanOrEqualTo(groups);
      assertThat(n(after, "signals") - n(before, "signals")).isEqualTo(appends);
      assertThat(n(after, "tracked_states")).isEqualTo(threads);
      assertThat(after.get("wal_group_commit_callers").max()).isLessThanOrEqualTo(threads);
    }
  }

  @Test
  void checkpoint_countsOnce_andRecoveryReportsTheReplayedRecords() {
    int k = 57;
    try (TidalDB db = TidalDB.open(config())) {
      schema(db);
      Map<String, Metrics.Row> m0 = rows(db);
      db.checkpoint();
      Map<String, Metrics.Row> m1 = rows(db);
      assertThat(n(m1, "checkpoint_us") - n(m0, "checkpoint_us")).isEqualTo(1);
      assertThat(n(m1, "checkpoint_lock_us") - n(m0, "checkpoint_lock_us")).isEqualTo(1);
      assertThat(n(m1, "checkpoint_sequence")).isEqualTo(n(m1, "wal_sequence"));
      db.checkpoint(); // nothing changed: no checkpoint written, none counted
      assertThat(n(rows(db), "checkpoint_us")).isEqualTo(n(m1, "checkpoint_us"));
      for (int i = 0; i < k; i++) {
        db.signal("view", "e" + (i % 3), 1.0, T0 + i);
      }
      ((Engine) db).crashForTesting();
    }
    try (TidalDB db = TidalDB.open(config())) {
      Map<String, Metrics.Row> m = rows(db);
      assertThat(n(m, "recovery_records")).isEqualTo(k);
      assertThat(n(m, "signals")).isEqualTo(k);
      assertThat(n(m, "open_us")).isGreaterThanOrEqualTo(n(m, "recovery_us"));
      assertThat(m.get("recovery_records").kind()).isEqualTo("gauge");
    }
    try (TidalDB db = TidalDB.open(config())) {
      assertThat(n(rows(db), "recovery_records")).as("a clean close checkpoints").isZero();
    }
  }
}
