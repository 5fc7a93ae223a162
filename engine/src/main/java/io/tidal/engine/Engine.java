package io.tidal.engine;

import io.tidal.Config;
import io.tidal.Ddl;
import io.tidal.EngineStats;
import io.tidal.EntitySet;
import io.tidal.ErrorCode;
import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.Transaction;
import io.tidal.engine.ledger.Ledger;
import io.tidal.schema.Column;
import io.tidal.schema.EntityId;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Names;
import io.tidal.schema.Schema;
import io.tidal.schema.SchemaException;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

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
 * <p>Size (over the project's 500 lines): the facade implements the whole {@link TidalDB}
 * interface over one set of locks, and the write path's invariants (validate, log, apply under
 * {@code stateLock}/{@code rowLock}) are easiest to check in one place. Erasure ({@link Erasure}),
 * dedup ({@link Dedup}), the checkpoint ({@link Checkpointer}) and opening ({@link EngineOpener})
 * already live apart; the next split (issue 19, "one engine boundary") moves the reads section
 * (point reads, scans, top-K) into its own class behind this facade.
 */
public final class Engine implements TidalDB {
  final Config config;
  final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
  private final ReentrantLock rowLock = new ReentrantLock();
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

  private final AtomicLong signalCount = new AtomicLong();
  private final AtomicLong duplicateCount = new AtomicLong();
  private final Ranker ranker;
  final Dedup dedup;
  final Erasure erasure;
  volatile Schema schema = Schema.empty();
  volatile boolean closed;

  Engine(Config config, StateStore store) {
    this.config = config;
    this.store = store;
    this.warm = new WarmSignals(store.storage());
    this.ranker = new Ranker(this::schema, tables, ledger);
    this.checkpointer = new Checkpointer(this);
    this.dedup = new Dedup(warm, ledger::horizon);
    this.erasure = new Erasure(this);
  }

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
    changeSchema(new Ddl.CreateTable(table), "CREATE TABLE");
  }

  @Override
  public void dropTable(String name) {
    changeSchema(new Ddl.DropTable(name), "DROP TABLE");
  }

  @Override
  public void createSignalType(SignalType type, boolean orReplace) {
    changeSchema(new Ddl.CreateSignalType(type, orReplace), "CREATE SIGNAL TYPE");
  }

  @Override
  public void dropSignalType(String name) {
    changeSchema(new Ddl.DropSignalType(name), "DROP SIGNAL TYPE");
  }

  @Override
  public void createView(io.tidal.schema.View view, boolean orReplace) {
    changeSchema(new Ddl.CreateView(view, orReplace), "CREATE VIEW");
  }

  @Override
  public void dropView(String name) {
    changeSchema(new Ddl.DropView(name), "DROP VIEW");
  }

  @Override
  public void createIndex(io.tidal.schema.Index index) {
    changeSchema(new Ddl.CreateIndex(index), "CREATE INDEX");
  }

  @Override
  public void dropIndex(String name) {
    changeSchema(new Ddl.DropIndex(name), "DROP INDEX");
  }

  @Override
  public java.util.Set<Object> indexKeys(String table, String index, List<IndexRange> ranges) {
    checkOpen();
    SecondaryIndex si = requireTable(table).index(Names.lookup(index));
    if (si == null) {
      return null;
    }
    java.util.Set<Object> keys = new java.util.HashSet<>();
    for (IndexRange r : ranges) {
      si.keysIn(r, keys);
    }
    return keys;
  }

  @Override
  public List<Object[]> indexCandidates(String table, String index, List<IndexRange> ranges) {
    checkOpen();
    TableData td = requireTable(table);
    SecondaryIndex si = td.index(Names.lookup(index));
    if (si == null) {
      return null;
    }
    java.util.Set<Object> keys = new java.util.TreeSet<>(RowCodec.KEY_ORDER);
    for (IndexRange r : ranges) {
      si.keysIn(r, keys);
    }
    List<Object[]> out = new java.util.ArrayList<>(keys.size());
    for (Object k : keys) {
      Object[] row = td.get(k);
      if (row != null) { // removed meanwhile
        out.add(row.clone());
      }
    }
    return out;
  }

  @Override
  public void apply(Ddl change) {
    changeSchema(change, change.getClass().getSimpleName());
  }

  private void changeSchema(Ddl change, String what) {
    checkWritable(what);
    stateLock.writeLock().lock();
    try {
      checkOpen();
      if (change.skippedOn(schema)) {
        return; // IF [NOT] EXISTS, decided under the lock that applies changes
      }
      change.applyTo(schema); // validates; throws naming the offending value
      TableData built = null;
      if (change instanceof Ddl.CreateIndex c) {
        // built before it is logged: a UNIQUE index over repeated values fails here, unlogged
        built = tables.get(c.index().table());
        built.addIndex(c.index());
      }
      try {
        log.append(List.of(new WriteOp.SchemaChange(change)));
      } catch (RuntimeException e) {
        if (built != null) {
          built.dropIndex(((Ddl.CreateIndex) change).index().name());
        }
        throw e;
      }
      applyDdl(change);
    } finally {
      stateLock.writeLock().unlock();
    }
  }

  /** Applies a validated, logged schema change (also used by replay). Caller holds the write lock. */
  void applyDdl(Ddl change) {
    Schema next = change.applyTo(schema);
    if (change instanceof Ddl.CreateTable c) {
      tables.put(c.table().name(), new TableData(c.table(), nextGen++));
    } else if (change instanceof Ddl.DropTable d) {
      tables.remove(Names.lookup(d.name()));
      requestScrub(); // its rows are deleted data too
    } else if (change instanceof Ddl.CreateSignalType c) {
      if (schema.signalType(c.type().name()).isPresent()) {
        dropType(c.type().name());
        requestScrub();
      }
      addType(c.type(), nextGen++);
      if (c.type().isRollup()) {
        schema = next; // the fill reads the new type from the schema
        Rollups.fill(this, c.type());
      }
    } else if (change instanceof Ddl.DropSignalType d) {
      dropType(Names.lookup(d.name()));
      requestScrub();
    } else if (change instanceof Ddl.CreateIndex c) {
      TableData td = tables.get(c.index().table());
      if (td.index(c.index().name()) == null) { // replay; live DDL built it already
        td.addIndex(c.index());
      }
    } else if (change instanceof Ddl.DropIndex d) {
      schema.index(d.name()).ifPresent(i -> tables.get(i.table()).dropIndex(i.name()));
    }
    schema = next;
  }

  void addType(SignalType type, long gen) {
    typeGens.put(type.name(), gen);
    ledger.addType(type);
    warm.addType(
        type.name(),
        StateStore.warm(gen),
        type.retentionMs(),
        type.isRollup()); // keeps what the ledger retains
  }

  private void dropType(String name) {
    typeGens.remove(name);
    ledger.dropType(name);
    warm.dropType(name);
  }

  // ---- rows ----

  @Override
  public Object insertRow(String table, Object[] row) {
    checkWritable("insert");
    TableData td = requireTable(table);
    Object[] r = RowCodec.checkRow(td.table, row);
    Object key = td.keyOf(r);
    commitRows(List.of(new WriteOp.PutRow(td, key, r, true)), null);
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
    boolean done = commitRows(ops, () -> td.containsKey(k));
    checkpointer.afterWrite();
    return done;
  }

  @Override
  public boolean deleteRow(String table, Object key) {
    checkWritable("delete");
    TableData td = requireTable(table);
    Object k = RowCodec.checkKey(td.table, key);
    boolean done = commitRows(List.of(new WriteOp.DeleteRow(td, k)), () -> td.containsKey(k));
    checkpointer.afterWrite();
    return done;
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
              ? checkSignal(s, last.type(), last.table())
              : checkSignal(s);
      ops.add(op);
      last = op;
    }
    boolean[] fresh = commitSignals(ops);
    checkpointer.afterWrite();
    return fresh;
  }

  /** Commits a batch of checked signals (no rows): no row lock, so concurrent batches share group commits. */
  boolean[] commitSignals(List<WriteOp> ops) {
    if (ops.isEmpty()) {
      return new boolean[0];
    }
    stateLock.readLock().lock();
    try {
      checkOpen();
      return logAndApply(ops);
    } finally {
      stateLock.readLock().unlock();
    }
  }

  /** Validates a signal against the current schema; state is untouched. */
  WriteOp.Sig checkSignal(Signal s) {
    if (s == null) {
      throw TidalException.invalidArgument("signal must not be null", null);
    }
    SignalType type = schema.requireSignalType(s.type());
    return checkSignal(s, type, liveTable(type));
  }

  /** {@link #checkSignal(Signal)} with the signal's type and its table already resolved. */
  private static WriteOp.Sig checkSignal(Signal s, SignalType type, TableData td) {
    if (type.isRollup()) {
      throw SchemaException.rollupWrite(type.name(), type.rollupOf());
    }
    if (!Double.isFinite(s.weight())) {
      throw Errors.invalidWeight(type.name(), s.weight());
    }
    if (s.timestamp() < MIN_TIMESTAMP || s.timestamp() > MAX_TIMESTAMP) {
      throw Errors.invalidTimestamp(type.name(), s.timestamp());
    }
    Object key = RowCodec.entityKeyOrNull(td.table.keyType(), s.entityKey());
    if (key == null) {
      throw Errors.wrongEntityKey(type.name(), td.table.keyType().name(), s.entityKey());
    }
    checkBytes("actor id", type, s.actorId());
    checkBytes("dedup key", type, s.dedupKey());
    if (key
        instanceof String k) { // an id longer than the key column's declared length names no row
      Column kc = td.table.columns().get(td.table.keyIndex());
      int len = kc.length();
      if (len >= 0 && k.length() > len && k.codePointCount(0, k.length()) > len) {
        throw Errors.tooLong(td.table.name(), kc.name(), kc.declaredType(), len, k);
      }
    }
    return new WriteOp.Sig(type, td, key, s.weight(), s.timestamp(), s.dedupKey(), s.actorId());
  }

  /** Longest accepted actor id and dedup key, in UTF-8 bytes (memory and file databases alike). */
  static final int MAX_ACTOR_BYTES = 1024;

  /** A too long actor id or dedup key is 22001 (VALUE_TOO_LONG) naming it. */
  private static void checkBytes(String what, SignalType type, String value) {
    if (value != null && utf8Length(value) > MAX_ACTOR_BYTES) {
      String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
      throw new TidalException(
          ErrorCode.VALUE_TOO_LONG,
          what
              + " of a "
              + TidalException.quote(type.name())
              + " signal must have at most "
              + MAX_ACTOR_BYTES
              + " UTF-8 bytes [value="
              + TidalException.quote(shown)
              + "]");
    }
  }

  private static int utf8Length(String s) {
    return s.length() * 3 <= MAX_ACTOR_BYTES
        ? s.length()
        : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  // ---- the write path ----

  /**
   * Commits a batch with rows: under the row lock, {@code precondition} (null = none) decides whether
   * anything happens, duplicate keys are checked, then the batch is logged and applied.
   */
  boolean commitRows(List<WriteOp> ops, Supplier<Boolean> precondition) {
    stateLock.readLock().lock();
    try {
      rowLock.lock();
      try {
        checkOpen();
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
      stateLock.readLock().unlock();
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
    if (tables.get(td.name()) != td) {
      throw SchemaException.unknownTable(td.name());
    }
  }

  /** Logs a checked batch and applies it. Caller holds the read lock (and the row lock for rows). */
  boolean[] logAndApply(List<WriteOp> ops) {
    for (WriteOp op : ops) {
      if (op instanceof WriteOp.Sig s
          && (schema.signalType(s.type().name()).orElse(null) != s.type()
              || tables.get(s.table().name()) != s.table())) {
        throw SchemaException.unknownSignalType(s.type().name()); // dropped or replaced meanwhile
      }
    }
    List<WriteOp> all = Rollups.expand(ops, schema, tables); // + roll-up contributions
    boolean[] fresh = dedup.reserve(all);
    long[] seqs;
    try {
      seqs = Dedup.append(log, all, fresh);
    } catch (RuntimeException e) {
      dedup.release(all, fresh);
      throw e;
    }
    apply(all, seqs);
    return all == ops ? fresh : Rollups.sourceFresh(all, fresh, ops.size());
  }

  /** Applies logged operations with their log sequences, -1 for a dropped duplicate (also replay). */
  void apply(List<WriteOp> ops, long[] seqs) {
    Map<String, SignalRun> runs = null; // a batch's signals per type: keys move once per entity
    long applied = 0;
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      if (op instanceof WriteOp.PutRow p) {
        p.table().put(p.key(), p.row());
      } else if (op instanceof WriteOp.DeleteRow d) {
        d.table().remove(d.key());
        erasure.deleteEntity(d.table(), d.key());
        requestScrub(); // the row's bytes too
      } else if (op instanceof WriteOp.Erase x) {
        erasure.apply(x);
      } else if (op instanceof WriteOp.Sig s) {
        if (seqs[i] < 0) {
          duplicateCount.incrementAndGet();
          continue;
        }
        EntityId id = s.table().dictionary.idOf(s.key());
        if (ops.size() == 1) {
          ledger.record(s.type(), id, s.weight(), s.timestamp());
        } else {
          if (runs == null) {
            runs = new HashMap<>(4);
          }
          runs.computeIfAbsent(s.type().name(), t -> new SignalRun(s.type(), ops.size()))
              .add(id, s);
        }
        warm.add(
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
      for (SignalRun run : runs.values()) {
        ledger.recordAll(run.type, run.ids, run.weights, run.ts, run.n);
      }
    }
    signalCount.addAndGet(applied);
    checkpointer.applied(ops.size());
  }

  // ---- reads ----

  @Override
  public double decayScore(String type, Object entityKey, Duration halfLife, long at) {
    checkOpen();
    SignalType t = schema.requireSignalType(type);
    int hl = t.requireHalfLife(halfLife);
    checkAt(at);
    EntityId id = lookup(t, entityKey);
    if (id == null) {
      ledger.checkDecayAt(t, at); // an unknown entity scores 0, but only where scores are exact
      return 0.0;
    }
    return ledger.decayScore(t, hl, id, at);
  }

  @Override
  public long windowedCount(String type, Object entityKey, Duration window, long at) {
    checkOpen();
    SignalType t = schema.requireSignalType(type);
    int w = t.requireWindow(window);
    checkAt(at);
    EntityId id = lookup(t, entityKey);
    if (id == null) {
      ledger.checkCountAt(t, w, at);
      return 0;
    }
    return ledger.windowedCount(t, w, id, at);
  }

  @Override
  public double velocity(String type, Object entityKey, Duration window, long at) {
    return windowedCount(type, entityKey, window, at) / (window.toMillis() / 1000.0);
  }

  private TableData liveTable(SignalType t) {
    return EntityLookup.liveTable(tables, t);
  }

  private EntityId lookup(SignalType t, Object entityKey) {
    return EntityLookup.lookup(tables, t, entityKey);
  }

  private static void checkAt(long at) {
    EntityLookup.checkAt(at);
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
    checkOpen();
    List<SignalType> types = new ArrayList<>();
    if (type != null) {
      types.add(schema.requireSignalType(type));
    } else {
      types.addAll(schema.signalTypes());
      types.sort(Comparator.comparing(SignalType::name));
    }
    List<Signal> out = new ArrayList<>();
    for (SignalType t : types) {
      TableData td = EntityLookup.liveTable(tables, t);
      EntityId only = null;
      if (entityKey != null) {
        Object k = Erasure.keyFor(td.table.keyType(), entityKey);
        if (k == null && type != null) {
          throw Errors.wrongEntityKey(t.name(), td.table.keyType().name(), entityKey);
        }
        only = k == null ? null : td.dictionary.lookup(k);
        if (only == null) {
          continue; // no such entity in this type's table: no signals
        }
      }
      out.addAll(
          actorId == null
              ? warm.signals(t, td.dictionary, only)
              : warm.signalsByActor(t, td.dictionary, actorId, only));
    }
    return out.iterator();
  }

  @Override
  public java.util.Set<Object> actorEntities(String type, String actorId) {
    checkOpen();
    SignalType t = schema.requireSignalType(type);
    TableData td = EntityLookup.liveTable(tables, t);
    java.util.Set<Object> out = new java.util.HashSet<>();
    if (actorId != null) {
      for (long id : warm.actorIds(t.name(), actorId)) {
        Object key = td.dictionary.keyOf(EntityId.of(id));
        if (key != null) {
          out.add(key);
        }
      }
    }
    return out;
  }

  @Override
  public EntitySet actorEntitySet(String type, String actorId) {
    checkOpen();
    SignalType t = schema.requireSignalType(type);
    TableData td = EntityLookup.liveTable(tables, t);
    long[] ids = actorId == null ? new long[0] : warm.actorIds(t.name(), actorId);
    return IdSet.of(td.name(), ids, ids.length);
  }

  @Override
  public EntitySet indexEntitySet(String table, String index, List<IndexRange> ranges) {
    checkOpen();
    TableData td = requireTable(table);
    SecondaryIndex si = td.index(Names.lookup(index));
    if (si == null) {
      return null;
    }
    return si.entitySet(td.name(), td.dictionary, ranges);
  }

  @Override
  public long eraseSignals(String type, Object entityKey, String actorId) {
    return erasure.erase(type, entityKey, actorId);
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
        signalCount.get(),
        duplicateCount.get(),
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
