package io.tidal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidal.engine.storage.InMemoryStorage;
import io.tidal.engine.storage.KeyValue;
import io.tidal.engine.storage.Keyspace;
import io.tidal.schema.EntityId;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The warm tier (version-3 chunks written; version-2 chunks and version-1 entries still read) against a list model. */
class WarmSignalsTest {
  private static final Comparator<long[]> MODEL_ORDER =
      Comparator.<long[]>comparingLong(e -> e[0] ^ Long.MIN_VALUE)
          .thenComparingLong(e -> e[1])
          .thenComparingLong(e -> e[2]);

  /**
   * Random signals over several checkpoints, some stored in the legacy per-signal form, pruned at
   * random cut-offs: every scan equals the model (kept signals, (id, ts, seq) order, no duplicates).
   */
  @Test
  void flushPruneAndScanMatchAModel() {
    long seed = Seeds.seed("WarmSignalsTest.model");
    Random rnd = new Random(seed);
    InMemoryStorage storage = new InMemoryStorage();
    WarmSignals warm = new WarmSignals(storage);
    long window = 3_600_000L;
    warm.addType("view", "w.7", window, false);
    Keyspace ks = storage.keyspace("w.7");
    List<long[]> model = new ArrayList<>(); // {id, ts, seq, weight bits}
    long seq = 0;
    long now = 0;
    long lastPrune = Long.MIN_VALUE;
    long[] newest = {Long.MIN_VALUE};
    for (int checkpoint = 0; checkpoint < 30; checkpoint++) {
      int n = rnd.nextInt(3 * WarmBlock.CAPACITY / 2);
      for (int i = 0; i < n; i++) {
        long id = rnd.nextInt(50) - 5L; // a few ids above 2^63 unsigned
        long ts = now + rnd.nextInt((int) window) - rnd.nextInt((int) window * 2);
        double w = rnd.nextInt(5) - 2;
        seq++;
        newest[0] = Math.max(newest[0], ts);
        model.add(new long[] {id, ts, seq, Double.doubleToRawLongBits(w)});
        if (rnd.nextInt(10) == 0) { // a version-1 entry left by an older release
          ks.put(LegacyWarm.encodeV1Key(id, ts, seq), LegacyWarm.encodeV1Value(w, null));
        } else if (rnd.nextInt(10) == 0) { // a version-2 chunk left by an older release
          WarmBlock b = new WarmBlock();
          b.add(id, ts, seq, w, null);
          ks.put(WarmCodec.chunkKey(seq, 1 << 20), LegacyWarm.encodeV2(b));
        } else {
          warm.add("view", EntityId.of(id), id, ts, seq, w, null, null);
        }
      }
      now += rnd.nextInt((int) window);
      warm.flush(now, seq, type -> newest[0]);
      // The documented rule: a flush prunes when a quarter of the longest window (>= 1 min) has
      // passed since the last prune, dropping signals at or before the latest timestamp - longest
      // window.
      if (lastPrune == Long.MIN_VALUE || now - lastPrune >= Math.max(60_000L, window / 4)) {
        long cutoff = newest[0] - window;
        model.removeIf(e -> e[1] <= cutoff);
        lastPrune = now;
      }
      model.sort(MODEL_ORDER);
      assertScan(model, warm, null, seed);
      long only = rnd.nextInt(50) - 5L;
      assertScan(model.stream().filter(e -> e[0] == only).toList(), warm, EntityId.of(only), seed);
    }
    for (Iterator<KeyValue> it = ks.scan(null, null); it.hasNext(); ) {
      int len = it.next().key().length;
      assertEquals(true, len == 12 || len == 24, "key length " + len);
    }
  }

  private static void assertScan(
      List<long[]> expected, WarmSignals warm, EntityId only, long seed) {
    List<long[]> got = new ArrayList<>();
    warm.scan("view", only)
        .forEachRemaining(
            e ->
                got.add(
                    new long[] {
                      e.getKey().id().bits(),
                      e.getKey().timestamp(),
                      e.getKey().seq(),
                      Double.doubleToRawLongBits(e.getValue().weight())
                    }));
    assertEquals(expected.size(), got.size(), "count, seed " + seed);
    for (int i = 0; i < got.size(); i++) {
      assertEquals(
          List.of(expected.get(i)[0], expected.get(i)[1], expected.get(i)[2], expected.get(i)[3]),
          List.of(got.get(i)[0], got.get(i)[1], got.get(i)[2], got.get(i)[3]),
          "entry " + i + ", seed " + seed);
    }
  }
}
