package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.FaultyFileLayer;
import io.tidal.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte sweeps over a small one-segment WAL (reliability.md T4). A bit flip at every byte: inside
 * the final batch it is a torn tail (cut, the earlier batches replay), anywhere else open is refused
 * with CORRUPT; never accepted silently. A truncation at every offset: recovers exactly the batches
 * that end at or before it. Oracle: the batch end offsets and records noted while writing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WalCorruptionTest {
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock();
  final List<List<WalRecord>> batches = new ArrayList<>();
  final List<Long> batchEnds = new ArrayList<>();
  byte[] original;
  String segmentName;

  /** Real files; the fault layer (no fault armed) only spares the thousands of real fsyncs. */
  WalOptions options(Path dir) {
    return WalOptions.builder(dir)
        .fileLayer(new FaultyFileLayer())
        .clock(clock)
        .nanoTicker(clock.ticker())
        .build();
  }

  /** Thousands of expected torn tails: keep their WARNs out of the build log during the sweeps. */
  private static final java.util.logging.Logger RECOVERY_LOG =
      java.util.logging.Logger.getLogger(Recovery.class.getName());

  @org.junit.jupiter.api.AfterEach
  void restoreLogging() {
    RECOVERY_LOG.setLevel(null);
  }

  @BeforeEach
  void writeSmallWal() throws IOException {
    RECOVERY_LOG.setLevel(java.util.logging.Level.SEVERE);
    Path dir = tmp.resolve("original");
    try (Wal wal = Wal.open(options(dir), (s, r) -> {})) {
      for (int i = 0; i < 10; i++) {
        List<WalRecord> b = smallBatch(i);
        wal.append(b);
        batches.add(b);
        batchEnds.add(segmentSize(dir));
      }
    }
    try (var s = Files.list(dir)) {
      Path seg = s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
      segmentName = seg.getFileName().toString();
      original = Files.readAllBytes(seg);
    }
    assertThat((long) original.length).isEqualTo(batchEnds.get(batchEnds.size() - 1));
  }

  /** 1-3 records of every kind, kept small so the sweeps stay fast (about 1.5 KB in all). */
  private static List<WalRecord> smallBatch(int i) {
    List<WalRecord> out = new ArrayList<>();
    byte[] key = {(byte) i};
    for (int k = 0; k <= i % 3; k++) {
      switch ((i + k) % 4) {
        case 0 ->
            out.add(
                new WalRecord.SignalRecord(
                    "view", key, 1.5, 1000L * i, i % 2 == 0 ? "d" + i : null));
        case 1 -> out.add(new WalRecord.RowPut("t", key, new byte[] {1, 2, 3}));
        case 2 -> out.add(new WalRecord.RowDelete("t", key));
        default -> out.add(new WalRecord.SchemaChange(new byte[] {9, (byte) k}));
      }
    }
    return out;
  }

  private static long segmentSize(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return Files.size(s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow());
    }
  }

  @Test
  void bitFlip_atEveryByte_isDetected_tailCut_earlierRefused() throws IOException {
    long lastBatchStart = batchEnds.get(batchEnds.size() - 2);
    int cut = 0;
    int refused = 0;
    Path dir = tmp.resolve("flip");
    Files.createDirectories(dir);
    for (int i = 0; i < original.length; i++) {
      byte[] damaged = original.clone();
      damaged[i] ^= (byte) (1 << (i % 8));
      Files.write(dir.resolve(segmentName), damaged);
      Outcome o = open(dir);
      if (i >= lastBatchStart) {
        assertThat(o.records)
            .as("flip at %d in the final batch: torn tail", i)
            .isEqualTo(records(batches.size() - 1));
        cut++;
      } else {
        assertThat(o.code)
            .as("flip at %d before the final batch: refused", i)
            .isEqualTo(ErrorCode.CORRUPT);
        assertThat(o.message).contains(segmentName).contains("offset=");
        refused++;
      }
    }
    assertThat(cut + refused).isEqualTo(original.length);
  }

  /**
   * With a checkpoint covering the first six batches, an open does not compute the checksums of
   * their entries (it passes over them, issue 18): a flip there either still opens with exactly the
   * records after the checkpoint (the entry still parses and chains: nothing it held is replayed) or
   * is refused; never a wrong replay. {@code ./tidal check} (WalCheck) computes every checksum and
   * reports each such flip. (The engine runs its log without the WAL-level dedup filter, as here;
   * with it, every entry is verified.)
   */
  @Test
  void bitFlip_inEntriesACheckpointCovers_neverChangesTheReplay_andCheckFindsIt()
      throws IOException {
    int coveredBatches = 6;
    long replayFrom = records(coveredBatches).size();
    long coveredEnd = batchEnds.get(coveredBatches - 1);
    List<WalRecord> after = records(batches.size()).subList((int) replayFrom, records(10).size());
    Path dir = tmp.resolve("covered");
    Files.createDirectories(dir);
    int opened = 0;
    int refused = 0;
    for (int i = WalFormat.HEADER_SIZE; i < coveredEnd; i++) {
      byte[] damaged = original.clone();
      damaged[i] ^= (byte) (1 << (i % 8));
      Files.write(dir.resolve(segmentName), damaged);
      WalCheck.Result check = WalCheck.verify(dir, replayFrom);
      assertThat(check.problem() != null || check.note() != null)
          .as("flip at %d: the check reports it (%s)", i, check)
          .isTrue();
      Collector c = new Collector();
      try {
        Wal.open(
                WalOptions.builder(dir)
                    .fileLayer(new FaultyFileLayer())
                    .clock(clock)
                    .nanoTicker(clock.ticker())
                    .dedupHorizon(java.time.Duration.ZERO)
                    .replayFrom(replayFrom)
                    .build(),
                c)
            .close();
        assertThat(c.recordList())
            .as("flip at %d: replay after the checkpoint", i)
            .isEqualTo(after);
        opened++;
      } catch (TidalException e) {
        assertThat(e.code()).as("flip at %d", i).isEqualTo(ErrorCode.CORRUPT);
        refused++;
      } finally {
        try (var s = Files.list(dir)) {
          for (Path p : s.toList()) {
            Files.delete(p);
          }
        }
      }
    }
    System.out.printf(
        "covered-entry flips: %d opened with the same replay, %d refused%n", opened, refused);
    assertThat(opened)
        .as("checksum bytes of covered entries are not computed at open")
        .isPositive();
  }

  @Test
  void truncation_atEveryOffset_recoversTheLastCompleteBatch() throws IOException {
    Path dir = tmp.resolve("cut");
    Files.createDirectories(dir);
    for (int t = 0; t <= original.length; t++) {
      Files.write(dir.resolve(segmentName), Arrays.copyOf(original, t));
      Outcome o = open(dir);
      int complete = 0;
      while (complete < batchEnds.size() && batchEnds.get(complete) <= t) {
        complete++;
      }
      assertThat(o.code).as("truncation at %d", t).isNull();
      assertThat(o.records).as("truncation at %d", t).isEqualTo(records(complete));
      if (t < WalFormat.HEADER_SIZE) {
        // The torn creation was removed; the next open starts a new log.
        try (var s = Files.list(dir)) {
          assertThat(s.count()).isLessThanOrEqualTo(1);
        }
      }
    }
  }

  private List<WalRecord> records(int nBatches) {
    List<WalRecord> out = new ArrayList<>();
    batches.subList(0, nBatches).forEach(out::addAll);
    return out;
  }

  private record Outcome(List<WalRecord> records, ErrorCode code, String message) {}

  private Outcome open(Path dir) throws IOException {
    Collector c = new Collector();
    try {
      Wal.open(options(dir), c).close();
      return new Outcome(c.recordList(), null, null);
    } catch (TidalException e) {
      return new Outcome(null, e.code(), e.getMessage());
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
