package io.tidal;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Row and signal operations shared by the database (each call is its own atomic, durable write) and
 * by a {@link Transaction} (calls are buffered and become visible and durable together at commit).
 *
 * <p>Rows are {@code Object[]} in column order with the engine representation of each
 * {@link io.tidal.schema.ColumnType} (TIMESTAMP as UTC epoch ms {@code Long}, DATE as epoch-day
 * {@code Integer}, ...). A key is the primary-key value, or for a table without a primary key the
 * hidden row id ({@code Long}) that {@link #insertRow} returned.
 */
public interface RowWriter {

  /**
   * Inserts a row and returns its key.
   *
   * @throws TidalException {@code UNKNOWN_TABLE}; {@code INVALID_VALUE} for a wrong arity or type;
   *     {@code NOT_NULL_VIOLATION} for a null key or NOT NULL column; {@code DUPLICATE_KEY}
   */
  Object insertRow(String table, Object[] row);

  /**
   * Replaces the row with key {@code key} by {@code row} (whose key column may differ: the row moves).
   *
   * @return false when no row has that key
   * @throws TidalException as {@link #insertRow}; {@code DUPLICATE_KEY} if the new key is taken
   */
  boolean updateRow(String table, Object key, Object[] row);

  /** Deletes the row; false when no row has that key. Recorded signals of the entity are kept. */
  boolean deleteRow(String table, Object key);

  /** The row with that key, as this writer sees it. */
  Optional<Object[]> row(String table, Object key);

  /** All rows in key order (a consistent snapshot is not promised for concurrent writes). */
  Iterator<Object[]> scanRows(String table);

  /**
   * All rows with their keys, in key order, as {@link #scanRows} sees them. For a table without a
   * primary key the key is the hidden row id ({@code Long}): the handle {@link #updateRow} and
   * {@link #deleteRow} take, so such rows can be changed through the ordinary (logged,
   * transactional) write path.
   */
  Iterator<Map.Entry<Object, Object[]>> scanKeyedRows(String table);

  /**
   * Records a signal.
   *
   * @return false when it carried a dedup key and repeated a signal already recorded within the
   *     dedup horizon (it is then ignored); in a transaction, whether it is new is decided at commit
   *     and this returns true
   * @throws TidalException {@code UNKNOWN_SIGNAL_TYPE}, {@code INVALID_WEIGHT} (NaN, infinite),
   *     {@code INVALID_TIMESTAMP} (outside {@link TidalDB#MIN_TIMESTAMP}..{@link TidalDB#MAX_TIMESTAMP}),
   *     {@code INVALID_VALUE} (null or wrongly typed entity key)
   */
  boolean signal(Signal signal);

  /**
   * Rows of {@code table} that may have a value of index {@code index}'s first column in one of
   * {@code ranges}: at least every such row (the caller filters), read from the index. Null when
   * this writer cannot answer from the index (no such index; a transaction with pending writes to
   * the table): then scan.
   */
  default java.util.List<Object[]> indexCandidates(
      String table, String index, java.util.List<IndexRange> ranges) {
    return null;
  }
}
