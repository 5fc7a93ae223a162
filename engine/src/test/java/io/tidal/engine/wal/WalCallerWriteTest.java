package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Durability;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.ManualClock;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls written on the caller's thread when the segments are free ({@link Wal}'s class comment): a
 * lone caller does not hand off, a SYNC one still fsyncs every call before it returns, the writer
 * thread still fsyncs ASYNC data within the bound, and concurrent callers mixing caller-written and
 * writer-written batches with fsync requests and checkpoints leave a log that replays every
 * acknowledged record once, in sequence order, in both modes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WalCallerWriteTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  WalOptions.Builder options() {
    return options(Durability.ASYNC);
  }

  WalOptions.Builder options(Durability d) {
    return WalOptions.builder(dir.resolve("wal"))
        .durability(d)
        .clock(clock)
        .nanoTicker(clock.ticker());
  }

  @Test
  void loneSyncCaller_writesAndFsyncsEveryCallBeforeReturning() {
    try (Wal wal = Wal.open(options(Durability.SYNC).build(), (s, r) -> {})) {
      for (int i = 0; i < 30; i++) {
        long fsyncs = wal.stats().fsyncs();
        wal.append(List.of(WalTesting.signal(i)));
        assertThat(wal.stats().fsyncs())
            .as("fsync before call %d returned", i)
            .isEqualTo(fsyncs + 1);
      }
      assertThat(wal.stats().callerWrites()).as("batches written by the caller").isPositive();
      assertThat(wal.stats().joinWaits()).as("a lone caller never waits for company").isZero();
    }
  }

  @Test
  void loneAsyncCaller_writesOnItsOwnThread_andTheWriterThreadFsyncsOnceDue() {
    int rounds = 5;
    int perRound = 10;
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      for (int round = 0; round < rounds; round++) {
        wal.sync(); // clean segments: the writer thread goes back to waiting without a timeout
        long fsyncs = wal.stats().fsyncs();
        for (int i = 0; i < perRound; i++) {
          wal.append(List.of(WalTesting.signal(round * perRound + i)));
        }
        assertThat(wal.stats().fsyncs())
            .as("no fsync before 10 ms of ticker time")
            .isEqualTo(fsyncs);
        clock.advance(java.time.Duration.ofMillis(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // a caller that dirtied clean segments woke the writer thread, which re-reads the ticker
        // every 10 ms until the fsync is due
        while (wal.stats().fsyncs() == fsyncs) {
          assertThat(System.nanoTime())
              .as("writer thread fsync after the ASYNC bound, round %d", round)
              .isLessThan(deadline);
          Thread.onSpinWait();
        }
      }
      // a call may still meet the writer thread holding the segments (it finishes a sync): most do
      // not
      assertThat(wal.stats().callerWrites()).as("batches written by the caller").isPositive();
      assertThat(wal.stats().batches()).isEqualTo(rounds * perRound);
    }
    Collector c = new Collector();
    try (Wal wal = Wal.open(options().build(), c)) {
      assertThat(c.records).hasSize(rounds * perRound);
    }
  }

  @Test
  void concurrentAsyncCallers_withSyncsAndCheckpoints_replayEveryRecordOnceInOrder()
      throws Exception {
    concurrentCallers(Durability.ASYNC);
  }

  @Test
  void concurrentSyncCallers_withSyncsAndCheckpoints_replayEveryRecordOnceInOrder()
      throws Exception {
    concurrentCallers(Durability.SYNC);
  }

  private void concurrentCallers(Durability durability) throws Exception {
    long seed = Seeds.seed("WalCallerWriteTest." + durability);
    int threads = 6;
    int calls = 400;
    Map<Long, WalRecord> bySeq = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    try (Wal wal = Wal.open(options(durability).build(), (s, r) -> {})) {
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random rnd = new Random(seed + t);
        long base = 1_000_000L * t;
        fs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < calls; i++) {
                    List<WalRecord> batch =
                        WalTesting.randomBatch(rnd, base + 1000L * i, 1 + rnd.nextInt(3));
                    AppendResult res = wal.append(batch);
                    for (int k = 0; k < batch.size(); k++) {
                      if (res.isNew(k)) {
                        assertThat(bySeq.put(res.sequence(k), batch.get(k)))
                            .as("sequence reused")
                            .isNull();
                      }
                    }
                  }
                  return null;
                }));
      }
      Future<?> syncer =
          pool.submit(
              () -> {
                start.await();
                long checkpoints = 0;
                while (writing.get()) {
                  wal.sync();
                  long last = wal.lastSequence();
                  if (checkpoints++ % 4 == 0 && last > 0) {
                    wal.checkpoint(
                        0); // through the queue like any mark; deletes nothing, so replay is whole
                  }
                  clock.advance(java.time.Duration.ofMillis(3)); // lets timed ASYNC fsyncs fall due
                }
                return null;
              });
      start.countDown();
      for (Future<?> f : fs) {
        f.get();
      }
      writing.set(false);
      syncer.get();
      pool.shutdown();
      Wal.Stats st = wal.stats();
      if (durability
          == Durability.ASYNC) { // SYNC callers under concurrency hand off (group commit)
        assertThat(st.callerWrites()).as("batches written by callers").isPositive();
      }
      assertThat(st.batches())
          .as("some batches still go through the writer thread or share")
          .isLessThanOrEqualTo(bySeq.size());
    }
    Collector c = new Collector(); // checks dense increasing sequences itself
    try (Wal wal = Wal.open(options().build(), c)) {
      Map<Long, WalRecord> replayed = new TreeMap<>();
      c.records.forEach(l -> replayed.put(l.seq(), l.record()));
      assertThat(replayed).as("seed %d", seed).isEqualTo(new TreeMap<>(bySeq));
    }
  }
}
