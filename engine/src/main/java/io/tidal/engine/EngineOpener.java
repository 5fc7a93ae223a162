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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Opens and releases engines.
 *
 * <p>Open of a directory database: {@link DirectoryLock} ({@code LOCK}) -> storage ({@code data.mv})
 * -> catalog, rows, dictionaries and ledger states of the last checkpoint -> {@link Wal#open} replaying
 * every record after the checkpoint's sequence into the engine -> background checkpoints. Three
 * threads share a cold open: the tables load on one, the log's scan runs on another (its replay
 * waits for the load), the caller loads the ledger states. Because the log opens beside the load, a
 * torn tail is cut (as at every open) even when the load then fails. A failure releases what was
 * acquired in reverse order, clean-up failures added as suppressed. An in-memory
 * database has the same engine over {@link InMemoryStorage} and a {@link MemoryLog}.
 */
final class EngineOpener {
  static final String WAL_DIR = "wal";

  private EngineOpener() {}

  static Engine open(Config config) {
    long started = System.nanoTime();
    EngineMetrics.prepare();
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
      long seq = engine.store.catalog() == null ? 0 : engine.store.checkpointSeq();
      LogOpener log =
          new LogOpener(walOptions(config, lock.directory(), seq, engine.metrics), engine);
      try {
        load(engine);
      } catch (RuntimeException | Error x) {
        log.abandon(x);
        throw x;
      }
      long recovery = System.nanoTime();
      Wal wal = log.finish();
      recovery = System.nanoTime() - recovery;
      engine.log = new DurableLog(wal);
      engine.lock = lock;
      engine.checkpointer.start(seq);
      EngineMetrics.install(engine, System.nanoTime() - started, recovery, log.replayed);
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
    // The tables (rows, dictionaries) load on a second thread while this one loads the ledger
    // states: the two are independent until the warm tier's indexes below, and each is a large
    // part of an open.
    List<Map.Entry<EntityTable, Long>> tables = List.copyOf(c.tables().entrySet());
    FutureTask<List<TableData>> tableLoad =
        new FutureTask<>(
            () -> {
              List<TableData> out = new ArrayList<>(tables.size());
              for (Map.Entry<EntityTable, Long> t : tables) {
                out.add(e.store.loadTable(t.getKey(), t.getValue()));
              }
              return out;
            });
    Thread loader = new Thread(tableLoad, "tidal-open-tables");
    loader.setDaemon(true);
    loader.start();
    try {
      loadLedgers(e, c);
    } catch (RuntimeException | Error x) {
      try {
        join(tableLoad); // storage must not close under the loader
      } catch (RuntimeException | Error y) {
        x.addSuppressed(y);
      }
      throw x;
    }
    List<TableData> loadedTables = join(tableLoad);
    SchemaBuilder b = Schema.builder();
    for (TableData td : loadedTables) {
      b.table(td.table);
      e.tables.put(td.name(), td);
    }
    for (SignalType type : c.types().keySet()) {
      b.signalType(type);
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

  /** Installs each signal type of the catalog and loads its stored states. */
  private static void loadLedgers(Engine e, CatalogCodec.Catalog c) {
    for (Map.Entry<SignalType, Long> t : c.types().entrySet()) {
      SignalType type = t.getKey();
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
  }

  /** Waits for {@code task} (run by a thread of the open) and returns its result; rethrows its failure. */
  private static <T> T join(FutureTask<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException ie) {
          interrupted = true; // finish waiting (the load is bounded); the flag is restored below
        } catch (ExecutionException ee) {
          Throwable cause = ee.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          } else if (cause instanceof Error err) {
            throw err;
          }
          throw new EngineException(ErrorCode.IO_ERROR, "opening failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * {@link Wal#open} on a thread of its own, started before the checkpoint loads: most of a log is
   * what the checkpoint covers (checked for bounds and chain only, about a third of an open's
   * work on the opening thread), and that scan runs beside the load; a record after the checkpoint
   * waits for the load ({@link #finish}) before it replays.
   */
  private static final class LogOpener {
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final FutureTask<Wal> task;
    private volatile boolean abandoned;

    /** Records replayed; read after {@link #finish}. */
    long replayed;

    LogOpener(WalOptions options, Engine engine) {
      task =
          new FutureTask<>(
              () ->
                  Wal.open(
                      options,
                      (s, r) -> {
                        awaitLoad();
                        replay(engine, s, r);
                        replayed++;
                      }));
      Thread t = new Thread(task, "tidal-open-wal");
      t.setDaemon(true);
      t.start();
    }

    private void awaitLoad() {
      boolean interrupted = false;
      while (true) {
        try {
          loaded.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (abandoned) {
        throw new Abandoned();
      }
    }

    /** The load is done: lets the replay proceed and returns the open log (or its failure). */
    Wal finish() {
      loaded.countDown();
      return join(task);
    }

    /** The load failed with {@code cause}: stops the log's open and closes the log if it opened. */
    void abandon(Throwable cause) {
      abandoned = true;
      loaded.countDown();
      try {
        join(task).close();
      } catch (Abandoned expected) {
        // the replay stopped at its first record
      } catch (RuntimeException | Error x) {
        cause.addSuppressed(x);
      }
    }
  }

  /** Stops a replay whose open already failed. */
  private static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the open failed before the log replayed", null, false, false);
    }
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
