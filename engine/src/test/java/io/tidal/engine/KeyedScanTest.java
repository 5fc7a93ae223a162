package io.tidal.engine;

import static io.tidal.engine.EngineTest.T0;
import static io.tidal.engine.EngineTest.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.Config;
import io.tidal.RowWriter;
import io.tidal.TidalDB;
import io.tidal.Transaction;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RowWriter#scanKeyedRows}: the hidden row ids of a table without a primary key address its
 * rows for update and delete, in autocommit, in transactions, and across reopen and WAL replay.
 */
class KeyedScanTest {
  @TempDir Path dir;

  private Config config() {
    return Config.builder()
        .directory(dir)
        .backgroundThreads(false)
        .checkpointEveryEvents(0)
        .build();
  }

  @Test
  void scanKeyedRows_keylessTable_rowIdsAddressRows() {
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.createTable(EngineTest.log());
      db.insertRow("log", new Object[] {"a", T0});
      db.insertRow("log", new Object[] {"a", T0});
      db.insertRow("log", new Object[] {"b", null});
      List<Map.Entry<Object, Object[]>> rows = list(db.scanKeyedRows("log"));
      assertThat(rows).extracting(Map.Entry::getKey).containsExactly(1L, 2L, 3L);
      assertThat(rows.get(1).getValue()).containsExactly("a", T0);
      rows.get(1).getValue()[0] = "mutated copy";
      assertThat(db.updateRow("log", 2L, new Object[] {"a2", T0 + 1})).isTrue();
      assertThat(db.deleteRow("log", 1L)).isTrue();
      assertThat(db.deleteRow("log", 1L)).isFalse();
      rows = list(db.scanKeyedRows("log"));
      assertThat(rows).extracting(Map.Entry::getKey).containsExactly(2L, 3L);
      assertThat(rows.get(0).getValue()).containsExactly("a2", T0 + 1);
    }
  }

  @Test
  void scanKeyedRows_primaryKeyTable_keysArePrimaryKeys() {
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.createTable(EngineTest.items());
      db.insertRow("items", new Object[] {"b", null, 2, null});
      db.insertRow("items", new Object[] {"a", "t", 1, null});
      assertThat(list(db.scanKeyedRows("items")))
          .extracting(Map.Entry::getKey)
          .containsExactly("a", "b");
    }
  }

  @Test
  void scanKeyedRows_inTransaction_seesOwnWritesOnly() {
    try (TidalDB db = TidalDB.open(Config.builder().inMemory().build())) {
      db.createTable(EngineTest.log());
      db.insertRow("log", new Object[] {"a", null});
      db.insertRow("log", new Object[] {"b", null});
      try (Transaction tx = db.begin()) {
        Object k = tx.insertRow("log", new Object[] {"c", null});
        assertThat(tx.updateRow("log", 1L, new Object[] {"a!", null})).isTrue();
        assertThat(tx.deleteRow("log", 2L)).isTrue();
        assertThat(list(tx.scanKeyedRows("log")))
            .extracting(e -> e.getKey() + "=" + e.getValue()[0])
            .containsExactly("1=a!", k + "=c");
        assertThat(list(db.scanKeyedRows("log")))
            .extracting(e -> e.getValue()[0])
            .containsExactly("a", "b");
        tx.rollback();
        assertThat(list(tx.scanKeyedRows("log")))
            .extracting(e -> e.getValue()[0])
            .containsExactly("a", "b");
        tx.deleteRow("log", 1L);
        tx.commit();
      }
      assertThat(list(db.scanKeyedRows("log")))
          .extracting(e -> e.getKey() + "=" + e.getValue()[0])
          .containsExactly("2=b");
    }
  }

  /**
   * Random inserts, updates and deletes by row id (alone and in transactions), with close/reopen
   * and crash/replay as operations, against a TreeMap model keyed by the ids the engine returned.
   */
  @Test
  void keylessWrites_reopenAndReplay_matchModel() {
    Random rnd = new Random(Seeds.seed("KeyedScanTest.keylessWrites"));
    TreeMap<Long, List<Object>> model = new TreeMap<>();
    TidalDB db = TidalDB.open(config());
    try {
      db.createTable(EngineTest.log());
      for (int step = 0; step < 400; step++) {
        int op = rnd.nextInt(20);
        if (op == 0) {
          db.close();
          db = TidalDB.open(config());
        } else if (op == 1) {
          ((Engine) db).crashForTesting();
          db = TidalDB.open(config());
        } else {
          write(db, model, rnd);
        }
        assertThat(keyed(db.scanKeyedRows("log"))).as("step %d", step).isEqualTo(model);
      }
    } finally {
      db.close();
    }
  }

  private static void write(TidalDB db, TreeMap<Long, List<Object>> model, Random rnd) {
    Object[] row = {"m" + rnd.nextInt(5), rnd.nextBoolean() ? null : T0 + rnd.nextInt(1000)};
    List<Long> keys = new ArrayList<>(model.keySet());
    int op = rnd.nextInt(4);
    if (keys.isEmpty() || op == 0) {
      Long k = (Long) db.insertRow("log", row);
      assertThat(model).doesNotContainKey(k);
      model.put(k, Arrays.asList(row));
      return;
    }
    long key = rnd.nextInt(10) == 0 ? 1_000_000L : keys.get(rnd.nextInt(keys.size()));
    if (op == 1) {
      assertThat(db.deleteRow("log", key)).isEqualTo(model.remove(key) != null);
    } else if (op == 2) {
      assertThat(db.updateRow("log", key, row)).isEqualTo(model.containsKey(key));
      model.computeIfPresent(key, (k, v) -> Arrays.asList(row));
    } else {
      TreeMap<Long, List<Object>> next = new TreeMap<>(model);
      try (Transaction tx = db.begin()) {
        assertThat(tx.updateRow("log", key, row)).isEqualTo(next.containsKey(key));
        next.computeIfPresent(key, (k, v) -> Arrays.asList(row));
        Long k = (Long) tx.insertRow("log", row);
        assertThat(next).doesNotContainKey(k);
        next.put(k, Arrays.asList(row));
        assertThat(keyed(tx.scanKeyedRows("log"))).isEqualTo(next);
        if (rnd.nextBoolean()) {
          tx.commit();
          model.clear();
          model.putAll(next);
        }
      }
    }
  }

  private static TreeMap<Long, List<Object>> keyed(Iterator<Map.Entry<Object, Object[]>> it) {
    TreeMap<Long, List<Object>> out = new TreeMap<>();
    it.forEachRemaining(e -> out.put((Long) e.getKey(), Arrays.asList(e.getValue())));
    return out;
  }
}
