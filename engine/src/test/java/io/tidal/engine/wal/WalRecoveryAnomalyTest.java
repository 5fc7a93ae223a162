package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per segment-level row of reliability.md's anomaly table (T5). */
class WalRecoveryAnomalyTest {
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock();
  Path dir;
  List<Path> segments;

  WalOptions options(Path d) {
    return WalOptions.builder(d).clock(clock).nanoTicker(clock.ticker()).segmentBytes(4096).build();
  }

  @BeforeEach
  void writeFourSegments() throws IOException {
    dir = tmp.resolve("wal");
    try (Wal wal = Wal.open(options(dir), (s, r) -> {})) {
      for (long i = 0; wal.segmentCount() < 4 || i % 5 != 0; i++) {
        wal.append(List.of(WalTesting.signal(i)));
      }
    }
    segments = list(dir);
    assertThat(segments).hasSize(4);
  }

  private static List<Path> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
    }
  }

  private TidalException openFails() {
    try {
      Wal.open(options(dir), (s, r) -> {}).close();
    } catch (TidalException e) {
      return e;
    }
    throw new AssertionError("open succeeded on a damaged log");
  }

  @Test
  void missingMiddleSegment_isRefused() throws IOException {
    Files.delete(segments.get(1));
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(e.getMessage())
        .contains(segments.get(2).getFileName().toString())
        .contains("missing or out of place");
  }

  @Test
  void missingMiddleSegment_whollyCoveredByTheCheckpoint_opens() throws IOException {
    Files.delete(segments.get(1));
    long checkpoint = WalFormat.parseFileName(segments.get(2).getFileName().toString()) - 1;
    Collector c = new Collector();
    Wal.open(options(dir).toBuilder().replayFrom(checkpoint).build(), c).close();
    assertThat(c.records).isNotEmpty();
    assertThat(c.records.get(0).seq()).isEqualTo(checkpoint + 1);
  }

  @Test
  void missingOldestSegment_beforeTheCheckpoint_isRefused() throws IOException {
    Files.delete(segments.get(0));
    assertThat(openFails().getMessage()).contains("segments are missing");
  }

  @Test
  void olderSegmentWithATornTail_isRefused_notCut() throws IOException {
    Path victim = segments.get(1);
    byte[] b = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(b, b.length - 1));
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(e.getMessage()).contains(victim.getFileName().toString());
  }

  @Test
  void middleSegmentCutAtABatchBoundary_isRefused() throws IOException {
    Path victim = segments.get(2);
    Files.write(victim, java.util.Arrays.copyOf(Files.readAllBytes(victim), WalFormat.HEADER_SIZE));
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(e.getMessage())
        .contains("truncated or extended")
        .contains(victim.getFileName().toString());
  }

  @Test
  void middleSegmentExtended_isRefusedThroughItsSuccessorsLengthRecord() throws IOException {
    // A segment that grew after its successor was created, by a validly encoded checkpoint batch.
    Path victim = segments.get(1);
    byte[] b = Files.readAllBytes(victim);
    WalFormat.Header h = WalFormat.decodeHeader(b);
    WalFormat.Header next = WalFormat.decodeHeader(Files.readAllBytes(segments.get(2)));
    EntryEncoder enc = new EntryEncoder();
    enc.segment(h.salt(), h.firstSeq(), true);
    enc.beginFrame(next.firstBatch(), WalFormat.FLAG_PRED_DURABLE);
    enc.checkpoint(1, next.firstBatch(), WalFormat.FLAG_PRED_DURABLE);
    enc.commit(next.firstBatch(), WalFormat.FLAG_PRED_DURABLE, next.firstSeq(), 0, 1, 0);
    enc.endFrame();
    Files.write(victim, enc.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(e.getMessage())
        .contains("truncated or extended")
        .contains(victim.getFileName().toString());
  }

  @Test
  void foreignSegment_fromAnotherDatabase_isRefusedForItsSalt() throws IOException {
    Path other = tmp.resolve("other");
    try (Wal wal = Wal.open(options(other), (s, r) -> {})) {
      for (long i = 0; wal.segmentCount() < 4 || i % 5 != 0; i++) {
        wal.append(List.of(WalTesting.signal(i)));
      }
    }
    List<Path> foreign = list(other);
    Files.copy(foreign.get(3), segments.get(3), StandardCopyOption.REPLACE_EXISTING);
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(e.getMessage()).contains("salt").contains(segments.get(3).getFileName().toString());
  }

  @Test
  void segmentRenamed_outOfPlace_isRefused() throws IOException {
    Path last = segments.get(3);
    Files.move(last, dir.resolve(WalFormat.fileName(999_999)));
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(e.getMessage()).contains("differs from the file name");
  }

  @Test
  void newerFormatVersion_isRefusedAsUnsupported() throws IOException {
    Path first = segments.get(0);
    byte[] b = Files.readAllBytes(first);
    WalFormat.putShort(b, WalFormat.H_VERSION, WalFormat.VERSION + 1);
    // A real future header carries a valid checksum.
    org.apache.commons.codec.digest.Blake3.initHash()
        .update(b, 0, WalFormat.H_CHECKSUM)
        .doFinalize(b, WalFormat.H_CHECKSUM, WalFormat.CHECKSUM_SIZE);
    Files.write(first, b);
    TidalException e = openFails();
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
    assertThat(e.getMessage()).contains("version " + (WalFormat.VERSION + 1)).contains("newer");
  }

  @Test
  void notAWalFile_isRefused() throws IOException {
    Files.write(
        segments.get(0),
        "this is not a WAL segment, just some text of more than 80 bytes.........................."
            .getBytes());
    assertThat(openFails().getMessage()).contains("invalid segment header (MAGIC)");
  }

  @Test
  void newestSegmentWithATornHeader_isRemovedAndTheLogOpens() throws IOException {
    Path next = dir.resolve(WalFormat.fileName(10_000));
    Files.write(next, new byte[40]);
    Collector c = new Collector();
    Wal.open(options(dir), c).close();
    assertThat(Files.exists(next)).isFalse();
    assertThat(c.records).isNotEmpty();
  }

  @Test
  void tornTail_isCutAndReportedAsAWarningNamingFileAndOffset() throws IOException {
    Path last = segments.get(3);
    byte[] b = Files.readAllBytes(last);
    Files.write(last, java.util.Arrays.copyOf(b, b.length - 7));
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(Recovery.class.getName());
    List<java.util.logging.LogRecord> records = new java.util.ArrayList<>();
    java.util.logging.Handler h =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    try {
      Wal.open(options(dir), (s, r) -> {}).close();
    } finally {
      log.removeHandler(h);
    }
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    String msg =
        java.text.MessageFormat.format(records.get(0).getMessage(), records.get(0).getParameters());
    assertThat(msg).contains("torn tail").contains(last.toString());
    assertThat(Files.size(last)).as("cut to the last complete batch").isLessThan(b.length - 7);
  }

  @Test
  void unrelatedFilesInTheDirectory_areIgnored() throws IOException {
    Files.write(dir.resolve("README.txt"), new byte[] {1});
    Collector c = new Collector();
    Wal.open(options(dir), c).close();
    assertThat(c.records).isNotEmpty();
  }
}
