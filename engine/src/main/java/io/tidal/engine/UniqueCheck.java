package io.tidal.engine;

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

  /** The UNIQUE constraints of a table, then its UNIQUE secondary indexes, as column lists. */
  private static List<List<Integer>> keys(TableData td) {
    List<SecondaryIndex> unique = uniqueIndexes(td);
    if (unique.isEmpty()) {
      return td.table.uniqueKeys();
    }
    List<List<Integer>> all = new ArrayList<>(td.table.uniqueKeys());
    for (SecondaryIndex si : unique) {
      all.add(si.columns);
    }
    return all;
  }

  private static List<SecondaryIndex> uniqueIndexes(TableData td) {
    return td.indexes().stream().filter(i -> i.def.unique()).toList();
  }

  /** The committed owner of {@code v} under constraint {@code i} ({@link #keys} order). */
  private static Object committedOwner(TableData td, int i, Object v, Object key) {
    int n = td.table.uniqueKeys().size();
    return i < n ? td.uniqueOwner(i, v) : uniqueIndexes(td).get(i - n).otherOwner(v, key);
  }

  void put(TableData td, Object key, Object[] row) {
    List<List<Integer>> keys = keys(td);
    if (keys.isEmpty()) {
      return;
    }
    List<Map<Object, Object>> c = claims(td, keys.size());
    Object[] old = current(td, key);
    if (old != null) {
      release(keys, c, old);
    }
    for (int i = 0; i < keys.size(); i++) {
      Object v = TableData.uniqueValue(keys.get(i), row);
      if (v == null) {
        continue;
      }
      Object owner = c.get(i).containsKey(v) ? c.get(i).get(v) : committedOwner(td, i, v, key);
      if (owner != null && owner != RELEASED && RowCodec.KEY_ORDER.compare(owner, key) != 0) {
        int n = td.table.uniqueKeys().size();
        String what =
            i < n
                ? columns(td, keys.get(i))
                : "index "
                    + uniqueIndexes(td).get(i - n).def.name()
                    + " "
                    + columns(td, keys.get(i));
        throw Errors.duplicateUnique(td.name(), what, shown(keys.get(i), row));
      }
      c.get(i).put(v, key);
    }
    rows.computeIfAbsent(td, t -> new HashMap<>()).put(key, row);
  }

  void delete(TableData td, Object key) {
    List<List<Integer>> keys = keys(td);
    if (keys.isEmpty()) {
      return;
    }
    Object[] old = current(td, key);
    if (old != null) {
      release(keys, claims(td, keys.size()), old);
    }
    rows.computeIfAbsent(td, t -> new HashMap<>()).put(key, null);
  }

  private static void release(List<List<Integer>> keys, List<Map<Object, Object>> c, Object[] old) {
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

  private List<Map<Object, Object>> claims(TableData td, int n) {
    return claims.computeIfAbsent(
        td,
        t -> {
          List<Map<Object, Object>> l = new ArrayList<>();
          for (int i = 0; i < n; i++) {
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
