package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.FaultyFileLayer;
import io.tidal.testing.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: who shares a batch and an fsync, the 100-event cap, fail-stop for every waiter. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WalGroupCommitTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  WalOptions.Builder options() {
    return WalOptions.builder(dir.resolve("wal")).clock(clock).nanoTicker(clock.ticker());
  }

  @Test
  void loneWriter_neverWaitsForCompany_oneBatchAndOneFsyncPerCall() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      for (int i = 0; i < 30; i++) {
        wal.append(List.of(WalTesting.signal(i)));
      }
      Wal.Stats st = wal.stats();
      assertThat(st.joinWaits()).as("waits for company").isZero();
      assertThat(st.batches()).isEqualTo(30);
      assertThat(st.fsyncs()).isEqualTo(30);
    }
  }

  @Test
  void concurrentWriters_shareBatches_withinTheHundredEventCap() throws Exception {
    int threads = 8;
    int calls = 40;
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      List<Long> firsts = runConcurrently(threads, calls, wal, 30);
      Wal.Stats st = wal.stats();
      assertThat(st.batches())
          .as("batches for %d calls", threads * calls)
          .isLessThan(threads * calls);
      assertThat(st.largestBatch())
          .as("records in the largest batch")
          .isLessThanOrEqualTo(Wal.MAX_BATCH_EVENTS);
      assertThat(firsts).doesNotHaveDuplicates();
      assertThat(wal.lastSequence()).isEqualTo((long) threads * calls * 30);
    }
  }

  @Test
  void oneLargeCall_isOneBatch_neverSplit() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      List<WalRecord> big = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        big.add(WalTesting.signal(i));
      }
      wal.append(big);
      assertThat(wal.stats().batches()).isEqualTo(1);
      assertThat(wal.stats().largestBatch()).isEqualTo(1000);
    }
  }

  @Test
  void fsyncFailure_failsEveryWaitingAndLaterCaller_andLosesNothingAcknowledged() throws Exception {
    FaultyFileLayer layer = new FaultyFileLayer();
    Wal wal = Wal.open(options().fileLayer(layer).build(), (s, r) -> {});
    wal.append(List.of(WalTesting.signal(-1)));
    layer.failAt(layer.operations() + 40, false);
    int threads = 8;
    List<WalRecord> acked = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = 1000 * t;
      fs.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                  WalRecord r = WalTesting.signal(base + i);
                  try {
                    wal.append(List.of(r));
                    acked.add(r);
                  } catch (TidalException e) {
                    failures.add(e);
                    return null;
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    assertThat(failures)
        .as("every writer saw the failure")
        .hasSize(threads)
        .allSatisfy(
            e -> assertThat(((TidalException) e).code()).isEqualTo(ErrorCode.WRITE_PATH_FAILED));
    wal.close();
    Collector c = new Collector();
    Wal.open(options().fileLayer(layer).build(), c).close();
    assertThat(c.recordList()).as("every acknowledged record survives").containsAll(acked);
    assertThat(c.recordList().size())
        .as("at most the failed batch beyond the acknowledged")
        .isBetween(acked.size() + 1, acked.size() + 1 + Wal.MAX_BATCH_EVENTS);
  }

  private static List<Long> runConcurrently(int threads, int calls, Wal wal, int perCall)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t * calls * perCall;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                List<Long> out = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                  List<WalRecord> batch = new ArrayList<>();
                  for (int k = 0; k < perCall; k++) {
                    batch.add(WalTesting.signal(base + (long) i * perCall + k));
                  }
                  out.add(wal.append(batch).firstSequence());
                }
                return out;
              }));
    }
    start.countDown();
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    return all;
  }
}
