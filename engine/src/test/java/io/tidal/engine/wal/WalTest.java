package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Durability;
import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Append, replay, rotation, checkpoint and truncation across reopen, on real files. */
class WalTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  WalOptions.Builder options() {
    return WalOptions.builder(dir.resolve("wal")).clock(clock).nanoTicker(clock.ticker());
  }

  @Test
  void append_thenReopen_replaysEveryRecordInOrder() {
    List<WalRecord> written = WalTesting.randomBatch(new Random(1), 0, 50);
    try (Wal wal =
        Wal.open(
            options().build(),
            (s, r) -> {
              throw new AssertionError("empty log replayed");
            })) {
      assertThat(wal.lastSequence()).isZero();
      AppendResult a = wal.append(written.subList(0, 20));
      AppendResult b = wal.append(written.subList(20, 50));
      assertThat(a.firstSequence()).isEqualTo(1);
      assertThat(b.firstSequence()).isEqualTo(21);
      assertThat(b.sequence(29)).isEqualTo(50);
      assertThat(wal.lastSequence()).isEqualTo(50);
    }
    Collector c = new Collector();
    try (Wal wal = Wal.open(options().build(), c)) {
      assertThat(wal.lastSequence()).isEqualTo(50);
      assertThat(wal.append(List.of(WalTesting.signal(99))).firstSequence()).isEqualTo(51);
    }
    assertThat(c.recordList()).isEqualTo(written);
    assertThat(c.records.get(0).seq()).isEqualTo(1);
  }

  @Test
  void open_replayFrom_skipsRecordsUpToTheCheckpoint() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      for (int i = 0; i < 10; i++) {
        wal.append(List.of(WalTesting.signal(i)));
      }
    }
    Collector c = new Collector();
    Wal.open(options().replayFrom(7).build(), c).close();
    assertThat(c.records).extracting(WalTesting.Logged::seq).containsExactly(8L, 9L, 10L);
    assertThat(c.recordList())
        .containsExactly(WalTesting.signal(7), WalTesting.signal(8), WalTesting.signal(9));
  }

  @Test
  void rotation_smallSegments_replaysAcrossSegments() throws IOException {
    Random rnd = new Random(2);
    List<WalRecord> written = new ArrayList<>();
    try (Wal wal = Wal.open(options().segmentBytes(4096).build(), (s, r) -> {})) {
      for (int i = 0; i < 200; i++) {
        List<WalRecord> batch = WalTesting.randomBatch(rnd, i * 10L, 1 + rnd.nextInt(5));
        wal.append(batch);
        written.addAll(batch);
      }
      assertThat(wal.segmentCount()).isGreaterThan(5);
    }
    assertThat(segmentFiles()).hasSizeGreaterThan(5);
    Collector c = new Collector();
    Wal.open(options().segmentBytes(4096).build(), c).close();
    assertThat(c.recordList()).isEqualTo(written);
  }

  /** Enough random batches for more than five segments of 4 KiB (one frame each since version 3). */
  private static final int SLACK_BATCHES = 200;

  @Test
  void checkpoint_deletesSegmentsBeforeThePreviousCheckpoint_keepsOneOfSlack() throws IOException {
    Random rnd = new Random(3);
    List<WalRecord> written = new ArrayList<>();
    long cp1;
    long cp2;
    try (Wal wal = Wal.open(options().segmentBytes(4096).build(), (s, r) -> {})) {
      for (int i = 0; i < SLACK_BATCHES; i++) {
        written.addAll(appendRandom(wal, rnd, i));
      }
      cp1 = wal.lastSequence();
      wal.checkpoint(cp1);
      int afterFirst = segmentFiles().size();
      assertThat(afterFirst)
          .as("first checkpoint keeps everything after replayFrom=0")
          .isGreaterThan(5);
      for (int i = SLACK_BATCHES; i < 2 * SLACK_BATCHES; i++) {
        written.addAll(appendRandom(wal, rnd, i));
      }
      cp2 = wal.lastSequence();
      wal.checkpoint(cp2);
      assertThat(segmentFiles().size()).isLessThan(afterFirst + 6);
      assertThatThrownBy(() -> wal.checkpoint(cp1 - 1))
          .isInstanceOf(WalException.class)
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
    // The oldest kept segment starts at or before cp1 + 1: a store that fell back to cp1 still
    // replays.
    Collector fromCp1 = new Collector();
    Wal.open(options().segmentBytes(4096).replayFrom(cp1).build(), fromCp1).close();
    assertThat(fromCp1.recordList()).isEqualTo(written.subList((int) cp1, written.size()));
    // But one that fell back further is refused, never replayed around the gap.
    assertThatThrownBy(
            () -> Wal.open(options().segmentBytes(4096).replayFrom(0).build(), (s, r) -> {}))
        .isInstanceOf(WalException.class)
        .hasMessageContaining("missing")
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.CORRUPT);
    Collector fromCp2 = new Collector();
    Wal.open(options().segmentBytes(4096).replayFrom(cp2).build(), fromCp2).close();
    assertThat(fromCp2.records).isEmpty();
  }

  /**
   * A scrub: start a segment at S + 1 while nothing is appended, append more, then checkpoint(S,
   * keepNone): no remaining file holds a record up to S (their unique keys are searched for in every
   * byte), and the log reopens from S with the later records.
   */
  @Test
  void startSegmentThenCheckpointKeepNone_leavesNoRecordUpToTheCheckpoint() throws IOException {
    List<WalRecord> after = new ArrayList<>();
    long s;
    try (Wal wal = Wal.open(options().segmentBytes(4096).build(), (q, r) -> {})) {
      for (int i = 0; i < 300; i++) {
        wal.append(List.of(WalTesting.signal(i)));
      }
      wal.checkpoint(
          100); // an earlier checkpoint: the slack rule alone would keep segments from 101
      s = wal.lastSequence();
      wal.startSegment();
      wal.startSegment(); // the tail holds no record yet: no second, empty-named segment
      for (int i = 1000; i < 1010; i++) {
        WalRecord r = WalTesting.signal(i);
        wal.append(List.of(r));
        after.add(r);
      }
      wal.checkpoint(s, true);
      assertThat(wal.segmentCount()).isEqualTo(1);
    }
    assertThat(segmentFiles()).hasSize(1);
    byte[] all = Files.readAllBytes(segmentFiles().get(0));
    String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int i = 0; i < 300; i++) {
      assertThat(text)
          .as("record %d (up to the checkpoint) in the kept segment", i)
          .doesNotContain("item-" + i + "\u00ff"); // the key, then a null dedup key (0xFFFF)
    }
    assertThat(text).contains("item-1000");
    Collector c = new Collector();
    Wal.open(options().segmentBytes(4096).replayFrom(s).build(), c).close();
    assertThat(c.recordList()).isEqualTo(after);
    assertThat(c.records.get(0).seq()).isEqualTo(s + 1);
  }

  @Test
  void open_checkpointBeyondTheLog_isRefused() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      wal.append(List.of(WalTesting.signal(1)));
    }
    assertThatThrownBy(() -> Wal.open(options().replayFrom(5).build(), (s, r) -> {}))
        .isInstanceOf(WalException.class)
        .hasMessageContaining("acknowledged records were lost");
  }

  @Test
  void open_storeOlderThanTheLoggedCheckpoint_replaysFromTheStore() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      wal.append(List.of(WalTesting.signal(1), WalTesting.signal(2)));
      wal.checkpoint(2);
    }
    Collector c = new Collector();
    Wal.open(options().replayFrom(1).build(), c).close();
    assertThat(c.recordList()).containsExactly(WalTesting.signal(2));
  }

  @Test
  void dedup_repeatWithinHorizon_isDropped_otherwiseNew() {
    SignalRecord s = new SignalRecord("like", new byte[] {1}, 1.0, 5, "k1");
    SignalRecord sameKeyOtherContent = new SignalRecord("like", new byte[] {1}, 2.0, 5, "k1");
    SignalRecord noKey = new SignalRecord("like", new byte[] {1}, 1.0, 5, null);
    try (Wal wal = Wal.open(options().dedupHorizon(Duration.ofMinutes(10)).build(), (q, r) -> {})) {
      AppendResult first = wal.append(List.of(s, s, noKey, noKey, sameKeyOtherContent));
      assertThat(
              List.of(
                  first.isNew(0), first.isNew(1), first.isNew(2), first.isNew(3), first.isNew(4)))
          .containsExactly(true, false, true, true, true);
      assertThat(first.sequence(1)).isEqualTo(-1);
      assertThat(first.sequence(4)).isEqualTo(4);
      clock.advance(Duration.ofMinutes(15));
      assertThat(wal.append(List.of(s)).isNew(0)).as("within 1-2 horizons").isFalse();
      clock.advance(Duration.ofMinutes(21));
      assertThat(wal.append(List.of(s)).isNew(0)).as("after two horizons").isTrue();
      assertThat(wal.lastSequence()).isEqualTo(5);
    }
    // Rebuilt on reopen from the logged records' commit times.
    try (Wal wal = Wal.open(options().dedupHorizon(Duration.ofMinutes(10)).build(), (q, r) -> {})) {
      assertThat(wal.append(List.of(s)).isNew(0)).isFalse();
      assertThat(wal.append(List.of(sameKeyOtherContent)).isNew(0))
          .as("logged 36 min ago")
          .isTrue();
    }
  }

  @Test
  void append_concurrentSyncWriters_allRecordsLoggedOnceInSomeOrder() throws Exception {
    int threads = 8;
    int perThread = 200;
    List<WalRecord> seen = new ArrayList<>();
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    seqs.add(wal.append(List.of(WalTesting.signal(base + i))).firstSequence());
                  }
                  return seqs;
                }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get());
      }
      pool.shutdown();
      assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
      assertThat(wal.lastSequence()).isEqualTo(threads * perThread);
    }
    Wal.open(options().build(), (s, r) -> seen.add(r)).close();
    assertThat(seen).hasSize(threads * perThread).doesNotHaveDuplicates();
  }

  @Test
  void append_async_isReplayedAfterClose() {
    try (Wal wal = Wal.open(options().durability(Durability.ASYNC).build(), (s, r) -> {})) {
      for (int i = 0; i < 100; i++) {
        wal.append(List.of(WalTesting.signal(i)));
      }
    }
    Collector c = new Collector();
    Wal.open(options().build(), c).close();
    assertThat(c.records).hasSize(100);
  }

  @Test
  void open_consumerThrows_propagates_andTheLogStillOpensLater() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      wal.append(List.of(WalTesting.signal(1), WalTesting.signal(2)));
    }
    IllegalStateException boom = new IllegalStateException("consumer failed");
    assertThatThrownBy(
            () ->
                Wal.open(
                    options().build(),
                    (s, r) -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    Collector c = new Collector();
    Wal.open(options().build(), c).close();
    assertThat(c.records).hasSize(2);
  }

  @Test
  void append_afterClose_isRefused() {
    Wal wal = Wal.open(options().build(), (s, r) -> {});
    wal.close();
    wal.close();
    assertThatThrownBy(() -> wal.append(List.of(WalTesting.signal(1))))
        .isInstanceOf(WalException.class)
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.CLOSED);
  }

  @Test
  void append_tooLargeRecord_isRefusedAndNothingLogged() {
    try (Wal wal = Wal.open(options().build(), (s, r) -> {})) {
      WalRecord huge = new WalRecord.RowPut("t", new byte[1], new byte[WalFormat.MAX_BODY]);
      assertThatThrownBy(() -> wal.append(List.of(WalTesting.signal(1), huge)))
          .isInstanceOf(WalException.class)
          .hasMessageContaining("too large");
      assertThat(wal.lastSequence()).isZero();
    }
  }

  private List<WalRecord> appendRandom(Wal wal, Random rnd, int i) {
    List<WalRecord> batch = WalTesting.randomBatch(rnd, i * 10L, 1 + rnd.nextInt(5));
    batch.removeIf(r -> r instanceof SignalRecord s && s.dedupKey() != null);
    wal.append(batch);
    return batch;
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
      return s.filter(p -> p.toString().endsWith(".wal")).toList();
    }
  }
}
