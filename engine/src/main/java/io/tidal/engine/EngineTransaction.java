package io.tidal.engine;

import io.tidal.IndexRange;
import io.tidal.Signal;
import io.tidal.TidalException;
import io.tidal.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link Transaction}: writes are validated when made and buffered as {@link WriteOp}s; reads
 * overlay the buffered row writes on the live rows; {@link #commit()} hands the whole buffer to the
 * engine as one batch (one log append, duplicate keys re-checked under the row lock, all or nothing).
 * Keys and UNIQUE values are checked when the write is made, against the committed rows and this
 * transaction's earlier writes (so the statement that takes a taken value fails, 23505), and again
 * at commit under the row lock (so of two transactions taking one value, the second to commit
 * fails).
 * After commit or rollback the transaction is empty and can be used again until {@link #close()}.
 */
final class EngineTransaction implements Transaction {
  /** Marks a row deleted in the overlay. */
  private static final Object[] DELETED = new Object[0];

  private final Engine engine;
  private final List<WriteOp> ops = new ArrayList<>();
  private final Map<TableData, TreeMap<Object, Object[]>> overlay = new HashMap<>();

  /** UNIQUE claims of the buffered row writes, checked as each write is made. */
  private UniqueCheck unique = new UniqueCheck();

  private boolean hasRows;
  private boolean closed;

  EngineTransaction(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Object insertRow(String table, Object[] row) {
    TableData td = writable(table);
    Object[] r = RowCodec.checkRow(td.table, row);
    Object key = td.keyOf(r);
    if (visible(td, key) != null) {
      throw Errors.duplicateKey(td.name(), key);
    }
    checkUnique(() -> unique.put(td, key, r));
    put(td, new WriteOp.PutRow(td, key, r, true));
    return key;
  }

  @Override
  public boolean updateRow(String table, Object key, Object[] row) {
    TableData td = writable(table);
    Object k = RowCodec.checkKey(td.table, key);
    Object[] r = RowCodec.checkRow(td.table, row);
    if (visible(td, k) == null) {
      return false;
    }
    Object newKey = td.table.hasPrimaryKey() ? r[td.table.keyIndex()] : k;
    if (RowCodec.KEY_ORDER.compare(k, newKey) == 0) {
      checkUnique(() -> unique.put(td, k, r));
      put(td, new WriteOp.PutRow(td, k, r, false));
      return true;
    }
    if (visible(td, newKey) != null) {
      throw Errors.duplicateKey(td.name(), newKey);
    }
    checkUnique(
        () -> {
          unique.delete(td, k);
          unique.put(td, newKey, r);
        });
    delete(td, k);
    put(td, new WriteOp.PutRow(td, newKey, r, true));
    return true;
  }

  @Override
  public boolean deleteRow(String table, Object key) {
    TableData td = writable(table);
    Object k = RowCodec.checkKey(td.table, key);
    if (visible(td, k) == null) {
      return false;
    }
    unique.delete(td, k);
    delete(td, k);
    return true;
  }

  @Override
  public Optional<Object[]> row(String table, Object key) {
    checkOpen();
    TableData td = engine.requireTable(table);
    Object[] r = visible(td, RowCodec.checkKey(td.table, key));
    return r == null ? Optional.empty() : Optional.of(r.clone());
  }

  @Override
  public List<Object[]> indexCandidates(String table, String index, List<IndexRange> ranges) {
    checkOpen();
    TableData td = engine.requireTable(table);
    if (overlay.get(td) != null) {
      return null; // pending writes to the table: the caller scans the merged rows
    }
    return engine.indexCandidates(table, index, ranges);
  }

  @Override
  public Iterator<Object[]> scanRows(String table) {
    checkOpen();
    TableData td = engine.requireTable(table);
    if (overlay.get(td) == null) {
      return engine.scanRows(table);
    }
    List<Object[]> out = new ArrayList<>();
    merged(td).values().forEach(r -> out.add(r.clone()));
    return out.iterator();
  }

  @Override
  public Iterator<Map.Entry<Object, Object[]>> scanKeyedRows(String table) {
    checkOpen();
    TableData td = engine.requireTable(table);
    if (overlay.get(td) == null) {
      return engine.scanKeyedRows(table);
    }
    List<Map.Entry<Object, Object[]>> out = new ArrayList<>();
    merged(td).forEach((k, r) -> out.add(Map.entry(k, r.clone())));
    return out.iterator();
  }

  /** The live rows of {@code td} with this transaction's row writes applied. */
  private TreeMap<Object, Object[]> merged(TableData td) {
    TreeMap<Object, Object[]> merged = new TreeMap<>(RowCodec.KEY_ORDER);
    merged.putAll(td.rows);
    overlay
        .get(td)
        .forEach(
            (k, v) -> {
              if (v == DELETED) {
                merged.remove(k);
              } else {
                merged.put(k, v);
              }
            });
    return merged;
  }

  @Override
  public boolean signal(Signal signal) {
    checkOpen();
    engine.checkWritable("signal");
    ops.add(engine.checkSignal(signal));
    return true;
  }

  @Override
  public void commit() {
    checkOpen();
    List<WriteOp> batch = List.copyOf(ops);
    boolean rows = hasRows;
    clear();
    if (batch.isEmpty()) {
      return;
    }
    if (rows) {
      engine.writes.commitRows(batch, null);
    } else {
      engine.writes.commitSignals(batch);
    }
    engine.checkpointer.afterWrite();
  }

  @Override
  public void rollback() {
    checkOpen();
    clear();
  }

  @Override
  public void close() {
    if (!closed) {
      clear();
      closed = true;
    }
  }

  private void clear() {
    ops.clear();
    overlay.clear();
    unique = new UniqueCheck();
    hasRows = false;
  }

  /**
   * Runs a UNIQUE check of a write about to be buffered; if it fails, the claims it may have made
   * are dropped by rebuilding them from the buffered writes, and the failure is rethrown.
   */
  private void checkUnique(Runnable check) {
    try {
      check.run();
    } catch (RuntimeException e) {
      unique = new UniqueCheck();
      for (WriteOp op : ops) {
        try {
          if (op instanceof WriteOp.PutRow p) {
            unique.put(p.table(), p.key(), p.row());
          } else if (op instanceof WriteOp.DeleteRow d) {
            unique.delete(d.table(), d.key());
          }
        } catch (RuntimeException meanwhile) {
          // another transaction committed the value since: commit re-checks under the row lock
        }
      }
      throw e;
    }
  }

  private TableData writable(String table) {
    checkOpen();
    engine.checkWritable("row write");
    return engine.requireTable(table);
  }

  private Object[] visible(TableData td, Object key) {
    TreeMap<Object, Object[]> mine = overlay.get(td);
    Object[] r = mine == null ? null : mine.get(key);
    if (r != null) {
      return r == DELETED ? null : r;
    }
    return td.get(key);
  }

  private void put(TableData td, WriteOp.PutRow op) {
    ops.add(op);
    hasRows = true;
    overlay.computeIfAbsent(td, t -> new TreeMap<>(RowCodec.KEY_ORDER)).put(op.key(), op.row());
  }

  private void delete(TableData td, Object key) {
    ops.add(new WriteOp.DeleteRow(td, key));
    hasRows = true;
    overlay.computeIfAbsent(td, t -> new TreeMap<>(RowCodec.KEY_ORDER)).put(key, DELETED);
  }

  private void checkOpen() {
    if (closed) {
      throw TidalException.closed("transaction");
    }
    engine.checkOpen();
  }
}
