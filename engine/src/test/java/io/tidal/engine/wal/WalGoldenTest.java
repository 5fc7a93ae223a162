package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.wal.WalTesting.Collector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in version-1 segment still decodes to exactly what {@link GoldenWal} wrote, and the
 * current encoder reproduces it byte for byte (so any format change shows up here first).
 */
class WalGoldenTest {
  static final String NAME = "00000000000000000001.wal";

  @TempDir Path dir;

  static byte[] golden() throws IOException {
    try (InputStream in = WalGoldenTest.class.getResourceAsStream("/golden/wal-v1/" + NAME)) {
      assertThat(in).as("golden resource").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void goldenV1_decodesToTheRecordsWritten() throws IOException {
    Files.write(dir.resolve(NAME), golden());
    Collector c = new Collector();
    try (Wal wal = Wal.open(WalOptions.builder(dir).replayFrom(0).build(), c)) {
      assertThat(wal.lastSequence()).isEqualTo(5);
    }
    List<WalRecord> expected = new ArrayList<>(GoldenWal.BATCH_1);
    expected.addAll(GoldenWal.BATCH_2);
    assertThat(c.recordList()).isEqualTo(expected);
    assertThat(c.records.get(0).seq()).isEqualTo(1);
  }

  @Test
  void goldenV1_headerFields() throws IOException {
    byte[] b = golden();
    assertThat(WalFormat.checkHeader(b, b.length)).isNull();
    WalFormat.Header h = WalFormat.decodeHeader(b);
    assertThat(WalFormat.headerVersion(b)).isEqualTo(1);
    assertThat(h.firstSeq()).isEqualTo(1);
    assertThat(h.firstBatch()).isEqualTo(1);
    assertThat(h.prevFirstSeq()).isZero();
    assertThat(h.prevLength()).isZero();
    assertThat(h.salt()).hasSize(16);
  }

  @Test
  void goldenV1_currentEncoderReproducesItByteForByte() throws IOException {
    byte[] b = golden();
    WalFormat.Header h = WalFormat.decodeHeader(b);
    EntryEncoder enc = new EntryEncoder();
    enc.segment(h.salt(), h.firstSeq());
    int f = WalFormat.FLAG_PRED_DURABLE;
    for (int i = 0; i < 2; i++) {
      enc.record(GoldenWal.BATCH_1.get(i), 1 + i, 1, f);
    }
    enc.commit(1, f, 1, 2, 2, GoldenWal.MILLIS);
    for (int i = 0; i < 3; i++) {
      enc.record(GoldenWal.BATCH_2.get(i), 3 + i, 2, f);
    }
    enc.commit(2, f, 3, 3, 3, GoldenWal.MILLIS);
    enc.checkpoint(GoldenWal.CHECKPOINT, 3, f);
    enc.commit(3, f, 6, 0, 1, GoldenWal.MILLIS);
    byte[] expected = new byte[WalFormat.HEADER_SIZE + enc.size()];
    // Entries are unchanged since version 1; a new segment's header says version 2 (entry kinds 7
    // and 8 exist since then), the only bytes in which today's writer differs from the golden file.
    byte[] header = WalFormat.encodeHeader(h);
    assertThat(WalFormat.getShort(header, WalFormat.H_VERSION)).isEqualTo(2);
    assertThat(WalFormat.getShort(b, WalFormat.H_VERSION)).isEqualTo(1);
    System.arraycopy(b, 0, expected, 0, WalFormat.HEADER_SIZE);
    System.arraycopy(enc.toByteArray(), 0, expected, WalFormat.HEADER_SIZE, enc.size());
    assertThat(b).isEqualTo(expected);
  }
}
