package io.tidal.engine.wal;

import io.tidal.engine.wal.WalRecord.RowDelete;
import io.tidal.engine.wal.WalRecord.RowPut;
import io.tidal.engine.wal.WalRecord.SchemaChange;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The content of the checked-in golden segments {@code golden/wal-v1/00000000000000000001.wal}
 * (format version 1) and {@code golden/wal-v3/...} (version 3, batch frames): three batches written
 * in SYNC mode at {@link #MILLIS}. {@link #main} wrote each once, with the release of its version (a
 * random salt); {@link WalGoldenTest} decodes them. Never regenerate one for a format change: add a
 * new version's golden file beside them.
 */
final class GoldenWal {
  static final long MILLIS = 1_793_491_200_000L; // 2026-11-01T00:00:00Z

  static final List<WalRecord> BATCH_1 =
      List.of(
          new SignalRecord(
              "view", "item-1".getBytes(StandardCharsets.UTF_8), 1.0, MILLIS - 1000, null),
          new SignalRecord("like", new byte[] {0, 0, 0, 0, 0, 0, 0, 42}, -2.5, MILLIS, "dédup-1"));
  static final List<WalRecord> BATCH_2 =
      List.of(
          new RowPut("items", new byte[] {1, 2}, "hello".getBytes(StandardCharsets.UTF_8)),
          new RowDelete("items", new byte[] {3}),
          new SchemaChange(new byte[] {(byte) 0xCA, (byte) 0xFE}));

  /** The third batch is a checkpoint mark at this sequence. */
  static final long CHECKPOINT = 5;

  private GoldenWal() {}

  /** Writes the golden segment into the directory {@code args[0]}. */
  public static void main(String[] args) {
    ManualClock clock = new ManualClock(MILLIS);
    try (Wal wal =
        Wal.open(
            WalOptions.builder(Path.of(args[0])).clock(clock).nanoTicker(clock.ticker()).build(),
            (s, r) -> {
              throw new AssertionError("directory not empty");
            })) {
      wal.append(BATCH_1);
      wal.append(BATCH_2);
      wal.checkpoint(CHECKPOINT);
    }
  }
}
