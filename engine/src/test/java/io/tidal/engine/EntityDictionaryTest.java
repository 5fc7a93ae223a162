package io.tidal.engine;

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
      assertThat(before == null || before.equals(key))
          .as("seed %d: id %d reused", seed, id.bits())
          .isTrue();
      assertThat(d.lookup(key)).isEqualTo(id);
    }
    // a restored id far beyond the dense range (a damaged or foreign checkpoint) is still kept
    d.load("far_away", EntityId.of(1L << 40));
    model.put(1L << 40, "far_away");
    for (Map.Entry<Long, String> e : model.entrySet()) {
      assertThat(d.keyOf(EntityId.of(e.getKey())))
          .as("seed %d: id %d", seed, e.getKey())
          .isEqualTo(e.getValue());
    }
    long maxId =
        model.keySet().stream().filter(b -> b < (1L << 40)).max(Long::compare).orElseThrow();
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
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                d.idOf("k" + i);
              }
            });
    for (int t = 0; t < 2; t++) {
      int stride = 7 + t;
      readers.add(
          new Thread(
              () -> {
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

  /**
   * Assign, remove, checkpoint (through {@link StateStore}) and reopen in random order against a
   * model: a removed key is gone after a reload, a key assigned again gets an id never used before
   * (also when the removed id was the highest one and a reload intervened), and a rewrite leaves
   * no stored chunk that names a removed key.
   */
  @Test
  void removeCheckpointReload_matchAModel_idsNeverReused() {
    long seed = Seeds.seed("EntityDictionaryTest.remove");
    SplittableRandom r = new SplittableRandom(seed);
    io.tidal.engine.storage.InMemoryStorage storage = new io.tidal.engine.storage.InMemoryStorage();
    StateStore store = new StateStore(storage);
    io.tidal.schema.EntityTable table = io.tidal.schema.EntityTable.keyOnly("items");
    TableData td = new TableData(table, 7);
    Map<String, Long> model = new HashMap<>();
    java.util.Set<Long> everUsed = new java.util.HashSet<>();
    long seq = 0;
    for (int step = 0; step < 5_000; step++) {
      String key = "k" + r.nextInt(300);
      int op = r.nextInt(100);
      if (op < 55) {
        long id = td.dictionary.idOf(key).bits();
        Long before = model.putIfAbsent(key, id);
        if (before == null) {
          assertThat(everUsed.add(id))
              .as("seed %d step %d: id %d of %s reused", seed, step, id, key)
              .isTrue();
        } else {
          assertThat(id).as("seed %d step %d: stable id of %s", seed, step, key).isEqualTo(before);
        }
      } else if (op < 85) {
        assertThat(td.dictionary.remove(key)).isEqualTo(model.remove(key) != null);
      } else if (op < 97) {
        store.writeTable(td, ++seq);
      } else {
        store.writeTable(td, ++seq);
        td = new TableData(table, 7);
        store.load(td);
      }
      if (step % 500 == 0 || step == 4_999) {
        store.writeTable(td, ++seq);
        TableData reloaded = new TableData(table, 7);
        store.load(reloaded);
        Map<String, Long> stored = new HashMap<>();
        reloaded.dictionary.forEach((k, id) -> stored.put(k, id.bits()));
        assertThat(stored).as("seed %d step %d: stored assignments", seed, step).isEqualTo(model);
        for (Map.Entry<String, Long> e : model.entrySet()) {
          assertThat(reloaded.dictionary.keyOf(EntityId.of(e.getValue()))).isEqualTo(e.getKey());
        }
        assertThat(reloaded.dictionary.nextId())
            .as("seed %d: next id after reload", seed)
            .isGreaterThan(everUsed.stream().max(Long::compare).orElse(0L));
      }
    }
  }

  @Test
  void remove_forgetsKeyAndId_readdGetsNewId_bigintIsStateless() {
    EntityDictionary d = new EntityDictionary(ColumnType.VARCHAR);
    EntityId a = d.idOf("a");
    EntityId b = d.idOf("b");
    assertThat(d.remove("b")).isTrue();
    assertThat(d.remove("b")).isFalse();
    assertThat(d.lookup("b")).isNull();
    assertThat(d.keyOf(b)).isNull();
    assertThat(d.keyOf(a)).isEqualTo("a");
    assertThat(d.takeNew()).extracting(Map.Entry::getKey).containsExactly("a");
    assertThat(d.takeRemoved()).isTrue();
    assertThat(d.takeRemoved()).isFalse();
    assertThat(d.idOf("b").bits()).isEqualTo(b.bits() + 1);
    EntityDictionary n = new EntityDictionary(ColumnType.BIGINT);
    assertThat(n.remove(5L)).isFalse();
    assertThat(n.keyOf(n.idOf(5L))).isEqualTo(5L);
  }
}
