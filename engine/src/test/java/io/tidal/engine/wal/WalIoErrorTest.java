package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.FaultyFileLayer;
import io.tidal.testing.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O errors injected at operation N for N = 1, 2, ... until the workload (open, appends across
 * segment rotations, two checkpoints with truncation, close) completes without reaching N; once,
 * and forever. Every failure must surface as a {@link TidalException}; nothing acknowledged may be
 * lost; after a write-path failure every later append is refused until reopen; reopen then replays
 * the acknowledged records (plus, whole or not at all, the append that was in flight).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WalIoErrorTest {
  @TempDir Path tmp;

  @Test
  void ioErrorAtEveryOperation_once_surfacesAndLosesNothing() {
    sweep(false);
  }

  @Test
  void ioErrorAtEveryOperation_forever_surfacesAndLosesNothing() {
    sweep(true);
  }

  private void sweep(boolean forever) {
    int completed = 0;
    int failures = 0;
    for (int n = 1; completed == 0; n++) {
      Path dir = tmp.resolve((forever ? "forever-" : "once-") + n);
      FaultyFileLayer layer = new FaultyFileLayer();
      layer.failAt(n, forever);
      Workload w = new Workload(dir, layer);
      boolean ok = w.run();
      if (ok && layer.injectedFailures() == 0) {
        completed = n;
      } else {
        failures++;
        assertThat(layer.injectedFailures())
            .as("a workload that failed had a failure injected (op %d)", n)
            .isPositive();
      }
      layer.clearFaults();
      w.verifyAfterReopen();
    }
    assertThat(failures).as("operations before the workload completed").isGreaterThan(50);
  }

  /** A small deterministic workload and its oracle. */
  private static final class Workload {
    final Path dir;
    final FaultyFileLayer layer;
    final ManualClock clock = new ManualClock();
    final List<WalRecord> acked = new ArrayList<>();
    List<WalRecord> inFlight = List.of();
    long checkpoint;

    Workload(Path dir, FaultyFileLayer layer) {
      this.dir = dir;
      this.layer = layer;
    }

    WalOptions options() {
      return WalOptions.builder(dir)
          .fileLayer(layer)
          .clock(clock)
          .nanoTicker(clock.ticker())
          .segmentBytes(4096)
          .replayFrom(checkpoint)
          .build();
    }

    /** Returns true if it ran to completion; false after the first (expected) failure. */
    boolean run() {
      Random rnd = new Random(42);
      Wal wal;
      try {
        wal = Wal.open(options(), (s, r) -> {});
      } catch (TidalException e) {
        return false;
      }
      try {
        for (int i = 0; i < 40; i++) {
          if (i == 15 || i == 30) {
            checkpoint = acked.size();
            wal.checkpoint(checkpoint);
          }
          List<WalRecord> batch = WalTesting.randomBatch(rnd, i * 100L, 1 + rnd.nextInt(8));
          inFlight = batch;
          wal.append(batch);
          acked.addAll(batch);
          inFlight = List.of();
        }
      } catch (TidalException e) {
        assertThat(e.code()).isIn(ErrorCode.WRITE_PATH_FAILED, ErrorCode.IO_ERROR);
        assertThatThrownBy(() -> wal.append(List.of(WalTesting.signal(1))))
            .as("fail-stop: later appends refused")
            .isInstanceOf(WalException.class)
            .extracting(x -> ((TidalException) x).code())
            .isEqualTo(ErrorCode.WRITE_PATH_FAILED);
        closeQuietly(wal);
        return false;
      }
      try {
        wal.close();
      } catch (TidalException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.WRITE_PATH_FAILED);
        return false;
      }
      return true;
    }

    private static void closeQuietly(Wal wal) {
      try {
        wal.close();
      } catch (TidalException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.WRITE_PATH_FAILED);
      }
    }

    void verifyAfterReopen() {
      Collector c = new Collector();
      Wal.open(options(), c).close();
      List<WalRecord> expected = acked.subList((int) checkpoint, acked.size());
      List<WalRecord> got = c.recordList();
      if (got.size() != expected.size() && !inFlight.isEmpty()) {
        List<WalRecord> withInFlight = new ArrayList<>(expected);
        withInFlight.addAll(inFlight);
        assertThat(got).as("acknowledged + the in-flight append").isEqualTo(withInFlight);
      } else {
        assertThat(got).as("acknowledged after checkpoint %d", checkpoint).isEqualTo(expected);
      }
    }
  }
}
