package io.tidal.engine;

import io.tidal.schema.EntityTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live rows of one entity table, keyed by primary key (or hidden row id) in {@link RowCodec#KEY_ORDER},
 * plus its entity dictionary (null for a table without a primary key). Rows are stored as validated,
 * normalised arrays that are never mutated; readers get copies.
 *
 * <p>Rows are held twice: ordered in {@code rows} for scans, and hashed in {@code byKey} for point
 * reads ({@link #get}), which a top-K makes for every entity it returns (a skip-list lookup compares
 * VARCHAR keys code point by code point: a quarter of a top-10 query's time). Writes update both,
 * under the engine's row lock; a reader may see one updated before the other.
 */
final class TableData {
  final EntityTable table;
  final ConcurrentSkipListMap<Object, Object[]> rows;
  private final ConcurrentHashMap<Object, Object[]> byKey;
  final EntityDictionary dictionary;

  /** Storage generation: names this table's keyspaces. */
  final long gen;

  /** Keys written since the last checkpoint (the checkpoint stores their current row, or deletes). */
  private final Set<Object> dirty = ConcurrentHashMap.newKeySet();

  /** Next hidden row id of a keyless table (ids start at 1). */
  final AtomicLong nextRowId = new AtomicLong(1);

  /**
   * Per UNIQUE constraint ({@link EntityTable#uniqueKeys()}): value -> key of the row holding it.
   * In memory only, like the rows: rebuilt from them as they are loaded at open.
   */
  private final List<ConcurrentHashMap<Object, Object>> uniques = new ArrayList<>();

  /** Secondary indexes ({@code CREATE INDEX}), changed only under the engine's exclusive lock. */
  private volatile List<SecondaryIndex> indexes = List.of();

  /** A new, empty table. */
  TableData(EntityTable table, long gen) {
    this(table, gen, new SortedRows(0));
  }

  /**
   * A table holding the rows of a checkpoint ({@link StateStore#loadTable}), which come in key
   * order: the ordered map is built from them in one linear pass (a put per row cost a string
   * comparison per skip-list level, a fifth of an open), the hash map and the dictionary sized for
   * them up front.
   */
  TableData(EntityTable table, long gen, SortedRows loaded) {
    this.table = table;
    this.gen = gen;
    int n = loaded.size();
    this.dictionary = table.hasPrimaryKey() ? new EntityDictionary(table.keyType(), n) : null;
    for (int i = 0; i < table.uniqueKeys().size(); i++) {
      uniques.add(new ConcurrentHashMap<>());
    }
    this.rows =
        loaded.inKeyOrder()
            ? new ConcurrentSkipListMap<>(loaded)
            : new ConcurrentSkipListMap<>(RowCodec.KEY_ORDER);
    this.byKey = new ConcurrentHashMap<>(Math.max(16, n + n / 3 + 1));
    for (int i = 0; i < n; i++) {
      Object key = loaded.key(i);
      Object[] row = loaded.row(i);
      if (!loaded.inKeyOrder()) {
        rows.put(key, row);
      }
      if (!uniques.isEmpty()) {
        index(key, row);
      }
      byKey.put(key, row);
      sawRowId(key);
    }
  }

  /**
   * The value of a UNIQUE constraint over {@code cols} in {@code row}: the one column's value or a
   * list of them; null if any is NULL (NULLs never collide). DECIMALs compare by numeric value.
   */
  static Object uniqueValue(List<Integer> cols, Object[] row) {
    if (cols.size() == 1) {
      return uniqueOne(row[cols.get(0)]);
    }
    List<Object> vs = new ArrayList<>(cols.size());
    for (int i : cols) {
      Object v = uniqueOne(row[i]);
      if (v == null) {
        return null;
      }
      vs.add(v);
    }
    return vs;
  }

  static Object uniqueOne(Object v) {
    if (v instanceof java.math.BigDecimal d) {
      return d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (v instanceof Double d && d == 0.0) {
      return 0.0; // -0.0 = 0.0 in SQL
    }
    return v;
  }

  /** The key of the row holding {@code value} for UNIQUE constraint {@code i}, or null. */
  Object uniqueOwner(int i, Object value) {
    return uniques.get(i).get(value);
  }

  /** The secondary indexes, in creation order. */
  List<SecondaryIndex> indexes() {
    return indexes;
  }

  /** The secondary index named {@code name}, or null. */
  SecondaryIndex index(String name) {
    for (SecondaryIndex i : indexes) {
      if (i.def.name().equals(name)) {
        return i;
      }
    }
    return null;
  }

  /**
   * Builds the index from the live rows and adds it. A UNIQUE index over rows that already repeat a
   * value fails ({@code DUPLICATE_KEY} naming the value) and is not added.
   */
  void addIndex(io.tidal.schema.Index def) {
    SecondaryIndex si = new SecondaryIndex(def, table);
    for (java.util.Map.Entry<Object, Object[]> e : rows.entrySet()) {
      if (def.unique()) {
        Object v = uniqueValue(si.columns, e.getValue());
        if (v != null && si.otherOwner(v, e.getKey()) != null) {
          throw Errors.duplicateUnique(
              table.name(), "index " + def.name() + " " + def.columns(), v);
        }
      }
      si.add(e.getKey(), e.getValue());
    }
    List<SecondaryIndex> next = new ArrayList<>(indexes);
    next.add(si);
    indexes = List.copyOf(next);
  }

  void dropIndex(String name) {
    List<SecondaryIndex> next = new ArrayList<>(indexes);
    next.removeIf(i -> i.def.name().equals(name));
    indexes = List.copyOf(next);
  }

  private void unindex(Object key, Object[] row) {
    for (int i = 0; i < uniques.size(); i++) {
      Object v = uniqueValue(table.uniqueKeys().get(i), row);
      if (v != null) {
        uniques.get(i).remove(v, key);
      }
    }
    for (SecondaryIndex si : indexes) {
      si.remove(key, row);
    }
  }

  private void index(Object key, Object[] row) {
    for (int i = 0; i < uniques.size(); i++) {
      Object v = uniqueValue(table.uniqueKeys().get(i), row);
      if (v != null) {
        uniques.get(i).put(v, key);
      }
    }
    for (SecondaryIndex si : indexes) {
      si.add(key, row);
    }
  }

  String name() {
    return table.name();
  }

  /** The key of a validated row: its primary-key value, or a fresh hidden row id. */
  Object keyOf(Object[] row) {
    return table.hasPrimaryKey() ? row[table.keyIndex()] : nextRowId.getAndIncrement();
  }

  void put(Object key, Object[] row) {
    load(key, row);
    dirty.add(key);
  }

  /** Installs a stored row (recovery): as {@link #put}, but not written again at the next checkpoint. */
  void load(Object key, Object[] row) {
    RowListener l = listener;
    Object[] old = null;
    if (!uniques.isEmpty() || !indexes.isEmpty() || l != null) {
      old = byKey.get(key);
      if (!uniques.isEmpty() || !indexes.isEmpty()) {
        if (old != null) {
          unindex(key, old);
        }
        index(key, row);
      }
    }
    rows.put(key, row);
    byKey.put(key, row);
    sawRowId(key);
    if (l != null) {
      l.rowChanged(this, key, old, row);
    }
  }

  void remove(Object key) {
    rows.remove(key);
    Object[] old = byKey.remove(key);
    if (old != null && (!uniques.isEmpty() || !indexes.isEmpty())) {
      unindex(key, old);
    }
    dirty.add(key);
    RowListener l = listener;
    if (l != null && old != null) {
      l.rowChanged(this, key, old, null);
    }
  }

  /**
   * Told of every row change after it is visible (under the engine's row lock, like the change):
   * the follow feeds' grouped rank indexes ({@link FeedGroups}) move entities between groups.
   */
  interface RowListener {
    /** {@code old} or {@code row} is null for an insert or a delete. */
    void rowChanged(TableData table, Object key, Object[] old, Object[] row);
  }

  /** The listener of row changes, or null; set under the engine's exclusive state lock. */
  volatile RowListener listener;

  /** The row of {@code key} (a normalised key: String or Long), or null. */
  Object[] get(Object key) {
    return byKey.get(key);
  }

  boolean containsKey(Object key) {
    return byKey.containsKey(key);
  }

  /** The keys written since the last call. Caller excludes writers. */
  List<Object> drainDirty() {
    List<Object> out = new ArrayList<>(dirty);
    dirty.clear();
    return out;
  }

  /** Keeps the row-id counter past a row id seen in recovery. */
  void sawRowId(Object key) {
    if (!table.hasPrimaryKey()) {
      nextRowId.accumulateAndGet((Long) key + 1, Math::max);
    }
  }

  /** The number of live rows. */
  int size() {
    return byKey.size();
  }
}
