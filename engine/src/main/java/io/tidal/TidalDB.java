package io.tidal;

import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * An open tidal database: entity tables, signal types, signals, and the reads and rankings over them.
 *
 * <p><b>Durability.</b> A write returns after its WAL batch is durable ({@link Durability#SYNC}: fsync'd,
 * shared by concurrent writers through group commit). Every acknowledged write survives a process
 * kill, and in SYNC mode a power loss. Open loads the last checkpoint and replays the WAL after it.
 *
 * <p><b>Semantics</b> (docs/SQL.md, "Functions"). Decay score for half-life h at time t:
 * {@code sum_i w_i * 2^(-(t - t_i)/h)} over the recorded signals of the type on the entity with
 * {@code t_i <= t} (as of t; since 2026-12-07). Windowed count for window W at t: signals with
 * {@code t - W < t_i <= t}. Velocity: windowed count / seconds(W). An unknown entity scores 0. Each
 * type keeps raw signals for its retention ({@link SignalType#retentionMs}) back from its latest
 * signal (the horizon); reads are exact within it and throw {@code BEFORE_HORIZON}, naming the
 * earliest exact time, before it (decay: {@code t <} horizon; counts: {@code t - W <} horizon).
 *
 * <p><b>Threads.</b> Thread-safe: many threads read and write at once; a reader never sees a torn
 * state for one entity. One process owns a database directory (lock file); a second open fails with
 * {@code DATABASE_LOCKED}, also within one JVM.
 *
 * <p>Every failure is a {@link TidalException} whose {@link ErrorCode} says why; bad input leaves the
 * database unchanged.
 */
public interface TidalDB extends RowWriter, AutoCloseable {

  /** Earliest accepted signal timestamp: 1900-01-01T00:00:00Z. */
  long MIN_TIMESTAMP = -2_208_988_800_000L;

  /** Latest accepted signal timestamp: 9999-12-31T23:59:59.999Z. */
  long MAX_TIMESTAMP = 253_402_300_799_999L;

  /**
   * Opens (and with {@code create}, creates) the database {@code config} describes.
   *
   * @throws TidalException {@code DATABASE_LOCKED}, {@code DATABASE_NOT_FOUND}, {@code CORRUPT},
   *     {@code IO_ERROR}, {@code UNSUPPORTED_FORMAT}
   */
  static TidalDB open(Config config) {
    return EngineBootstrap.open(config);
  }

  Config config();

  /** The current catalog (an immutable snapshot). */
  Schema schema();

  // ---- schema changes: each is logged, durable and atomic; none is transactional ----

  /**
   * Applies a schema change (what each {@code create...}/{@code drop...} method below does, with
   * {@code IF [NOT] EXISTS} flags decided under the engine's lock).
   *
   * <p>The engine checks the flags and applies the change under one lock; this default, for
   * other implementations (the test oracle), dispatches to the methods below.
   *
   * @throws TidalException naming the offending value when the change does not validate
   */
  default void apply(Ddl change) {
    if (change.skippedOn(schema())) {
      return;
    }
    if (change instanceof Ddl.CreateTable c) {
      createTable(c.table());
    } else if (change instanceof Ddl.DropTable d) {
      dropTable(d.name());
    } else if (change instanceof Ddl.CreateSignalType c) {
      createSignalType(c.type(), c.orReplace());
    } else if (change instanceof Ddl.DropSignalType d) {
      dropSignalType(d.name());
    } else if (change instanceof Ddl.CreateView c) {
      createView(c.view(), c.orReplace());
    } else if (change instanceof Ddl.DropView d) {
      dropView(d.name());
    } else if (change instanceof Ddl.CreateIndex c) {
      createIndex(c.index());
    } else if (change instanceof Ddl.DropIndex d) {
      dropIndex(d.name());
    }
  }

  /** @throws TidalException {@code DUPLICATE_TABLE} */
  void createTable(EntityTable table);

  /** Drops the table and its rows. @throws TidalException {@code UNKNOWN_TABLE}, {@code OBJECT_IN_USE} */
  void dropTable(String name);

  /**
   * Creates a signal type; with {@code orReplace} an existing one of that name is replaced and its
   * recorded signals are discarded.
   *
   * @throws TidalException {@code DUPLICATE_SIGNAL_TYPE}, {@code UNKNOWN_TABLE}, {@code NO_PRIMARY_KEY}
   */
  void createSignalType(SignalType type, boolean orReplace);

  /** Drops the type and every signal recorded for it. @throws TidalException {@code UNKNOWN_SIGNAL_TYPE} */
  void dropSignalType(String name);

  /**
   * Stores a view (its query is the SQL layer's to validate); with {@code orReplace} an existing
   * view of that name is replaced.
   *
   * @throws TidalException {@code DUPLICATE_TABLE} if a table or (without orReplace) a view has the name
   */
  default void createView(io.tidal.schema.View view, boolean orReplace) {
    throw new TidalException(ErrorCode.UNSUPPORTED, "views are not supported by this database");
  }

  /**
   * Creates a secondary index and builds it from the table's rows; from then on it is maintained
   * with every row write and rebuilt at open.
   *
   * @throws TidalException {@code DUPLICATE_TABLE} (index name taken), {@code UNKNOWN_TABLE},
   *     {@code UNKNOWN_COLUMN}, {@code DUPLICATE_KEY} (a UNIQUE index over repeated values)
   */
  default void createIndex(io.tidal.schema.Index index) {
    throw new TidalException(ErrorCode.UNSUPPORTED, "indexes are not supported by this database");
  }

  /** Drops a secondary index. @throws TidalException {@code UNKNOWN_TABLE} naming the index */
  default void dropIndex(String name) {
    throw new TidalException(ErrorCode.UNSUPPORTED, "indexes are not supported by this database");
  }

  /** Drops a view. @throws TidalException {@code UNKNOWN_TABLE} if there is no such view */
  default void dropView(String name) {
    throw new TidalException(ErrorCode.UNSUPPORTED, "views are not supported by this database");
  }

  // ---- signals ----

  /** Shorthand for {@link #signal(Signal)}. */
  default boolean signal(String type, Object entityKey, double weight, long timestamp) {
    return signal(new Signal(type, entityKey, weight, timestamp));
  }

  /**
   * Records many signals with one WAL batch (one fsync), all or none: if one is invalid, none is
   * recorded.
   *
   * @return per signal, whether it was new (false: dropped as a duplicate)
   */
  boolean[] signalBatch(List<Signal> signals);

  // ---- reads; `at` is UTC epoch ms ----

  /**
   * Counts the signals with {@code ts <= at}; exact for {@code at >=} the type's horizon.
   *
   * @throws TidalException {@code UNKNOWN_SIGNAL_TYPE}, {@code UNDECLARED_DURATION},
   *     {@code INVALID_TIMESTAMP} ({@code at} outside the timestamp range), {@code BEFORE_HORIZON}
   */
  double decayScore(String type, Object entityKey, Duration halfLife, long at);

  /**
   * Exact for every {@code at} with {@code at - W >=} the type's horizon (its latest signal minus
   * its retention); an earlier {@code at} throws, never a number that misses folded signals.
   *
   * @throws TidalException {@code UNKNOWN_SIGNAL_TYPE}, {@code UNDECLARED_DURATION},
   *     {@code INVALID_TIMESTAMP} ({@code at} outside the timestamp range), {@code BEFORE_HORIZON}
   */
  long windowedCount(String type, Object entityKey, Duration window, long at);

  /** Windowed count / seconds(window). */
  double velocity(String type, Object entityKey, Duration window, long at);

  /** @see RankQuery */
  RankResult topK(RankQuery query);

  /**
   * Retained signals, optionally of one type ({@code type} null = all) and one entity ({@code entityKey}
   * null = all), ordered by type name, entity key ({@link #scanRows} order), timestamp, arrival.
   *
   * <p>Retention: every recorded signal whose timestamp is later than (the type's latest signal
   * minus its retention) is listed. Older ones are pruned at checkpoints, at most once per quarter
   * of the retention (at least a minute), so they may still be listed for a while. Duplicates dropped by
   * dedup are not signals and are never listed.
   */
  Iterator<Signal> scanSignals(String type, Object entityKey);

  /**
   * {@link #scanSignals(String, Object)} restricted to the signals of one actor when {@code actorId}
   * is not null, answered from the actor index (the actor's retained signals only, never a scan of
   * every retained signal).
   */
  Iterator<Signal> scanSignals(String type, Object entityKey, String actorId);

  /**
   * The distinct entity keys on which {@code actorId} has retained signals of {@code type} (the
   * actor's "seen set"), from the actor index: O(the actor's signals), no scan. Same retention as
   * {@link #scanSignals}.
   *
   * @throws TidalException {@code UNKNOWN_SIGNAL_TYPE}
   */
  /**
   * The number of committed rows of {@code table}, for the planner's estimates (issue 16: index
   * nested-loop joins). Cheap (no scan); -1 when unknown.
   */
  default long rowCount(String table) {
    return -1;
  }

  /**
   * The primary keys of the committed rows of {@code table} whose first column of secondary index
   * {@code index} lies in one of {@code ranges}, from the index alone (no row is read); null when
   * the index does not exist.
   */
  default java.util.Set<Object> indexKeys(String table, String index, List<IndexRange> ranges) {
    return null;
  }

  /**
   * {@link #actorEntities} as an {@link EntitySet} of the type's table, for {@link
   * RankQuery#exclude}: from the actor index, no key or row read; null when this database cannot
   * (callers then use the keys).
   *
   * @throws TidalException {@code UNKNOWN_SIGNAL_TYPE}
   */
  default EntitySet actorEntitySet(String type, String actorId) {
    return null;
  }

  /**
   * {@link #indexKeys} as an {@link EntitySet}, for {@link RankQuery#within}: only the rows that
   * have an entity id (ever received a signal) are in it, the others score 0; null when the index
   * does not exist or this database cannot.
   */
  default EntitySet indexEntitySet(String table, String index, List<IndexRange> ranges) {
    return null;
  }

  default java.util.Set<Object> actorEntities(String type, String actorId) {
    java.util.Set<Object> out = new java.util.HashSet<>();
    scanSignals(type, null, actorId).forEachRemaining(s -> out.add(s.entityKey()));
    return out;
  }

  /**
   * Erases the retained signals that match every non-null argument: of a type, on an entity (its key;
   * with no type, on that key in every signal type), of an actor. Each score, windowed count and rank
   * position drops by exactly the erased signals' contributions; signals older than the type's
   * horizon were already folded into decay values without actor or key and are not reached. Durable
   * when it returns; after the next {@link #checkpoint()}, no file of the database holds them.
   *
   * @return the number of signals erased
   * @throws TidalException {@code INVALID_VALUE} (no argument given, or a key of the wrong kind),
   *     {@code UNKNOWN_SIGNAL_TYPE}, {@code READ_ONLY}
   */
  long eraseSignals(String type, Object entityKey, String actorId);

  // ---- moving entities between databases ----

  /**
   * The ledger state of one entity in one signal type, as opaque bytes (the checkpoint's encoding:
   * decay values of every signal, folded or retained, the retained timestamps and weights, the
   * fold time), or null when the entity has none. With {@link #importState} it moves an entity's
   * scores to another database with the same signal type exactly, including the contributions of
   * signals older than the type's retention that survive only folded (the cluster's partition
   * hand-off, docs/SCALE.md). The retained signals themselves (actors, dedup keys) are read with
   * {@link #scanSignals}.
   *
   * @throws TidalException {@code UNKNOWN_SIGNAL_TYPE}, {@code INVALID_VALUE} (a key of the wrong
   *     kind)
   */
  default byte[] exportState(String type, Object entityKey) {
    throw new TidalException(
        ErrorCode.UNSUPPORTED, "state export is not supported by this database");
  }

  /**
   * Replaces the entity's ledger state in {@code type} by bytes {@link #exportState} returned on a
   * database whose type has the same half-lives and windows: scores, windowed counts and rank
   * positions then equal the exporting database's. Not logged: the state is durable after the next
   * {@link #checkpoint()} (a crash before it loses the import; the caller must be able to tell,
   * as the cluster's hand-off does with a marker row). Retained signals recorded for the entity
   * afterwards add to the imported state as usual.
   *
   * @throws TidalException {@code CORRUPT} or {@code UNSUPPORTED_FORMAT} (bytes that do not decode
   *     for this type; nothing changed), {@code UNKNOWN_SIGNAL_TYPE}, {@code INVALID_VALUE}, {@code
   *     READ_ONLY}
   */
  default void importState(String type, Object entityKey, byte[] state) {
    throw new TidalException(
        ErrorCode.UNSUPPORTED, "state import is not supported by this database");
  }

  // ---- transactions and maintenance ----

  /** Starts a transaction. */
  Transaction begin();

  /** Writes a checkpoint now (hot state + WAL position into storage, atomically) and truncates the WAL. */
  void checkpoint();

  /**
   * Writes an online, consistent copy of this database into the directory {@code target} (created;
   * it must not exist, or be empty), while other threads keep writing: the copy holds exactly the
   * writes acknowledged before one instant during the call, and opens like any database
   * ({@code Config.builder().directory(target)}). Writers wait only for that instant (the log's
   * fsync and a look at its file sizes); a checkpoint runs first. The copy is written under a
   * temporary sibling name and renamed at the end, so a failure or a kill leaves no directory that
   * opens as a database (docs/OPERATIONS.md).
   *
   * @throws TidalException {@code INVALID_ARGUMENT} (the target exists and is not an empty
   *     directory, or lies inside the database directory), {@code IO_ERROR} (nothing created),
   *     {@code UNSUPPORTED} (an in-memory database), {@code READ_ONLY}, {@code CLOSED}
   */
  default void backup(java.nio.file.Path target) {
    throw new TidalException(ErrorCode.UNSUPPORTED, "backups are not supported by this database");
  }

  /**
   * This database's metrics: what {@code sys.metrics} and the JMX MBean {@code
   * io.tidal:type=Database,name=...} list (docs/OPERATIONS.md). A database without metrics answers
   * an empty set.
   */
  default io.tidal.metrics.Metrics metrics() {
    return new io.tidal.metrics.Metrics();
  }

  /** Counters for tests, EXPLAIN and benchmarks. */
  EngineStats stats();

  /** Checkpoints, syncs the WAL and closes storage. Idempotent. */
  @Override
  void close();
}
