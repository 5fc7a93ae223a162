package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.engine.storage.InMemoryStorage;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A table loaded from a checkpoint ({@link StateStore#loadTable}: the ordered map built in one pass
 * from the stored order, {@link SortedRows}) holds the same rows in the same order as a model
 * {@link TreeMap} in {@link RowCodec#KEY_ORDER} filled row by row, for VARCHAR keys (surrogate
 * pairs, where UTF-16 order and code-point order differ, included) and BIGINT keys (negative ones
 * included); and rows handed over out of order still end up ordered (the row-by-row fallback).
 */
class TableLoadTest {
  @Test
  void loadedRows_matchAModelInKeyOrder_varcharAndBigint() {
    long seed = Seeds.seed("TableLoadTest.load");
    SplittableRandom r = new SplittableRandom(seed);
    for (ColumnType keyType : List.of(ColumnType.VARCHAR, ColumnType.BIGINT)) {
      EntityTable table =
          new EntityTable(
              "items",
              List.of(
                  new Column("id", keyType, false), new Column("title", ColumnType.VARCHAR, true)),
              0);
      InMemoryStorage storage = new InMemoryStorage();
      StateStore store = new StateStore(storage);
      TableData td = new TableData(table, 3);
      TreeMap<Object, Object[]> model = new TreeMap<>(RowCodec.KEY_ORDER);
      for (int i = 0; i < 2_000; i++) {
        Object key = keyType == ColumnType.BIGINT ? (Object) r.nextLong() : randomKey(r);
        Object[] row = {key, "t" + i};
        td.put(key, row);
        model.put(key, row);
        if (r.nextInt(10) == 0) {
          Object gone = model.firstKey();
          td.remove(gone);
          model.remove(gone);
        }
      }
      store.writeTable(td, 1);
      TableData loaded = store.loadTable(table, 3);
      assertThat(new ArrayList<>(loaded.rows.keySet()))
          .as("seed %d, %s keys: order", seed, keyType)
          .containsExactlyElementsOf(model.keySet());
      for (Map.Entry<Object, Object[]> e : model.entrySet()) {
        assertThat(loaded.get(e.getKey()))
            .as("seed %d: row of %s", seed, e.getKey())
            .isEqualTo(e.getValue());
        assertThat(loaded.rows.get(e.getKey())).isEqualTo(e.getValue());
      }
      assertThat(loaded.containsKey(keyType == ColumnType.BIGINT ? (Object) 7L : "absent?"))
          .isEqualTo(model.containsKey(keyType == ColumnType.BIGINT ? (Object) 7L : "absent?"));
    }
  }

  @Test
  void rowsOutOfOrder_fallBackToInsertion_stillOrdered() {
    long seed = Seeds.seed("TableLoadTest.unordered");
    SplittableRandom r = new SplittableRandom(seed);
    EntityTable table = EntityTable.keyOnly("items");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(randomKey(r));
    }
    keys = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
    Collections.shuffle(keys, new java.util.Random(seed));
    SortedRows rows = new SortedRows(keys.size());
    TreeMap<Object, Object[]> model = new TreeMap<>(RowCodec.KEY_ORDER);
    for (String k : keys) {
      Object[] row = {k};
      rows.add(k, row);
      model.put(k, row);
    }
    assertThat(rows.inKeyOrder()).isFalse();
    TableData td = new TableData(table, 1, rows);
    assertThat(new ArrayList<>(td.rows.keySet()))
        .as("seed %d", seed)
        .containsExactlyElementsOf(model.keySet());
  }

  /** Short keys over a few letters, a BMP character above the surrogates and a supplementary one. */
  private static String randomKey(SplittableRandom r) {
    String[] parts = {"a", "b", "z", "\uFF21", "\uD83D\uDE00", "k1", "k10", "k9"};
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(parts[r.nextInt(parts.length)]);
    }
    return sb.toString();
  }
}
