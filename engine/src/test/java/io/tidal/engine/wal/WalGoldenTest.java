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
 * The checked-in version-1 and version-3 segments still decode to exactly what {@link GoldenWal}
 * wrote, and the current encoder reproduces each byte for byte (so any format change shows up here
 * first).
 */
class WalGoldenTest {
  static final String NAME = "00000000000000000001.wal";

  @TempDir Path dir;

  static byte[] golden() throws IOException {
    return golden("wal-v1");
  }

  static byte[] golden(String version) throws IOException {
    try (InputStream in =
        WalGoldenTest.class.getResourceAsStream("/golden/" + version + "/" + NAME)) {
      assertThat(in).as("golden resource").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void goldenV1_decodesToTheRecordsWritten() throws IOException {
    assertDecodesToTheRecordsWritten(golden());
  }

  private void assertDecodesToTheRecordsWritten(byte[] segment) throws IOException {
    Files.write(dir.resolve(NAME), segment);
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
    // Plain entries are unchanged since version 1 (today's writer still writes them when it
    // continues a segment of version 1 or 2); a new segment's header says version 3 and holds
    // batch frames (goldenV3 below).
    byte[] header = WalFormat.encodeHeader(h);
    assertThat(WalFormat.getShort(header, WalFormat.H_VERSION)).isEqualTo(3);
    assertThat(WalFormat.getShort(b, WalFormat.H_VERSION)).isEqualTo(1);
    System.arraycopy(b, 0, expected, 0, WalFormat.HEADER_SIZE);
    System.arraycopy(enc.toByteArray(), 0, expected, WalFormat.HEADER_SIZE, enc.size());
    assertThat(b).isEqualTo(expected);
  }

  @Test
  void goldenV3_decodesToTheRecordsWritten() throws IOException {
    byte[] b = golden("wal-v3");
    assertThat(WalFormat.headerVersion(b)).isEqualTo(3);
    assertDecodesToTheRecordsWritten(b);
  }

  /** One frame per batch: frame header, inner entries without checksums, one checksum at the end. */
  @Test
  void goldenV3_currentEncoderReproducesItByteForByte() throws IOException {
    byte[] b = golden("wal-v3");
    WalFormat.Header h = WalFormat.decodeHeader(b);
    EntryEncoder enc = new EntryEncoder();
    enc.segment(h.salt(), h.firstSeq(), true);
    int f = WalFormat.FLAG_PRED_DURABLE;
    enc.beginFrame(1, f);
    for (int i = 0; i < 2; i++) {
      enc.record(GoldenWal.BATCH_1.get(i), 1 + i, 1, f);
    }
    enc.commit(1, f, 1, 2, 2, GoldenWal.MILLIS);
    enc.endFrame();
    enc.beginFrame(2, f);
    for (int i = 0; i < 3; i++) {
      enc.record(GoldenWal.BATCH_2.get(i), 3 + i, 2, f);
    }
    enc.commit(2, f, 3, 3, 3, GoldenWal.MILLIS);
    enc.endFrame();
    enc.beginFrame(3, f);
    enc.checkpoint(GoldenWal.CHECKPOINT, 3, f);
    enc.commit(3, f, 6, 0, 1, GoldenWal.MILLIS);
    enc.endFrame();
    byte[] expected = new byte[WalFormat.HEADER_SIZE + enc.size()];
    System.arraycopy(WalFormat.encodeHeader(h), 0, expected, 0, WalFormat.HEADER_SIZE);
    System.arraycopy(enc.toByteArray(), 0, expected, WalFormat.HEADER_SIZE, enc.size());
    assertThat(b).isEqualTo(expected);
    // The first frame, field by field (docs/FORMATS.md): length, kind 9, flags, batch 1, then
    // the first inner entry's length and kind 1 (SIGNAL).
    int p = WalFormat.HEADER_SIZE;
    assertThat(b[p + 4]).isEqualTo((byte) WalFormat.FRAME);
    assertThat(b[p + 5]).isEqualTo((byte) f);
    assertThat(WalFormat.getLong(b, p + 6)).isEqualTo(1);
    assertThat(b[p + 14 + 4]).isEqualTo((byte) WalFormat.SIGNAL);
    int frameEnd = p + 4 + WalFormat.getInt(b, p) + WalFormat.CHECKSUM_SIZE;
    assertThat(b[frameEnd + 4]).isEqualTo((byte) WalFormat.FRAME);
  }

  /** A log whose tail segment is of version 1 is continued in plain entries, then reopens whole. */
  @Test
  void oldTail_isContinuedInItsOwnFormat_andReopens() throws IOException {
    Files.write(dir.resolve(NAME), golden());
    List<WalRecord> more = List.of(WalTesting.signal(7), WalTesting.signal(8));
    try (Wal wal = Wal.open(WalOptions.builder(dir).replayFrom(0).build(), (s, r) -> {})) {
      wal.append(more);
    }
    byte[] b = Files.readAllBytes(dir.resolve(NAME));
    assertThat(WalFormat.headerVersion(b)).isEqualTo(1);
    assertThat(b[golden().length + 4])
        .as("a plain SIGNAL entry")
        .isEqualTo((byte) WalFormat.SIGNAL);
    Collector c = new Collector();
    Wal.open(WalOptions.builder(dir).replayFrom(0).build(), c).close();
    List<WalRecord> expected = new ArrayList<>(GoldenWal.BATCH_1);
    expected.addAll(GoldenWal.BATCH_2);
    expected.addAll(more);
    assertThat(c.recordList()).isEqualTo(expected);
  }
}
