package io.tidal.engine;

import io.tidal.Config;
import io.tidal.ErrorCode;
import io.tidal.engine.ledger.StateRecord;
import io.tidal.engine.storage.DirectoryLock;
import io.tidal.engine.storage.InMemoryStorage;
import io.tidal.engine.storage.KeyValue;
import io.tidal.engine.storage.MvStoreStorage;
import io.tidal.engine.storage.StorageEngine;
import io.tidal.engine.wal.Wal;
import io.tidal.engine.wal.WalOptions;
import io.tidal.engine.wal.WalRecord;
import io.tidal.schema.EntityId;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import io.tidal.schema.SchemaBuilder;
import io.tidal.schema.SignalType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Opens and releases engines.
 *
 * <p>Open of a directory database: {@link DirectoryLock} ({@code LOCK}) -> storage ({@code data.mv})
 * -> catalog, rows, dictionaries and ledger states of the last checkpoint -> {@link Wal#open} replaying
 * every record after the checkpoint's sequence into the engine -> background checkpoints. A failure
 * releases what was acquired in reverse order, clean-up failures added as suppressed. An in-memory
 * database has the same engine over {@link InMemoryStorage} and a {@link MemoryLog}.
 */
public final class EngineOpener {
  public static final String WAL_DIR = "wal";

  private EngineOpener() {}

  static Engine open(Config config) {
    long started = System.nanoTime();
    if (config.inMemory()) {
      Engine e = new Engine(config, new StateStore(new InMemoryStorage()));
      e.log = new MemoryLog();
      e.checkpointer.start(0);
      EngineMetrics.install(e, System.nanoTime() - started, 0, 0);
      return e;
    }
    Path dir = config.directory();
    if (!config.create() && !config.fileLayer().exists(dir.resolve(MvStoreStorage.FILE_NAME))) {
      throw new EngineException(
          ErrorCode.DATABASE_NOT_FOUND,
          "no tidal database in " + dir + " and create=false [dir=" + dir + "]");
    }
    if (config.fileLayer().exists(dir.resolve(Backup.MARKER))) {
      throw new EngineException(
          ErrorCode.CORRUPT,
          dir
              + " is an unfinished backup (the BACKUP that wrote it "
              + "failed or was killed) and not a database: delete it and take the backup again [dir="
              + dir
              + "]");
    }
    DirectoryLock lock = DirectoryLock.acquire(dir, config.fileLayer());
    Engine engine = null;
    StorageEngine storage = null;
    try {
      storage = MvStoreStorage.open(lock, config.fileLayer(), config.create());
      engine = new Engine(config, new StateStore(storage));
      long seq = load(engine);
      Engine target = engine;
      long[] replayed = {0};
      long recovery = System.nanoTime();
      Wal wal =
          Wal.open(
              walOptions(config, lock.directory(), seq, engine.metrics),
              (s, r) -> {
                replay(target, s, r);
                replayed[0]++;
              });
      recovery = System.nanoTime() - recovery;
      engine.log = new DurableLog(wal);
      engine.lock = lock;
      engine.checkpointer.start(seq);
      EngineMetrics.install(engine, System.nanoTime() - started, recovery, replayed[0]);
      return engine;
    } catch (RuntimeException e) {
      closeAll(e, storage, lock);
      throw e;
    }
  }

  private static WalOptions walOptions(
      Config c, Path dir, long replayFrom, io.tidal.metrics.Metrics metrics) {
    return WalOptions.builder(dir.resolve(WAL_DIR))
        .metrics(metrics)
        .fileLayer(c.fileLayer())
        .durability(c.durability())
        .clock(c.clock())
        .nanoTicker(c.nanoTicker())
        .segmentBytes(c.walSegmentBytes())
        .dedupHorizon(Duration.ZERO)
        .replayFrom(replayFrom)
        .build(); // the engine dedups by key
  }

  /** Loads the last checkpoint into a fresh engine; returns its WAL sequence. */
  static long load(Engine e) {
    CatalogCodec.Catalog c = e.store.catalog();
    if (c == null) {
      return 0;
    }
    SchemaBuilder b = Schema.builder();
    for (Map.Entry<EntityTable, Long> t : c.tables().entrySet()) {
      b.table(t.getKey());
      TableData td = new TableData(t.getKey(), t.getValue());
      e.store.load(td);
      e.tables.put(td.name(), td);
    }
    for (Map.Entry<SignalType, Long> t : c.types().entrySet()) {
      SignalType type = t.getKey();
      b.signalType(type);
      e.schemaChanges.addType(type, t.getValue());
      // Bulk path: installs the states, then builds each rank index once from sorted keys
      // instead of one skip-list insert per state and index.
      Iterator<KeyValue> states = e.store.ledgerStates(t.getValue());
      e.ledger.loadAll(
          new Iterator<StateRecord>() {
            @Override
            public boolean hasNext() {
              return states.hasNext();
            }

            @Override
            public StateRecord next() {
              KeyValue kv = states.next();
              return new StateRecord(type, EntityId.fromBytes(kv.key(), 0), kv.value());
            }
          });
    }
    Schema loaded = b.build();
    for (io.tidal.schema.View v : c.views()) {
      loaded = loaded.withView(v, false);
    }
    for (io.tidal.schema.Index i : c.indexes()) {
      loaded = loaded.withIndex(i);
      e.tables.get(i.table()).addIndex(i); // rebuilt from the rows just loaded
    }
    e.schema = loaded;
    e.nextGen = c.nextGen();
    for (Map.Entry<SignalType, Long> t : c.types().entrySet()) {
      e.ledger.raiseLatest(
          t.getKey(), e.store.latest(t.getValue())); // the horizon never moves back
    }
    for (SignalType type : c.types().keySet()) {
      TableData td = e.tables.get(type.table());
      e.warm.loadIndexes(type.name(), id -> td.dictionary.keyOf(EntityId.of(id)));
    }
    if (e.store.scrubPending()) {
      e.requestScrub(); // an erasure reached the stored state, but no scrub followed it yet
    }
    return e.store.checkpointSeq();
  }

  /** Applies one replayed WAL record (duplicates were never logged). */
  static void replay(Engine e, long seq, WalRecord r) {
    WriteOp op;
    if (r instanceof WalRecord.SchemaChange s) {
      e.schemaChanges.applyDdl(CatalogCodec.decodeDdl(s.payload()));
      return;
    } else if (r instanceof WalRecord.SignalRecord s) {
      SignalType type = e.schema.requireSignalType(s.type());
      op =
          new WriteOp.Sig(
              type,
              e.tables.get(type.table()),
              RowCodec.decodeKey(s.entityKey()),
              s.weight(),
              s.timestamp(),
              s.dedupKey(),
              s.actorId());
    } else if (r instanceof WalRecord.Erase x) {
      op = Erasure.decode(x.payload());
    } else if (r instanceof WalRecord.RowPut p) {
      op =
          new WriteOp.PutRow(
              e.requireTable(p.table()),
              RowCodec.decodeKey(p.key()),
              RowCodec.decodeRow(p.value()),
              false);
    } else {
      WalRecord.RowDelete d = (WalRecord.RowDelete) r;
      op = new WriteOp.DeleteRow(e.requireTable(d.table()), RowCodec.decodeKey(d.key()));
    }
    e.writes.apply(List.of(op), new long[] {seq});
  }

  /** Closes the engine's log, storage and lock (in that order); rethrows the first failure. */
  static void release(Engine e, RuntimeException primary) {
    e.stateLock.writeLock().lock();
    try {
      if (e.closed) {
        if (primary != null) {
          throw primary;
        }
        return;
      }
      e.closed = true;
    } finally {
      e.stateLock.writeLock().unlock();
    }
    io.tidal.metrics.DatabaseMBean.unregister(e.mbean);
    RuntimeException failure = closeAll(primary, e.log, e.store.storage(), e.lock);
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes each resource (nulls skipped) in order; failures become {@code primary} or its suppressed. */
  private static RuntimeException closeAll(RuntimeException primary, AutoCloseable... resources) {
    RuntimeException first = primary;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception ex) {
        RuntimeException re =
            ex instanceof RuntimeException rex
                ? rex
                : new EngineException(ErrorCode.IO_ERROR, "close failed: " + ex, ex);
        if (first == null) {
          first = re;
        } else {
          first.addSuppressed(re);
        }
      }
    }
    return first;
  }
}
