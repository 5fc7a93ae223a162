package io.tidal.engine;

import io.tidal.Config;
import io.tidal.engine.ledger.StateCopy;
import io.tidal.engine.ledger.StateRecord;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes checkpoints: when asked, after {@link Config#checkpointEveryEvents()} applied operations, and
 * every {@link Config#checkpointEvery()} on a background thread (when {@link Config#backgroundThreads()}).
 *
 * <p>Design notes. A checkpoint takes the engine's exclusive lock, so no write batch sits between
 * "logged" and "applied" and the WAL sequence {@code S} read under it covers exactly the applied state.
 * Under the lock it writes the rows and dictionary entries changed since the last checkpoint, the
 * pending warm-tier signals (readers find them in the store from then on), the catalog and {@code S}
 * into the store's maps, and copies the buckets of ledger states that changed since the last
 * checkpoint. After the lock is released, while writers go on, it encodes and writes those
 * buckets and flushes the store durably (commit + fsync: one atomic step, so a crash leaves the
 * previous checkpoint or this one), then tells the WAL that everything up to {@code S} is stored,
 * which lets it delete old segments. Checkpoints run one at a time. Without background threads, a
 * count-triggered checkpoint runs on the writing thread after its write returned. A failed
 * background checkpoint is logged and retried at the next trigger; the WAL still holds everything,
 * so nothing is lost, but the log grows until a checkpoint succeeds.
 *
 * <p>Scrubbing. A deleted row or an erased signal leaves copies behind: in WAL segments (kept back to
 * the previous checkpoint), in old MVStore chunks (retained for MVStore's retention time, and in
 * free space, which MVStore never zeroes) and in the dictionary's append-only chunks. So a row
 * delete or erasure sets {@link Engine#requestScrub}, and every checkpoint stores that flag
 * ({@code scrubPending} in {@code sys.meta}), so the need survives a crash even when the erasure
 * is in the checkpoint and not replayed. A checkpoint the user asks for ({@link Engine#checkpoint},
 * the {@code CHECKPOINT} statement) while the flag is set scrubs: under the lock, after writing the
 * state at {@code S}, it clears the in-memory flag and starts a new WAL segment (records after
 * {@code S} go there); after the usual durable flush it rewrites the store into a fresh file
 * holding only the live entries ({@link io.tidal.engine.storage.StorageEngine#scrub}: copy, fsync, atomic
 * rename, directory fsync), deletes every WAL segment up to {@code S} with no slack (the fresh file
 * holds only the state at {@code S}, so the store cannot fall back to an older checkpoint, which is
 * what the slack guards against), and then clears the stored flag. Writers go on meanwhile (the
 * rewrite runs outside the lock; only checkpoints write to the store). A crash at any step leaves
 * the checkpoint at {@code S} in the old or the new file and the WAL from before {@code S} or from
 * {@code S + 1}: either opens with everything acknowledged, and the stored flag, cleared last,
 * makes the next user checkpoint scrub again. The dictionary rewrites its chunks without removed
 * keys at any checkpoint
 * ({@link StateStore}).
 */
final class Checkpointer {
  private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

  private final Engine engine;
  private final AtomicLong sinceLast = new AtomicLong();
  private final AtomicBoolean triggered = new AtomicBoolean();
  private final Object mutex = new Object();
  private volatile long checkpointSeq;

  /** True while {@link #excluding} runs: a writer thread then skips its count-triggered checkpoint. */
  private volatile boolean excluded;

  private ScheduledExecutorService executor;

  Checkpointer(Engine engine) {
    this.engine = engine;
  }

  /** Starts the background thread if the configuration allows one. */
  void start(long loadedSeq) {
    checkpointSeq = loadedSeq;
    Config c = engine.config;
    if (!c.backgroundThreads() || c.readOnly()) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tidal-checkpoint");
              t.setDaemon(true);
              return t;
            });
    long every = c.checkpointEvery().toMillis();
    if (every > 0) {
      executor.scheduleWithFixedDelay(this::background, every, every, TimeUnit.MILLISECONDS);
    }
  }

  long checkpointSeq() {
    return checkpointSeq;
  }

  void applied(int ops) {
    sinceLast.addAndGet(ops);
  }

  /** Called by writers after their write returned (no locks held). */
  void afterWrite() {
    long every = engine.config.checkpointEveryEvents();
    if (every <= 0
        || sinceLast.get() < every
        || engine.config.readOnly()
        || !triggered.compareAndSet(false, true)) {
      return;
    }
    if (executor != null) {
      executor.execute(this::background);
    } else if (excluded) {
      triggered.set(
          false); // a backup holds checkpoints off: the next write after it triggers again
    } else {
      try {
        checkpoint();
      } finally {
        triggered.set(false);
      }
    }
  }

  private void background() {
    try {
      if (!engine.closed) {
        checkpoint();
      }
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "background checkpoint failed; the WAL keeps the data", e);
    } finally {
      triggered.set(false);
    }
  }

  /** Writes a checkpoint now (see the class comment); never scrubs. */
  void checkpoint() {
    checkpoint(false);
  }

  /**
   * Writes a checkpoint now (see the class comment); with {@code scrubIfNeeded} (a checkpoint the
   * user asked for) and an erasure applied since the last scrub, also scrubs the files.
   */
  void checkpoint(boolean scrubIfNeeded) {
    synchronized (mutex) {
      long seq;
      Snapshot snapshot;
      boolean scrub;
      long locked = System.nanoTime();
      engine.stateLock.writeLock().lock();
      try {
        engine.checkOpen();
        seq = engine.log.sequence();
        scrub = scrubIfNeeded && engine.scrubNeeded.get();
        if (seq == checkpointSeq && sinceLast.get() == 0 && !scrub) {
          return;
        }
        // In ASYNC mode the log may not be fsync'd up to seq yet: make it so before the store
        // records seq durably, or a power loss could leave the store ahead of the log.
        engine.log.sync();
        snapshot = writeState(seq);
        // The stored state records whether an erasure still awaits its scrub, so that the need
        // survives a crash that the replay of the erasure would not see (it is in this checkpoint).
        engine.store.setScrubPending(engine.scrubNeeded.get());
        if (scrub) {
          engine.scrubNeeded.set(false); // erasures applied from now on ask for the next scrub
          // Records after seq go into a new segment: the segments up to seq can all go once the
          // scrubbed store holds seq.
          startSegment();
        }
        // The changed state is in the store's maps now, or (ledger states) copied in the snapshot.
        // If writing or flushing below fails, the store is poisoned (nothing more is written, the
        // log keeps everything after the last checkpoint).
        engine.ledger.clearDirty();
        sinceLast.set(0);
      } finally {
        engine.stateLock.writeLock().unlock();
      }
      long held = System.nanoTime() - locked;
      io.tidal.metrics.Metrics.size(engine.metrics.checkpointLock, held);
      // Outside the lock: writers go on while the ledger states go into the store's maps and the
      // store commits and fsyncs. Between checkpoints only checkpoints write to the store, one at
      // a time (this mutex); nothing reads the stored states while the database is open.
      long t = System.nanoTime();
      long t2;
      try {
        snapshot.states.forEach(this::writeStates);
        t2 = System.nanoTime();
        engine.store.storage().flush(true);
      } catch (RuntimeException e) {
        if (scrub) {
          engine.requestScrub(); // not scrubbed (and the store is poisoned: a reopen replays)
        }
        throw e;
      }
      if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
        long[] p = snapshot.phases;
        LOG.log(
            System.Logger.Level.DEBUG,
            "checkpoint seq={0} tables={1}ms warm={2}ms states={3}ms"
                + " lockHeld={4}ms stateWrite={5}ms flush={6}ms warmSignals={7}",
            String.valueOf(seq),
            ms(p[0]),
            ms(p[1]),
            ms(p[2]),
            ms(held),
            ms(t2 - t),
            ms(System.nanoTime() - t2),
            String.valueOf(p[3]));
      }
      if (scrub) {
        scrub(seq);
      } else {
        engine.log.checkpoint(seq);
      }
      checkpointSeq = seq;
      io.tidal.metrics.Metrics.since(engine.metrics.checkpoint, locked);
    }
  }

  /**
   * Runs {@code work} with no checkpoint running or starting meanwhile: the store and the log's
   * closed segments stay as they are (a backup copies them). Checkpoints asked for meanwhile wait.
   */
  void excluding(Runnable work) {
    synchronized (mutex) {
      excluded = true;
      try {
        work.run();
      } finally {
        excluded = false;
      }
    }
  }

  /** Starts a new WAL segment for a scrub; on failure the scrub is requested again. */
  private void startSegment() {
    try {
      engine.log.startSegment();
    } catch (RuntimeException e) {
      engine.requestScrub();
      throw e;
    }
  }

  /**
   * After a durable checkpoint at {@code seq} that started a new log segment: rewrites the store
   * into a fresh file holding only its live entries, deletes every log segment up to {@code seq}
   * with no slack (the fresh store holds only the state at {@code seq}: it cannot fall back to an
   * older checkpoint), and only then clears the stored {@code scrubPending} (a commit to the fresh
   * file). A crash at any step leaves the flag set in whichever file is {@code data.mv}, so the next
   * user checkpoint scrubs again; a failure requests the scrub again.
   */
  private void scrub(long seq) {
    long t = System.nanoTime();
    try {
      engine.store.storage().scrub();
      long t2 = System.nanoTime();
      engine.log.checkpoint(seq, true);
      engine.store.setScrubPending(false);
      engine.store.storage().flush(true);
      if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "scrub seq={0} store={1}ms log={2}ms",
            String.valueOf(seq),
            ms(t2 - t),
            ms(System.nanoTime() - t2));
      }
    } catch (RuntimeException e) {
      engine.requestScrub();
      throw e;
    }
  }

  private static String ms(long nanos) {
    return String.valueOf(nanos / 1_000_000);
  }

  /**
   * What a checkpoint took under the lock: {tables ns, warm ns, states ns, warm signals}, and
   * copies of the changed ledger states by type generation and bucket, still to be encoded and
   * stored.
   */
  private record Snapshot(long[] phases, Map<Long, Map<Long, List<StateCopy>>> states) {}

  /** Writes everything but the ledger states and the final flush; collects the states. */
  private Snapshot writeState(long seq) {
    long t0 = System.nanoTime();
    Set<Long> live = new HashSet<>();
    Map<EntityTable, Long> tables = new LinkedHashMap<>();
    for (EntityTable t : engine.schema.tables()) {
      TableData td = engine.tables.get(t.name());
      engine.store.writeTable(td, seq);
      tables.put(t, td.gen);
      live.add(td.gen);
    }
    long t1 = System.nanoTime();
    long signals =
        engine.warm.flush(
            engine.config.clock().millis(),
            seq,
            name -> engine.ledger.latestTimestamp(engine.schema.requireSignalType(name)));
    long t2 = System.nanoTime();
    Map<SignalType, Long> types = new LinkedHashMap<>();
    for (SignalType t : engine.schema.signalTypes()) {
      long gen = engine.typeGens.get(t.name());
      types.put(t, gen);
      live.add(gen);
    }
    // Retention: signals past each type's horizon are folded into the decay values (docs/SQL.md,
    // "CREATE SIGNAL TYPE").
    engine.ledger.prune();
    Map<Long, Map<Long, List<StateCopy>>> states = changedStates(types.values());
    for (Map.Entry<SignalType, Long> t : types.entrySet()) {
      long latest = engine.ledger.latestTimestamp(t.getKey());
      if (latest != Long.MIN_VALUE) {
        engine.store.writeLatest(t.getValue(), latest);
      }
    }
    engine.store.writeCatalog(
        new CatalogCodec.Catalog(
            engine.nextGen,
            tables,
            types,
            List.copyOf(engine.schema.views()),
            List.copyOf(engine.schema.indexes())),
        seq,
        live);
    return new Snapshot(new long[] {t1 - t0, t2 - t1, System.nanoTime() - t2, signals}, states);
  }

  /**
   * Every state in a bucket that holds a changed state (every state of a type that still has
   * layout-1 entries), copied, by type generation (each live one) and bucket: each bucket is
   * rewritten whole, one in-memory pass instead of one B-tree insert per state.
   */
  private Map<Long, Map<Long, List<StateCopy>>> changedStates(Iterable<Long> gens) {
    Map<Long, Map<Long, List<StateCopy>>> byType = new HashMap<>();
    engine.ledger.copyStatesInDirtyGroups(
        new Consumer<>() {
          private SignalType
              type; // the states of one type come together: look its bucket map up once
          private Map<Long, List<StateCopy>> buckets;

          @Override
          public void accept(StateCopy c) {
            if (c.type() != type) {
              type = c.type();
              buckets =
                  byType.computeIfAbsent(engine.typeGens.get(type.name()), g -> new HashMap<>());
            }
            buckets
                .computeIfAbsent(LedgerBuckets.bucketOf(c.entity()), b -> new ArrayList<>(4))
                .add(c);
          }
        },
        LedgerBuckets.SHIFT,
        t -> engine.store.hasLayout1States(engine.typeGens.get(t.name())),
        (type, bucket) ->
            byType
                .computeIfAbsent(engine.typeGens.get(type.name()), g -> new HashMap<>())
                .computeIfAbsent(bucket, b -> new ArrayList<>(4))); // written empty: deleted

    Map<Long, Map<Long, List<StateCopy>>> out = new LinkedHashMap<>();
    for (long gen : gens) {
      out.put(gen, byType.getOrDefault(gen, Map.of()));
    }
    return out;
  }

  /** Encodes copied states (outside the lock) and writes their buckets. */
  private void writeStates(long gen, Map<Long, List<StateCopy>> buckets) {
    Map<Long, List<StateRecord>> encoded = new HashMap<>(buckets.size() * 2);
    buckets.forEach(
        (bucket, copies) -> {
          List<StateRecord> records = new ArrayList<>(copies.size());
          for (StateCopy c : copies) {
            records.add(c.encode());
          }
          encoded.put(bucket, records);
        });
    engine.store.writeStates(gen, encoded);
  }

  /** Stops the background thread, waiting for a running checkpoint to finish. */
  void stop() {
    ScheduledExecutorService ex = executor;
    if (ex == null) {
      return;
    }
    ex.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (ex.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
