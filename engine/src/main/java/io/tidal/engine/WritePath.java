package io.tidal.engine;

import io.tidal.schema.EntityId;
import io.tidal.schema.SchemaException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The write path behind {@link Engine}: a checked batch of {@link WriteOp}s is logged ({@link
 * WriteLog#append}: durable when it returns) and then applied to memory (tables, ledger, warm
 * tier), under the locks {@link Engine}'s design notes order: {@code stateLock} shared, and {@code
 * rowLock} for a batch with rows so that rows apply in log order. Replay applies logged operations
 * through {@link #apply} too.
 */
final class WritePath {
  private final Engine e;
  private final ReentrantLock rowLock = new ReentrantLock();
  private final AtomicLong signalCount = new AtomicLong();
  private final AtomicLong duplicateCount = new AtomicLong();

  WritePath(Engine e) {
    this.e = e;
  }

  long signalCount() {
    return signalCount.get();
  }

  long duplicateCount() {
    return duplicateCount.get();
  }

  /** Commits a batch of checked signals (no rows): no row lock, so concurrent batches share group commits. */
  boolean[] commitSignals(List<WriteOp> ops) {
    if (ops.isEmpty()) {
      return new boolean[0];
    }
    e.stateLock.readLock().lock();
    try {
      e.checkOpen();
      return logAndApply(ops);
    } finally {
      e.stateLock.readLock().unlock();
    }
  }

  /**
   * Commits a batch with rows: under the row lock, {@code precondition} (null = none) decides whether
   * anything happens, duplicate keys are checked, then the batch is logged and applied.
   */
  boolean commitRows(List<WriteOp> ops, Supplier<Boolean> precondition) {
    e.stateLock.readLock().lock();
    try {
      rowLock.lock();
      try {
        e.checkOpen();
        if (precondition != null && !precondition.get()) {
          return false;
        }
        checkBatch(ops);
        logAndApply(ops);
        return true;
      } finally {
        rowLock.unlock();
      }
    } finally {
      e.stateLock.readLock().unlock();
    }
  }

  /**
   * Checks a batch against the current state: objects still exist, inserted keys are free, UNIQUE
   * values are not held by another row ({@link UniqueCheck}).
   */
  private void checkBatch(List<WriteOp> ops) {
    Map<TableData, Map<Object, Boolean>> present = new HashMap<>();
    UniqueCheck unique = new UniqueCheck();
    for (WriteOp op : ops) {
      if (op instanceof WriteOp.PutRow p) {
        checkTableLive(p.table());
        Map<Object, Boolean> m = present.computeIfAbsent(p.table(), t -> new HashMap<>());
        boolean exists = m.containsKey(p.key()) ? m.get(p.key()) : p.table().containsKey(p.key());
        if (p.mustBeNew() && exists) {
          throw Errors.duplicateKey(p.table().name(), p.key());
        }
        m.put(p.key(), true);
        unique.put(p.table(), p.key(), p.row());
      } else if (op instanceof WriteOp.DeleteRow d) {
        checkTableLive(d.table());
        unique.delete(d.table(), d.key());
        present.computeIfAbsent(d.table(), t -> new HashMap<>()).put(d.key(), false);
      }
    }
  }

  private void checkTableLive(TableData td) {
    if (e.tables.get(td.name()) != td) {
      throw SchemaException.unknownTable(td.name());
    }
  }

  /** Logs a checked batch and applies it. Caller holds the read lock (and the row lock for rows). */
  boolean[] logAndApply(List<WriteOp> ops) {
    for (WriteOp op : ops) {
      if (op instanceof WriteOp.Sig s
          && (e.schema.signalType(s.type().name()).orElse(null) != s.type()
              || e.tables.get(s.table().name()) != s.table())) {
        throw SchemaException.unknownSignalType(s.type().name()); // dropped or replaced meanwhile
      }
    }
    List<WriteOp> all = Rollups.expand(ops, e.schema, e.tables); // + roll-up contributions
    boolean[] fresh = e.dedup.reserve(all);
    long[] seqs;
    try {
      seqs = Dedup.append(e.log, all, fresh);
    } catch (RuntimeException failure) {
      e.dedup.release(all, fresh);
      throw failure;
    }
    apply(all, seqs);
    return all == ops ? fresh : Rollups.sourceFresh(all, fresh, ops.size());
  }

  /** Applies logged operations with their log sequences, -1 for a dropped duplicate (also replay). */
  void apply(List<WriteOp> ops, long[] seqs) {
    SignalRun.Runs runs = null; // a batch's signals per type: keys move once per entity
    long applied = 0;
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      if (op instanceof WriteOp.PutRow p) {
        p.table().put(p.key(), p.row());
      } else if (op instanceof WriteOp.DeleteRow d) {
        d.table().remove(d.key());
        e.erasure.deleteEntity(d.table(), d.key());
        e.requestScrub(); // the row's bytes too
      } else if (op instanceof WriteOp.Erase x) {
        e.erasure.apply(x);
      } else if (op instanceof WriteOp.Sig s) {
        if (seqs[i] < 0) {
          duplicateCount.incrementAndGet();
          continue;
        }
        EntityId id = s.table().dictionary.idOf(s.key());
        if (ops.size() == 1) {
          e.ledger.record(s.type(), id, s.weight(), s.timestamp());
        } else {
          if (runs == null) {
            runs = SignalRun.Runs.start();
          }
          runs.add(s.type(), id, s);
        }
        e.warm.add(
            s.type().name(),
            id,
            s.key(),
            s.timestamp(),
            seqs[i],
            s.weight(),
            s.dedupKey(),
            s.actorId());
        applied++;
      }
    }
    if (runs != null) {
      runs.recordAll(e.ledger);
    }
    signalCount.addAndGet(applied);
    e.checkpointer.applied(ops.size());
  }
}
