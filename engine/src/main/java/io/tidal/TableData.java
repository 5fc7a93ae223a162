package io.tidal;

import io.tidal.schema.EntityTable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live rows of one entity table, keyed by primary key (or hidden row id) in {@link RowCodec#KEY_ORDER},
 * plus its entity dictionary (null for a table without a primary key). Rows are stored as validated,
 * normalised arrays that are never mutated; readers get copies.
 */
final class TableData {
  final EntityTable table;
  final ConcurrentSkipListMap<Object, Object[]> rows = new ConcurrentSkipListMap<>(RowCodec.KEY_ORDER);
  final EntityDictionary dictionary;
  /** Next hidden row id of a keyless table (ids start at 1). */
  final AtomicLong nextRowId = new AtomicLong(1);

  TableData(EntityTable table) {
    this.table = table;
    this.dictionary = table.hasPrimaryKey() ? new EntityDictionary(table.keyType()) : null;
  }

  String name() {
    return table.name();
  }

  /** The key of a validated row: its primary-key value, or a fresh hidden row id. */
  Object keyOf(Object[] row) {
    return table.hasPrimaryKey() ? row[table.keyIndex()] : nextRowId.getAndIncrement();
  }

  /** Keeps the row-id counter past a row id seen in recovery. */
  void sawRowId(Object key) {
    if (!table.hasPrimaryKey()) {
      nextRowId.accumulateAndGet((Long) key + 1, Math::max);
    }
  }
}
