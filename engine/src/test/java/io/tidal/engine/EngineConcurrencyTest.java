package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.Transaction;
import io.tidal.schema.SignalType;
import io.tidal.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 writer and 8 reader threads (plus a checkpointing thread) on one directory database with SYNC
 * durability. Every windowed count a reader sees must lie between what was acknowledged before the
 * read started and what was sent before it ended (the Jepsen counter bound), never decrease for a
 * reader, and no thread may see an exception.
 */
class EngineConcurrencyTest {
  static final long T0 = 1_800_000_000_000L;
  static final Duration D1 = Duration.ofDays(1);
  static final int ENTITIES = 5;
  static final int WRITES_PER_THREAD = 150;

  @TempDir Path dir;

  /** Writers ask for a checkpoint every 50 writes each. */
  private final Semaphore checkpointDue = new Semaphore(0);

  @Test
  void writersAndReaders_countsStayWithinAckedAndSent() throws Exception {
    Config config =
        Config.builder()
            .directory(dir)
            .clock(new ManualClock(T0))
            .backgroundThreads(false)
            .checkpointEveryEvents(0)
            .build();
    try (TidalDB db = TidalDB.open(config)) {
      db.createTable(EngineTest.items());
      db.createSignalType(new SignalType("view", "items", List.of(D1), List.of(D1)), false);
      AtomicLongArray sent = new AtomicLongArray(ENTITIES);
      AtomicLongArray acked = new AtomicLongArray(ENTITIES);
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      List<Thread> others = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int id = w;
        writers.add(thread("writer-" + w, start, failures, () -> write(db, id, sent, acked)));
      }
      for (int r = 0; r < 8; r++) {
        others.add(thread("reader-" + r, start, failures, () -> read(db, writing, sent, acked)));
      }
      others.add(
          thread(
              "checkpointer",
              start,
              failures,
              () -> {
                while (writing.get()) {
                  try {
                    if (checkpointDue.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                      db.checkpoint();
                    }
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                }
              }));
      start.countDown();
      for (Thread t : writers) {
        t.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
      }
      writing.set(false);
      for (Thread t : others) {
        t.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
      }
      assertThat(failures).as("exceptions in threads").isEmpty();
      long total = 0;
      for (int e = 0; e < ENTITIES; e++) {
        assertThat(db.windowedCount("view", "e" + e, D1, T0))
            .isEqualTo(acked.get(e))
            .isEqualTo(sent.get(e));
        total += acked.get(e);
      }
      assertThat(total).isEqualTo(8L * WRITES_PER_THREAD);
    }
  }

  /**
   * Checkpoints back to back while writers record one signal per entity, each on entities of its
   * own: a checkpoint's flush runs outside the lock, so writes land during it, and each entity is
   * changed only once. A checkpoint that forgot a change made during another's flush would leave
   * that entity's signal neither in the stored state nor in the WAL after the last checkpoint. After
   * a crash without a closing checkpoint, every acknowledged signal must be there once.
   */
  @Test
  void checkpointsOverlappingWrites_loseNothingAcrossACrash() throws Exception {
    Config config =
        Config.builder()
            .directory(dir)
            .clock(new ManualClock(T0))
            .backgroundThreads(false)
            .checkpointEveryEvents(0)
            .build();
    int writers = 4;
    int perWriter = 300;
    AtomicInteger checkpoints = new AtomicInteger();
    try (TidalDB db = TidalDB.open(config)) {
      db.createTable(EngineTest.items());
      db.createSignalType(new SignalType("view", "items", List.of(D1), List.of(D1)), false);
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        threads.add(
            thread(
                "writer-" + w,
                start,
                failures,
                () -> {
                  for (int i = 0; i < perWriter; i++) {
                    db.signal(new Signal("view", "w" + id + "-" + i, 1.0, T0));
                  }
                }));
      }
      Thread checkpointer =
          thread(
              "checkpointer",
              start,
              failures,
              () -> {
                while (writing.get()) {
                  db.checkpoint();
                  checkpoints.incrementAndGet();
                }
              });
      start.countDown();
      for (Thread t : threads) {
        t.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
      }
      writing.set(false);
      checkpointer.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(failures).as("exceptions in threads").isEmpty();
      ((Engine) db).crashForTesting(); // no closing checkpoint: the last concurrent one + the WAL
    }
    assertThat(checkpoints.get()).isPositive();
    try (TidalDB db = TidalDB.open(config)) {
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < perWriter; i++) {
          assertThat(db.windowedCount("view", "w" + w + "-" + i, D1, T0))
              .as("w%d-%d after reopen (%d checkpoints)", w, i, checkpoints.get())
              .isEqualTo(1);
        }
      }
    }
  }

  private void write(TidalDB db, int id, AtomicLongArray sent, AtomicLongArray acked) {
    for (int i = 0; i < WRITES_PER_THREAD; ) {
      int e = (id + i) % ENTITIES;
      int n = i % 7 == 0 ? Math.min(3, WRITES_PER_THREAD - i) : 1;
      List<Signal> batch = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        batch.add(new Signal("view", "e" + e, 1.0, T0 - j));
      }
      sent.addAndGet(e, n);
      if (n == 1 && i % 5 == 1) {
        try (Transaction tx = db.begin()) {
          tx.signal(batch.get(0));
          tx.commit();
        }
      } else {
        db.signalBatch(batch);
      }
      acked.addAndGet(e, n);
      i += n;
      if (i % 50 < n) {
        checkpointDue.release();
      }
    }
  }

  private static void read(
      TidalDB db, AtomicBoolean writing, AtomicLongArray sent, AtomicLongArray acked) {
    long[] last = new long[ENTITIES];
    int i = 0;
    while (writing.get() || i < ENTITIES) {
      int e = i++ % ENTITIES;
      long lo = acked.get(e);
      long c = db.windowedCount("view", "e" + e, D1, T0);
      double d = db.decayScore("view", "e" + e, D1, T0 + 86_400_000L);
      long hi = sent.get(e);
      if (c < lo || c > hi) {
        throw new AssertionError(
            "count of e" + e + " = " + c + " outside [acked " + lo + ", sent " + hi + "]");
      }
      if (c < last[e]) {
        throw new AssertionError("count of e" + e + " went down from " + last[e] + " to " + c);
      }
      last[e] = c;
      Thread.yield(); // 16 busy threads on 2 cores: let the writers in
      if (d < 0.5 * lo * (1 - 1e-6) || d > 0.5 * hi + 1e-9) { // batch signals are 1-2 ms early
        throw new AssertionError(
            "decay of e" + e + " = " + d + " outside [" + 0.5 * lo + ", " + 0.5 * hi + "]");
      }
      if (i % 16 == 0) {
        RankResult r = db.topK(RankQuery.count("view", D1, false, T0, ENTITIES));
        assertThat(r.entries().size()).isLessThanOrEqualTo(ENTITIES);
      }
    }
  }

  private static Thread thread(
      String name, CountDownLatch start, Queue<Throwable> failures, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                start.await();
                body.run();
              } catch (Throwable e) {
                failures.add(e);
              }
            },
            name);
    t.start();
    return t;
  }
}
