package io.tidal.engine;

import io.tidal.Config;
import io.tidal.Ddl;
import io.tidal.EngineStats;
import io.tidal.EntitySet;
import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.Transaction;
import io.tidal.engine.ledger.Ledger;
import io.tidal.schema.EntityId;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Names;
import io.tidal.schema.Schema;
import io.tidal.schema.SchemaException;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine behind {@link TidalDB#open}: catalog, rows, entity dictionaries, the signal ledger and
 * the warm tier, written through a {@link WriteLog}.
 *
 * <p>Design notes. Every write is a batch of {@link WriteOp}s (one call, or a transaction) that is
 * validated, logged ({@link WriteLog#append}: durable when it returns) and then applied to memory.
 * Locks, always taken in this order:
 * <ul>
 *   <li>{@code stateLock}: shared by every write batch, exclusive for schema changes and checkpoints,
 *       so a checkpoint sees no batch between "logged" and "applied";
 *   <li>{@code rowLock}: held by a batch that writes rows from its validation through log and apply,
 *       so rows are applied in log order and replay cannot diverge (duplicate-key checks see the state
 *       the log order implies). Signal-only batches skip it: signals commute, so they share group commits.
 * </ul>
 * Reads take no lock: rows live in concurrent skip lists, the ledger keeps each entity's state
 * consistent on its own. A reader may see part of a concurrent multi-row transaction.
 *
 * <p>This class is the facade: it implements {@link TidalDB}, owns the state and the locks, and
 * delegates each concern to a class of its own: the write path ({@link WritePath}), signal
 * validation ({@link SignalCheck}), schema changes ({@link SchemaChanges}), reads ({@link
 * EngineReads}), ranking ({@link Ranker}), erasure ({@link Erasure}), dedup ({@link Dedup}), the
 * checkpoint ({@link Checkpointer}) and opening and closing ({@link EngineOpener}).
 */
public final class Engine implements TidalDB {
  final Config config;
  final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
  final Map<String, TableData> tables = new ConcurrentHashMap<>();

  /** Storage generation of each live signal type (see {@link CatalogCodec}). */
  final Map<String, Long> typeGens = new ConcurrentHashMap<>();

  final Ledger ledger = new Ledger();
  final WarmSignals warm;
  final StateStore store;
  final Checkpointer checkpointer;

  /** Set once at open, after replay. */
  WriteLog log;

  /** Timers, counters and gauges ({@code sys.metrics}); {@link EngineMetrics} wires them. */
  final io.tidal.metrics.Metrics metrics = new io.tidal.metrics.Metrics();

  /** The JMX name registered at open (null: none), unregistered at close. */
  javax.management.ObjectName mbean;

  /** The directory lock of a directory database (null in memory); released last at close. */
  io.tidal.engine.storage.DirectoryLock lock;

  /** Next storage generation; changed only under the exclusive lock. */
  long nextGen = 1;

  /**
   * Set when a row delete, a signal erasure or a drop is applied (live or in replay) or the stored
   * state records one ({@link StateStore#scrubPending}): the next checkpoint the user asks for
   * scrubs the files (see {@link Checkpointer}). Cleared by that checkpoint under the exclusive lock.
   */
  final AtomicBoolean scrubNeeded = new AtomicBoolean();

  private final Ranker ranker;
  final FeedGroups feedGroups = new FeedGroups(this);
  private final EngineReads reads = new EngineReads(this);
  final SchemaChanges schemaChanges = new SchemaChanges(this);
  final WritePath writes = new WritePath(this);
  final Dedup dedup;
  final Erasure erasure;
  volatile Schema schema = Schema.empty();
  volatile boolean closed;

  Engine(Config config, StateStore store) {
    this.config = config;
    this.store = store;
    this.warm = new WarmSignals(store.storage());
    this.ranker = new Ranker(this::schema, tables, ledger, feedGroups);
    this.checkpointer = new Checkpointer(this);
    this.dedup = new Dedup(warm, ledger::horizon);
    this.erasure = new Erasure(this);
  }

  /** Opens (or creates) the database {@code config} names: see {@link EngineOpener}. */
  public static TidalDB open(Config config) {
    return EngineOpener.open(config);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  // ---- schema changes ----

  @Override
  public void createTable(EntityTable table) {
    schemaChanges.change(new Ddl.CreateTable(table), "CREATE TABLE");
  }

  @Override
  public void dropTable(String name) {
    schemaChanges.change(new Ddl.DropTable(name), "DROP TABLE");
  }

  @Override
  public void createSignalType(SignalType type, boolean orReplace) {
    schemaChanges.change(new Ddl.CreateSignalType(type, orReplace), "CREATE SIGNAL TYPE");
  }

  @Override
  public void dropSignalType(String name) {
    schemaChanges.change(new Ddl.DropSignalType(name), "DROP SIGNAL TYPE");
  }

  @Override
  public void createView(io.tidal.schema.View view, boolean orReplace) {
    schemaChanges.change(new Ddl.CreateView(view, orReplace), "CREATE VIEW");
  }

  @Override
  public void dropView(String name) {
    schemaChanges.change(new Ddl.DropView(name), "DROP VIEW");
  }

  @Override
  public void createIndex(io.tidal.schema.Index index) {
    schemaChanges.change(new Ddl.CreateIndex(index), "CREATE INDEX");
  }

  @Override
  public void dropIndex(String name) {
    schemaChanges.change(new Ddl.DropIndex(name), "DROP INDEX");
  }

  @Override
  public java.util.Set<Object> indexKeys(String table, String index, List<IndexRange> ranges) {
    return reads.indexKeys(table, index, ranges);
  }

  @Override
  public List<Object[]> indexCandidates(String table, String index, List<IndexRange> ranges) {
    return reads.indexCandidates(table, index, ranges);
  }

  @Override
  public void apply(Ddl change) {
    schemaChanges.change(change, change.getClass().getSimpleName());
  }

  // ---- rows ----

  @Override
  public Object insertRow(String table, Object[] row) {
    checkWritable("insert");
    TableData td = requireTable(table);
    Object[] r = RowCodec.checkRow(td.table, row);
    Object key = td.keyOf(r);
    writes.commitRows(List.of(new WriteOp.PutRow(td, key, r, true)), null);
    checkpointer.afterWrite();
    return key;
  }

  @Override
  public boolean updateRow(String table, Object key, Object[] row) {
    checkWritable("update");
    TableData td = requireTable(table);
    Object k = RowCodec.checkKey(td.table, key);
    Object[] r = RowCodec.checkRow(td.table, row);
    Object newKey = td.table.hasPrimaryKey() ? r[td.table.keyIndex()] : k;
    List<WriteOp> ops =
        RowCodec.KEY_ORDER.compare(k, newKey) == 0
            ? List.of(new WriteOp.PutRow(td, k, r, false))
            : List.of(new WriteOp.DeleteRow(td, k), new WriteOp.PutRow(td, newKey, r, true));
    boolean done = writes.commitRows(ops, () -> td.containsKey(k));
    checkpointer.afterWrite();
    return done;
  }

  @Override
  public boolean deleteRow(String table, Object key) {
    checkWritable("delete");
    TableData td = requireTable(table);
    Object k = RowCodec.checkKey(td.table, key);
    boolean done =
        writes.commitRows(List.of(new WriteOp.DeleteRow(td, k)), () -> td.containsKey(k));
    checkpointer.afterWrite();
    return done;
  }

  @Override
  public long rowCount(String table) {
    checkOpen();
    return requireTable(table).size();
  }

  @Override
  public Optional<Object[]> row(String table, Object key) {
    checkOpen();
    TableData td = requireTable(table);
    Object[] r = td.get(RowCodec.checkKey(td.table, key));
    return r == null ? Optional.empty() : Optional.of(r.clone());
  }

  @Override
  public Iterator<Object[]> scanRows(String table) {
    checkOpen();
    Iterator<Object[]> it = requireTable(table).rows.values().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Object[] next() {
        return it.next().clone();
      }
    };
  }

  @Override
  public Iterator<Map.Entry<Object, Object[]>> scanKeyedRows(String table) {
    checkOpen();
    return requireTable(table).rows.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue().clone()))
        .iterator();
  }

  // ---- signals ----

  @Override
  public boolean signal(Signal signal) {
    return signalBatch(List.of(signal))[0];
  }

  @Override
  public boolean[] signalBatch(List<Signal> signals) {
    checkWritable("signal");
    List<WriteOp> ops = new ArrayList<>(signals.size());
    WriteOp.Sig last = null; // a batch mostly repeats one type: resolve it once
    for (Signal s : signals) {
      WriteOp.Sig op =
          last != null && s != null && last.type().name().equals(s.type())
              ? SignalCheck.check(s, last.type(), last.table())
              : checkSignal(s);
      ops.add(op);
      last = op;
    }
    boolean[] fresh = writes.commitSignals(ops);
    checkpointer.afterWrite();
    return fresh;
  }

  /** Validates a signal against the current schema; state is untouched. */
  WriteOp.Sig checkSignal(Signal s) {
    if (s == null) {
      throw TidalException.invalidArgument("signal must not be null", null);
    }
    SignalType type = schema.requireSignalType(s.type());
    return SignalCheck.check(s, type, EntityLookup.liveTable(tables, type));
  }

  // ---- reads ----

  @Override
  public double decayScore(String type, Object entityKey, Duration halfLife, long at) {
    return reads.decayScore(type, entityKey, halfLife, at);
  }

  @Override
  public long windowedCount(String type, Object entityKey, Duration window, long at) {
    return reads.windowedCount(type, entityKey, window, at);
  }

  @Override
  public double velocity(String type, Object entityKey, Duration window, long at) {
    return reads.velocity(type, entityKey, window, at);
  }

  @Override
  public RankResult topK(RankQuery query) {
    checkOpen();
    return ranker.topK(query);
  }

  @Override
  public Iterator<Signal> scanSignals(String type, Object entityKey) {
    return scanSignals(type, entityKey, null);
  }

  @Override
  public Iterator<Signal> scanSignals(String type, Object entityKey, String actorId) {
    return reads.scanSignals(type, entityKey, actorId);
  }

  @Override
  public java.util.Set<Object> actorEntities(String type, String actorId) {
    return reads.actorEntities(type, actorId);
  }

  @Override
  public EntitySet actorEntitySet(String type, String actorId) {
    return reads.actorEntitySet(type, actorId);
  }

  @Override
  public EntitySet indexEntitySet(String table, String index, List<IndexRange> ranges) {
    return reads.indexEntitySet(table, index, ranges);
  }

  @Override
  public long eraseSignals(String type, Object entityKey, String actorId) {
    return erasure.erase(type, entityKey, actorId);
  }

  // ---- moving entities ----

  @Override
  public byte[] exportState(String type, Object entityKey) {
    checkOpen();
    SignalType t = schema.requireSignalType(type);
    EntityId id = EntityLookup.lookup(tables, t, entityKey);
    return id == null ? null : ledger.encoded(t, id);
  }

  @Override
  public void importState(String type, Object entityKey, byte[] state) {
    checkWritable("import a state into");
    stateLock.readLock().lock(); // as a write: never in the middle of a checkpoint or a DDL
    try {
      SignalType t = schema.requireSignalType(type);
      TableData td = EntityLookup.liveTable(tables, t);
      Object key = RowCodec.entityKeyOrNull(td.table.keyType(), entityKey);
      if (key == null) {
        throw Errors.wrongEntityKey(t.name(), td.table.keyType().name(), entityKey);
      }
      ledger.load(t, td.dictionary.idOf(key), state);
    } finally {
      stateLock.readLock().unlock();
    }
  }

  // ---- transactions, maintenance ----

  @Override
  public Transaction begin() {
    checkOpen();
    return new EngineTransaction(this);
  }

  /**
   * Writes a checkpoint now; when an erasure was applied since the last scrub, also scrubs: afterwards
   * no file of the database holds what was erased (see {@link Checkpointer}).
   */
  @Override
  public void checkpoint() {
    checkWritable("checkpoint");
    checkpointer.checkpoint(true);
  }

  /**
   * Marks that erased data may remain in files (a row delete, a signal erasure, a dropped table or
   * signal type was applied, live or in replay): the next {@link #checkpoint()} scrubs them.
   */
  void requestScrub() {
    scrubNeeded.set(true);
  }

  @Override
  public EngineStats stats() {
    return new EngineStats(
        writes.signalCount(),
        writes.duplicateCount(),
        ledger.stateCount(),
        log.sequence(),
        checkpointer.checkpointSeq(),
        ranker.lastTouched());
  }

  @Override
  public io.tidal.metrics.Metrics metrics() {
    return metrics;
  }

  @Override
  public void backup(java.nio.file.Path target) {
    Backup.run(this, target);
  }

  /** Checkpoints (unless read-only), then closes the log, storage and the directory lock. Idempotent. */
  @Override
  public void close() {
    checkpointer.stop();
    RuntimeException failure = null;
    if (!closed && !config.readOnly()) {
      try {
        checkpointer.checkpoint();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    EngineOpener.release(this, failure);
  }

  /**
   * Test hook: stops like a killed process. Nothing more reaches storage (it holds the last
   * checkpoint), the WAL keeps what was appended, files and the lock are released so the directory
   * can be opened again in this JVM.
   */
  void crashForTesting() {
    checkpointer.stop();
    EngineOpener.release(this, null);
  }

  // ---- helpers shared with EngineTransaction ----

  TableData requireTable(String name) {
    TableData td = tables.get(Names.lookup(name));
    if (td == null) {
      throw SchemaException.unknownTable(name);
    }
    return td;
  }

  void checkOpen() {
    if (closed) {
      throw TidalException.closed("database " + config);
    }
  }

  void checkWritable(String what) {
    checkOpen();
    if (config.readOnly()) {
      throw Errors.readOnly(what);
    }
  }
}
