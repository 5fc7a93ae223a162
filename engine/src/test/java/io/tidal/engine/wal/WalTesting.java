package io.tidal.engine.wal;

import io.tidal.engine.wal.WalRecord.RowDelete;
import io.tidal.engine.wal.WalRecord.RowPut;
import io.tidal.engine.wal.WalRecord.SchemaChange;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Record generators and a replay collector shared by the WAL tests. */
final class WalTesting {
  private WalTesting() {}

  /** A replayed record. */
  record Logged(long seq, WalRecord record) {}

  /** Collects replayed records and checks they arrive with dense, increasing sequences. */
  static final class Collector implements ReplayConsumer {
    final List<Logged> records = new ArrayList<>();

    @Override
    public void accept(long sequence, WalRecord record) {
      if (!records.isEmpty() && records.get(records.size() - 1).seq() + 1 != sequence) {
        throw new AssertionError(
            "replay sequence " + sequence + " after " + records.get(records.size() - 1).seq());
      }
      records.add(new Logged(sequence, record));
    }

    List<WalRecord> recordList() {
      return records.stream().map(Logged::record).toList();
    }
  }

  /** A unique signal: its entity key encodes {@code id}. */
  static SignalRecord signal(long id) {
    return new SignalRecord(
        "view",
        ("item-" + id).getBytes(StandardCharsets.UTF_8),
        1.0,
        1_700_000_000_000L + id,
        null);
  }

  /** A random record of any kind; {@code id} makes it unique unless it is a deliberate repeat. */
  static WalRecord random(Random rnd, long id) {
    byte[] key = ("k" + id).getBytes(StandardCharsets.UTF_8);
    switch (rnd.nextInt(10)) {
      case 0:
        byte[] value = new byte[rnd.nextInt(200)];
        rnd.nextBytes(value);
        return new RowPut("items", key, value);
      case 1:
        return new RowDelete("items", key);
      case 2:
        byte[] payload = new byte[1 + rnd.nextInt(50)];
        rnd.nextBytes(payload);
        return new SchemaChange(payload);
      case 3:
        return new SignalRecord("like", key, rnd.nextGaussian(), rnd.nextLong(), "d" + id);
      default:
        return new SignalRecord(
            "view", key, rnd.nextInt(5) - 1, 1_700_000_000_000L + rnd.nextInt(1 << 30), null);
    }
  }

  static List<WalRecord> randomBatch(Random rnd, long firstId, int n) {
    List<WalRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(random(rnd, firstId + i));
    }
    return out;
  }
}
