package io.tidal;

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
  final ConcurrentSkipListMap<Object, Object[]> rows = new ConcurrentSkipListMap<>(RowCodec.KEY_ORDER);
  private final ConcurrentHashMap<Object, Object[]> byKey = new ConcurrentHashMap<>();
  final EntityDictionary dictionary;
  /** Storage generation: names this table's keyspaces. */
  final long gen;
  /** Keys written since the last checkpoint (the checkpoint stores their current row, or deletes). */
  private final Set<Object> dirty = ConcurrentHashMap.newKeySet();
  /** Next hidden row id of a keyless table (ids start at 1). */
  final AtomicLong nextRowId = new AtomicLong(1);

  TableData(EntityTable table, long gen) {
    this.table = table;
    this.gen = gen;
    this.dictionary = table.hasPrimaryKey() ? new EntityDictionary(table.keyType()) : null;
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
    rows.put(key, row);
    byKey.put(key, row);
    sawRowId(key);
  }

  void remove(Object key) {
    rows.remove(key);
    byKey.remove(key);
    dirty.add(key);
  }

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
}
