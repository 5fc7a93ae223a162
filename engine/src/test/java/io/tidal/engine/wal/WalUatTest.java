package io.tidal.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.engine.wal.WalTesting.Collector;
import io.tidal.testing.FaultyFileLayer;
import io.tidal.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic acceptance scenario: 5,500 generated events written in batches of varying size
 * (1 to 250, so some exceed the 100-event group-commit limit), with two checkpoints and segment
 * truncation in the middle, then a power loss during the fsync of one more batch that drops every
 * unsynced byte. Recovery from the last
 * checkpoint, appended to the state the checkpoints captured, yields exactly the 5,500 events in
 * order; reopening once more replays the same.
 */
class WalUatTest {
  private static final int EVENTS = 5_500;

  @TempDir Path dir;

  @Test
  void uat_5500Events_checkpointsTruncationCrash_recoveryYieldsExactlyThoseEventsInOrder() {
    List<WalRecord> events = generate();
    ManualClock clock = new ManualClock();
    FaultyFileLayer layer = new FaultyFileLayer();
    WalOptions.Builder opts =
        WalOptions.builder(dir)
            .fileLayer(layer)
            .clock(clock)
            .nanoTicker(clock.ticker())
            .segmentBytes(16 * 1024);
    // The "store": what the caller persisted at its checkpoints.
    List<WalRecord> store = new ArrayList<>();
    Wal wal =
        Wal.open(
            opts.build(),
            (s, r) -> {
              throw new AssertionError("new log replayed " + s);
            });
    int written = 0;
    long checkpoint = 0;
    int segmentsBeforeTruncation = 0;
    Random sizes = new Random(5500);
    while (written < EVENTS) {
      int n =
          Math.min(
              EVENTS - written,
              sizes.nextInt(8) == 0 ? 101 + sizes.nextInt(150) : 1 + sizes.nextInt(60));
      AppendResult r = wal.append(events.subList(written, written + n));
      assertThat(r.firstSequence()).isEqualTo(written + 1L);
      assertThat(r.newCount()).isEqualTo(n);
      written += n;
      clock.advance(Duration.ofMillis(3));
      if (checkpoint == 0 && written >= 2_000) {
        segmentsBeforeTruncation = wal.segmentCount();
        checkpoint = checkpointAt(wal, store, events, written);
      } else if (checkpoint > 0 && checkpoint < 3_500 && written >= 3_500) {
        checkpoint = checkpointAt(wal, store, events, written);
        assertThat(wal.segmentCount())
            .as("segments before the first checkpoint were deleted")
            .isLessThan(segmentsBeforeTruncation);
      }
    }
    assertThat(wal.lastSequence()).isEqualTo(EVENTS);
    // The power goes during the fsync of one more (unacknowledged) batch.
    layer.crashAt(layer.operations() + 2);
    List<WalRecord> extra = List.of(new SignalRecord("view", new byte[] {1}, 1, 1, null));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> wal.append(extra))
        .isInstanceOf(WalException.class);
    layer.powerLoss(new Random(1), FaultyFileLayer.Damage.DROP_ALL);
    try {
      wal.close();
    } catch (WalException e) {
      // The crash already killed the channel; nothing to flush.
    }

    Collector replay = new Collector();
    Wal.open(opts.replayFrom(checkpoint).build(), replay).close();
    List<WalRecord> recovered = new ArrayList<>(store);
    recovered.addAll(replay.recordList());
    assertThat(recovered).hasSize(EVENTS).isEqualTo(events);
    assertThat(replay.records.get(0).seq()).isEqualTo(checkpoint + 1);

    Collector again = new Collector();
    Wal.open(opts.replayFrom(checkpoint).build(), again).close();
    assertThat(again.recordList()).isEqualTo(replay.recordList());
  }

  private static long checkpointAt(
      Wal wal, List<WalRecord> store, List<WalRecord> events, int written) {
    store.clear();
    store.addAll(events.subList(0, written));
    wal.checkpoint(written);
    return written;
  }

  /** 5,500 distinct signals over 50 entities, every tenth with a (unique) dedup key. */
  private static List<WalRecord> generate() {
    Random rnd = new Random(20261101);
    List<WalRecord> out = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      byte[] entity = ("item-" + rnd.nextInt(50)).getBytes(StandardCharsets.UTF_8);
      String type = i % 3 == 0 ? "like" : "view";
      out.add(
          new SignalRecord(
              type,
              entity,
              1 + rnd.nextInt(3),
              1_793_491_200_000L + i * 1000L,
              i % 10 == 0 ? "u" + i : null));
    }
    return out;
  }
}
