package io.tidal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a batch of row writes against the UNIQUE constraints of their tables, in batch order,
 * under the engine's row lock (so against the committed state plus the batch's own earlier writes:
 * a batch may delete a row and insert another with the same value, or update a row keeping its
 * value). A value that any other row holds is {@code DUPLICATE_KEY} (SQLState 23505) naming the
 * table, the columns and the value. NULLs never collide.
 */
final class UniqueCheck {
  private static final Object RELEASED = new Object();

  /** Rows as the batch left them so far (null: deleted), per table. */
  private final Map<TableData, Map<Object, Object[]>> rows = new HashMap<>();
  /** Per table and constraint: value -> owning key, or RELEASED, as the batch left them. */
  private final Map<TableData, List<Map<Object, Object>>> claims = new HashMap<>();

  void put(TableData td, Object key, Object[] row) {
    if (td.table.uniqueKeys().isEmpty()) {
      return;
    }
    List<Map<Object, Object>> c = claims(td);
    Object[] old = current(td, key);
    if (old != null) {
      release(td, c, old);
    }
    List<List<Integer>> keys = td.table.uniqueKeys();
    for (int i = 0; i < keys.size(); i++) {
      Object v = TableData.uniqueValue(keys.get(i), row);
      if (v == null) {
        continue;
      }
      Object owner = c.get(i).containsKey(v) ? c.get(i).get(v) : td.uniqueOwner(i, v);
      if (owner != null && owner != RELEASED && RowCodec.KEY_ORDER.compare(owner, key) != 0) {
        throw Errors.duplicateUnique(td.name(), columns(td, keys.get(i)), shown(keys.get(i), row));
      }
      c.get(i).put(v, key);
    }
    rows.computeIfAbsent(td, t -> new HashMap<>()).put(key, row);
  }

  void delete(TableData td, Object key) {
    if (td.table.uniqueKeys().isEmpty()) {
      return;
    }
    Object[] old = current(td, key);
    if (old != null) {
      release(td, claims(td), old);
    }
    rows.computeIfAbsent(td, t -> new HashMap<>()).put(key, null);
  }

  private void release(TableData td, List<Map<Object, Object>> c, Object[] old) {
    List<List<Integer>> keys = td.table.uniqueKeys();
    for (int i = 0; i < keys.size(); i++) {
      Object v = TableData.uniqueValue(keys.get(i), old);
      if (v != null) {
        c.get(i).put(v, RELEASED);
      }
    }
  }

  private Object[] current(TableData td, Object key) {
    Map<Object, Object[]> m = rows.get(td);
    return m != null && m.containsKey(key) ? m.get(key) : td.get(key);
  }

  private List<Map<Object, Object>> claims(TableData td) {
    return claims.computeIfAbsent(td, t -> {
      List<Map<Object, Object>> l = new ArrayList<>();
      for (int i = 0; i < t.table.uniqueKeys().size(); i++) {
        l.add(new HashMap<>());
      }
      return l;
    });
  }

  private static String columns(TableData td, List<Integer> cols) {
    List<String> names = new ArrayList<>();
    for (int i : cols) {
      names.add(td.table.columns().get(i).name());
    }
    return "(" + String.join(", ", names) + ")";
  }

  private static Object shown(List<Integer> cols, Object[] row) {
    if (cols.size() == 1) {
      return row[cols.get(0)];
    }
    List<Object> vs = new ArrayList<>();
    for (int i : cols) {
      vs.add(row[i]);
    }
    return vs;
  }
}
