package io.tidal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityId;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link EntityDictionary} against a plain map model, and its lock-free reads under assignment. */
class EntityDictionaryTest {

  @Test
  void varcharKeys_matchAMapModel_throughGrowthLoadAndOverflow() {
    long seed = Seeds.seed("EntityDictionaryTest.model");
    SplittableRandom r = new SplittableRandom(seed);
    EntityDictionary d = new EntityDictionary(ColumnType.VARCHAR);
    Map<Long, String> model = new HashMap<>();
    // restored assignments first, as at open: sparse ids, one far beyond the dense range
    for (int i = 0; i < 500; i++) {
      long id = 1 + r.nextLong(3_000);
      String key = "loaded_" + id;
      if (!model.containsKey(id)) {
        d.load(key, EntityId.of(id));
        model.put(id, key);
      }
    }
    // then fresh assignments, enough to grow the id array several times
    for (int i = 0; i < 20_000; i++) {
      String key = "item_" + r.nextInt(15_000);
      EntityId id = d.idOf(key);
      String before = model.putIfAbsent(id.bits(), key);
      assertThat(before == null || before.equals(key)).as("seed %d: id %d reused", seed, id.bits())
          .isTrue();
      assertThat(d.lookup(key)).isEqualTo(id);
    }
    // a restored id far beyond the dense range (a damaged or foreign checkpoint) is still kept
    d.load("far_away", EntityId.of(1L << 40));
    model.put(1L << 40, "far_away");
    for (Map.Entry<Long, String> e : model.entrySet()) {
      assertThat(d.keyOf(EntityId.of(e.getKey()))).as("seed %d: id %d", seed, e.getKey())
          .isEqualTo(e.getValue());
    }
    long maxId = model.keySet().stream().filter(b -> b < (1L << 40)).max(Long::compare).orElseThrow();
    assertThat(d.keyOf(EntityId.of(maxId + 1))).isNull();
    assertThat(d.keyOf(EntityId.of(0))).isNull();
    assertThat(d.keyOf(EntityId.of(-5))).isNull();
    assertThat(d.keyOf(EntityId.of((1L << 40) - 1))).isNull();
    assertThat(d.size()).isEqualTo(model.size());
  }

  /** A checkpoint lists assignments in key order; ids loaded high first still end up dense. */
  @Test
  void loadInAnyIdOrder_endsWithEveryDenseIdInTheArray() {
    EntityDictionary d = new EntityDictionary(ColumnType.VARCHAR);
    int n = 50_000;
    for (long id = n; id >= 1; id--) {
      d.load("k" + id, EntityId.of(id));
    }
    d.load("far_away", EntityId.of(1L << 40));
    d.finishLoad();
    assertThat(d.overflowSize()).isEqualTo(1);
    for (long id = 1; id <= n; id++) {
      assertThat(d.keyOf(EntityId.of(id))).isEqualTo("k" + id);
    }
    assertThat(d.keyOf(EntityId.of(1L << 40))).isEqualTo("far_away");
    assertThat(d.idOf("new").bits()).isEqualTo((1L << 40) + 1);
  }

  @Test
  void bigintKeys_needNoState() {
    EntityDictionary d = new EntityDictionary(ColumnType.BIGINT);
    for (long k : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
      assertThat(d.keyOf(d.idOf(k))).isEqualTo(k);
    }
    assertThat(d.size()).isZero();
  }

  /** A reader that sees an id (through lookup) always sees its key, while the array grows. */
  @Test
  void concurrentReaders_seeTheKeyOfEveryIdTheyObtain() throws Exception {
    EntityDictionary d = new EntityDictionary(ColumnType.VARCHAR);
    int n = 200_000;
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < n; i++) {
        d.idOf("k" + i);
      }
    });
    for (int t = 0; t < 2; t++) {
      int stride = 7 + t;
      readers.add(new Thread(() -> {
        int seen = 0;
        while (seen < n && failure.get() == null) {
          String key = "k" + seen;
          EntityId id = d.lookup(key);
          if (id == null) {
            Thread.onSpinWait();
            continue;
          }
          Object back = d.keyOf(id);
          if (!key.equals(back)) {
            failure.set("id " + id.bits() + " of " + key + " maps back to " + back);
          }
          seen += stride;
        }
      }));
    }
    readers.forEach(Thread::start);
    writer.start();
    writer.join();
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
  }
}
