package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torn batch frame (format version 3: one checksum per batch) is wholly applied or wholly absent
 * at reopen. Batches of up to 1,500 records (frames of many BLAKE3 chunks, as ingest writes them)
 * are written; the segment is cut at random offsets, sometimes with random bytes after the cut (a
 * torn write that left garbage), or one random byte of the last frame is changed. Oracle: the
 * records of the batches whose frame ends at or before the cut, noted while writing.
 */
class WalTornFrameTest {
  private static final Logger RECOVERY_LOG = Logger.getLogger(Recovery.class.getName());

  @TempDir Path tmp;

  @Test
  void frameCutAtRandomBytes_isWhollyAppliedOrWhollyAbsent() throws IOException {
    long seed = Seeds.seed("WalTornFrameTest");
    Random rnd = new Random(seed);
    Path dir = tmp.resolve("original");
    List<List<WalRecord>> batches = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    long id = 0;
    try (Wal wal = Wal.open(WalOptions.builder(dir).build(), (s, r) -> {})) {
      for (int b = 0; b < 8; b++) {
        int n = b % 2 == 0 ? 1 + rnd.nextInt(1_500) : 1 + rnd.nextInt(20);
        List<WalRecord> batch = WalTesting.randomBatch(rnd, id, n);
        batch.removeIf(r -> r instanceof WalRecord.SignalRecord s && s.dedupKey() != null);
        id += n;
        wal.append(batch);
        batches.add(batch);
        ends.add(Files.size(dir.resolve(WalFormat.fileName(1))));
      }
    }
    byte[] original = Files.readAllBytes(dir.resolve(WalFormat.fileName(1)));
    assertThat(WalFormat.headerVersion(original)).isEqualTo(3);
    long lastStart = ends.get(ends.size() - 2);
    java.util.logging.Level level = RECOVERY_LOG.getLevel();
    RECOVERY_LOG.setLevel(java.util.logging.Level.SEVERE);
    try {
      Path work = tmp.resolve("torn");
      Files.createDirectories(work);
      for (int round = 0; round < Seeds.tries(60); round++) {
        int cut = WalFormat.HEADER_SIZE + rnd.nextInt(original.length - WalFormat.HEADER_SIZE);
        byte[] damaged =
            Arrays.copyOf(original, cut + (rnd.nextBoolean() ? rnd.nextInt(3_000) : 0));
        for (int i = cut; i < damaged.length; i++) {
          damaged[i] = (byte) rnd.nextInt(256);
        }
        int complete = 0;
        while (complete < ends.size() && ends.get(complete) <= cut) {
          complete++;
        }
        assertThat(replay(work, damaged))
            .as(
                "seed %d: cut at %d of %d, %d bytes of garbage",
                seed, cut, original.length, damaged.length - cut)
            .isEqualTo(records(batches, complete));
      }
      for (int round = 0; round < Seeds.tries(30); round++) {
        int at = (int) lastStart + rnd.nextInt((int) (original.length - lastStart));
        byte[] damaged = original.clone();
        damaged[at] ^= (byte) (1 + rnd.nextInt(255));
        assertThat(replay(work, damaged))
            .as("seed %d: byte %d of the last frame changed", seed, at)
            .isEqualTo(records(batches, batches.size() - 1));
      }
    } finally {
      RECOVERY_LOG.setLevel(level);
    }
  }

  private static List<WalRecord> replay(Path dir, byte[] segment) throws IOException {
    Files.write(dir.resolve(WalFormat.fileName(1)), segment);
    Collector c = new Collector();
    try {
      Wal.open(WalOptions.builder(dir).build(), c).close();
      return c.recordList();
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static List<WalRecord> records(List<List<WalRecord>> batches, int n) {
    List<WalRecord> out = new ArrayList<>();
    batches.subList(0, n).forEach(out::addAll);
    return out;
  }
}
