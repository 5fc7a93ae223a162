package io.tidal.engine.ledger;

import static io.tidal.engine.ledger.LedgerChecks.checkHalfLife;
import static io.tidal.engine.ledger.LedgerChecks.checkHorizons;
import static io.tidal.engine.ledger.LedgerChecks.checkTime;
import static io.tidal.engine.ledger.LedgerChecks.checkWindow;
import static io.tidal.engine.ledger.LedgerChecks.requireEntity;
import static io.tidal.engine.ledger.LedgerChecks.seconds;

import io.tidal.TidalDB;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.Names;
import io.tidal.schema.SchemaException;
import io.tidal.schema.SignalType;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The signal ledger: hot state per (signal type, entity) and the rank indexes over it, for every
 * declared signal type of one database. Thread-safe; one per database.
 *
 * <p><b>Semantics</b> (docs/SQL.md, "Functions", as of 2026-12-07). Decay score for half-life h at t:
 * {@code sum_i w_i * 2^(-(t - t_i)/h)} over the recorded signals with {@code t_i <= t}. Windowed
 * count for W at t: {@code #{i : t - W < t_i <= t}}. Velocity: count / seconds(W). An entity
 * without state scores 0. Each type keeps its raw signals for its retention ({@code RETAIN}) back
 * from its latest signal; the horizon is that latest timestamp minus the retention. Decay reads are
 * exact for {@code at >=} the horizon, count reads for {@code at - W >=} it; earlier ones throw
 * {@code BEFORE_HORIZON} naming the earliest exact time (see {@link TypeLedger}). Signals of any age
 * count for decay (older ones folded in).
 *
 * <p><b>Accuracy.</b> Decay: {@code |result - exact| <= 1e-12 * sum_i |w_i| 2^(-(t - t_i)/h)} for up
 * to ~10^3 signals per entity, growing linearly with their number ({@code (2n + 4) * 2^-53}); with
 * weights of one sign that is a relative bound (1e-9 relative up to ~10^6 signals per entity). Near
 * zero after cancellation only the absolute form holds. Windowed counts are exact within the
 * horizon.
 *
 * <p><b>Threads.</b> {@link #record} may be called from many threads at once, in any timestamp
 * order; each call updates the entity's state and all its rank keys atomically (per-entity stripe
 * lock), so a reader never sees a torn state. {@link #topK} is not a snapshot: under concurrent
 * writes each entity's score is consistent, the set reflects some interleaving.
 *
 * <p><b>Checkpoints.</b> {@link #forEachState} emits every state encoded (format in the state
 * codec, version byte first); {@link #load} installs one and rebuilds its rank keys. The caller
 * quiesces writers around {@link #forEachState} if it needs a consistent cut.
 *
 * <p>The public face of the ledger package, one method per operation, each validating its
 * arguments ({@link LedgerChecks}) and delegating to a {@link TypeLedger}; the checkpoint's copying
 * of states is in {@link LedgerStates}.
 */
public final class Ledger {
  /** Largest {@code limit + offset} of a top-K. */
  public static final int MAX_K = 100_000;

  private final Map<String, TypeLedger> types = new ConcurrentHashMap<>();

  /** An empty ledger; each type keeps raw signals for its own retention ({@link SignalType#retentionMs}). */
  public Ledger() {}

  // ---- types ----

  /** Registers a signal type. @throws SchemaException {@code DUPLICATE_SIGNAL_TYPE} */
  public void addType(SignalType type) {
    if (types.putIfAbsent(type.name(), new TypeLedger(type)) != null) {
      throw SchemaException.duplicateSignalType(type.name());
    }
  }

  /** Drops a type and discards its state. @throws SchemaException {@code UNKNOWN_SIGNAL_TYPE} */
  public void dropType(String name) {
    if (types.remove(Names.lookup(name)) == null) {
      throw SchemaException.unknownSignalType(name);
    }
  }

  public boolean hasType(String name) {
    return types.containsKey(Names.lookup(name));
  }

  // ---- writes ----

  /**
   * Records a signal: updates the hot state and every rank index of (type, entity).
   *
   * @throws TidalException {@code INVALID_WEIGHT} (NaN, infinite), {@code INVALID_TIMESTAMP} (outside
   *     [{@link TidalDB#MIN_TIMESTAMP}, {@link TidalDB#MAX_TIMESTAMP}]), {@code UNKNOWN_SIGNAL_TYPE};
   *     the ledger is unchanged
   */
  public void record(SignalType type, EntityId entity, double weight, long ts) {
    TypeLedger tl = require(type);
    if (!Double.isFinite(weight)) {
      throw LedgerException.invalidWeight(weight);
    }
    checkTime("signal timestamp", ts);
    tl.record(requireEntity(entity), weight, ts);
  }

  /**
   * Records {@code n} signals of one type, as {@link #record} would one after another, but moves
   * each entity's rank keys once for all its signals in the call (the states end bit-identical:
   * an entity's signals are applied in call order). Validates everything before changing anything.
   *
   * @param entities entity ids ({@link EntityId#bits()}), weights and timestamps, index-aligned
   * @throws TidalException as {@link #record}; the ledger is unchanged
   */
  public void recordAll(SignalType type, long[] entities, double[] weights, long[] ts, int n) {
    TypeLedger tl = require(type);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(weights[i])) {
        throw LedgerException.invalidWeight(weights[i]);
      }
      checkTime("signal timestamp", ts[i]);
    }
    tl.recordAll(entities, weights, ts, n);
  }

  // ---- point reads ----

  /**
   * Decay score for the type's half-life #{@code halfLifeIndex} at {@code at}, counting the signals
   * with {@code ts <= at}; 0 without state.
   *
   * @throws TidalException {@code BEFORE_HORIZON} when {@code at} is before {@link #decayFloor}
   */
  public double decayScore(SignalType type, int halfLifeIndex, EntityId entity, long at) {
    TypeLedger tl = require(type);
    checkHalfLife(type, halfLifeIndex);
    checkTime("time", at);
    long id = requireEntity(entity);
    tl.checkDecayAt(at);
    double v = tl.decayScore(id, halfLifeIndex, at);
    tl.checkDecayAt(at); // a fold past at while reading: see TypeLedger
    return v;
  }

  /**
   * Signals in {@code (at - W, at]} for the type's window #{@code windowIndex}; 0 without state.
   *
   * @throws TidalException {@code BEFORE_HORIZON} when {@code at - W} is before the horizon
   */
  public long windowedCount(SignalType type, int windowIndex, EntityId entity, long at) {
    TypeLedger tl = require(type);
    checkWindow(type, windowIndex);
    checkTime("time", at);
    long id = requireEntity(entity);
    tl.checkCountAt(windowIndex, at);
    long n = tl.windowedCount(id, windowIndex, at);
    tl.checkCountAt(windowIndex, at);
    return n;
  }

  /**
   * Throws {@code BEFORE_HORIZON} unless a decay read of the type at {@code at} is exact; for
   * callers that answer an unknown entity (0) without asking the ledger.
   */
  public void checkDecayAt(SignalType type, long at) {
    require(type).checkDecayAt(at);
  }

  /** As {@link #checkDecayAt}, for a windowed count or velocity over window #{@code windowIndex}. */
  public void checkCountAt(SignalType type, int windowIndex, long at) {
    checkWindow(type, windowIndex);
    require(type).checkCountAt(windowIndex, at);
  }

  /** The type's horizon: its latest signal minus its retention ({@code Long.MIN_VALUE}: no signal). */
  public long horizon(SignalType type) {
    return require(type).horizon();
  }

  /**
   * The earliest {@code at} at which every decay score of the type is exact: the horizon, or later
   * while states loaded from state format 1 (no per-signal weights) cover a later time.
   */
  public long decayFloor(SignalType type) {
    return require(type).decayFloor();
  }

  /** {@link #windowedCount} / seconds(W), signals per second. */
  public double velocity(SignalType type, int windowIndex, EntityId entity, long at) {
    return windowedCount(type, windowIndex, entity, at) / seconds(type, windowIndex);
  }

  /** Total signals ever recorded for (type, entity); 0 without state. */
  public long signalCount(SignalType type, EntityId entity) {
    long[] t = require(type).totals(requireEntity(entity));
    return t == null ? 0 : t[0];
  }

  /**
   * Raises the type's latest timestamp to at least {@code ts} (at open: the latest signal it ever
   * recorded, stored by checkpoints, which the remaining states may no longer show after the entity
   * that held it was deleted). A later latest only moves the horizon forward and makes the count
   * indexes valid from a later time: both conservative.
   */
  public void raiseLatest(SignalType type, long ts) {
    if (ts != Long.MIN_VALUE) {
      require(type).raiseValidFrom(ts);
    }
  }

  /** The latest timestamp recorded or loaded for any entity of the type, or {@code Long.MIN_VALUE}. */
  public long latestTimestamp(SignalType type) {
    return require(type).validFrom();
  }

  /** Latest timestamp recorded for (type, entity), or {@code Long.MIN_VALUE} without state. */
  public long lastTimestamp(SignalType type, EntityId entity) {
    long[] t = require(type).totals(requireEntity(entity));
    return t == null ? Long.MIN_VALUE : t[1];
  }

  // ---- ranking ----

  /**
   * Top entities by {@code terms} at {@code at}: entries ordered by score descending, then EntityId
   * ascending; the first {@code offset} skipped, then at most {@code limit}. Only entities with state
   * in a type of the query are ranked. {@code filter} (nullable) is tested once per entity met, and
   * the walk stops once {@code limit + offset} passed. Answered from the rank indexes: decay terms
   * by the threshold algorithm (exact), a count term by the bound-ordered count index (exact;
   * a scan when {@code at} is earlier than the latest signal of the type). See {@link RankTerm}.
   *
   * @throws TidalException {@code INVALID_ARGUMENT} (empty terms, a negative or non-finite
   *     coefficient, a count term mixed with others, types of different tables, limit/offset out of
   *     range), {@code UNKNOWN_SIGNAL_TYPE}, {@code UNDECLARED_DURATION}, {@code INVALID_TIMESTAMP}
   */
  public TopKResult topK(
      List<RankTerm> terms, long at, int limit, int offset, Predicate<EntityId> filter) {
    List<TypeLedger> tls = LedgerChecks.validate(terms, at, limit, offset, this::require);
    TopKResult r = new RankPlanner(terms, tls, at, limit, offset, filter).indexed();
    checkHorizons(terms, tls, at); // a fold past at while walking: see TypeLedger
    return r;
  }

  /**
   * {@link #topK} restricted to the entities {@code ids} (distinct), each scored by point reads:
   * O(ids), whatever the table's size. An entity without state scores 0.
   */
  public TopKResult topKAmong(
      List<RankTerm> terms,
      long at,
      int limit,
      int offset,
      long[] ids,
      Predicate<EntityId> filter) {
    List<TypeLedger> tls = LedgerChecks.validate(terms, at, limit, offset, this::require);
    TopKResult r = new RankPlanner(terms, tls, at, limit, offset, filter).among(ids);
    checkHorizons(terms, tls, at);
    return r;
  }

  /** The largest number of entities with state in a type of {@code terms} (what a walk may read). */
  public long states(List<RankTerm> terms) {
    long n = 0;
    for (RankTerm t : terms) {
      n = Math.max(n, require(t.type()).table.size());
    }
    return n;
  }

  /** The same answer as {@link #topK}, computed by scanning every state: the baseline. */
  public TopKResult scanTopK(
      List<RankTerm> terms, long at, int limit, int offset, Predicate<EntityId> filter) {
    List<TypeLedger> tls = LedgerChecks.validate(terms, at, limit, offset, this::require);
    TopKResult r = new RankPlanner(terms, tls, at, limit, offset, filter).scan();
    checkHorizons(terms, tls, at);
    return r;
  }

  /**
   * Retention sweep (run by every checkpoint): folds the retained signals at or before each type's
   * horizon into the decay values, also in entities that receive no more signals (recording folds
   * only the entity it touches). Safe under concurrent writes and reads; O(states). Returns the
   * number of signals folded.
   */
  public long prune() {
    long dropped = 0;
    for (TypeLedger tl : types.values()) {
      dropped += tl.prune();
    }
    return dropped;
  }

  // ---- checkpoint and recovery ----

  /** Emits every state, encoded; a stripe at a time is copied under its lock. */
  public void forEachState(Consumer<StateRecord> sink) {
    forEachState(sink, false);
  }

  /**
   * Emits the states changed since the last {@link #clearDirty} (every state when {@code dirtyOnly}
   * is false), encoded; a stripe at a time is copied under its lock. A checkpoint writes only what
   * changed and clears the flags once its write is durable, so a failed checkpoint loses nothing.
   */
  public void forEachState(Consumer<StateRecord> sink, boolean dirtyOnly) {
    LedgerStates.forEach(types.values(), sink, dirtyOnly);
  }

  /**
   * Emits, per type, every state whose group ({@code entity bits >>> shift}) holds a state changed
   * since the last {@link #clearDirty}, so a caller that stores states by group can rewrite whole
   * groups; for a type where {@code everything} holds, every state. Two passes over the states in
   * memory (dirty groups, then their states), a stripe at a time under its lock.
   */
  public void forEachStateInDirtyGroups(
      Consumer<StateRecord> sink, int shift, Predicate<SignalType> everything) {
    copyStatesInDirtyGroups(c -> sink.accept(c.encode()), shift, everything);
  }

  /**
   * {@link #forEachStateInDirtyGroups} handing out copies of the states, to be encoded later (by
   * {@link StateCopy#encode}) even while writers change the ledger again. The states of one type
   * come one after another.
   */
  public void copyStatesInDirtyGroups(
      Consumer<StateCopy> sink, int shift, Predicate<SignalType> everything) {
    copyStatesInDirtyGroups(sink, shift, everything, (type, group) -> {});
  }

  /**
   * {@link #copyStatesInDirtyGroups(Consumer, int, Predicate)} that also reports, per type, each
   * group holding a state removed since the last call ({@link #removeEntity}, or an erasure that
   * left nothing): its stored bucket must be rewritten without the removed states, or deleted when
   * the group has no state left. Call under the checkpoint's exclusive lock.
   */
  public void copyStatesInDirtyGroups(
      Consumer<StateCopy> sink,
      int shift,
      Predicate<SignalType> everything,
      BiConsumer<SignalType, Long> removedGroup) {
    LedgerStates.copyInDirtyGroups(types.values(), sink, shift, everything, removedGroup);
  }

  /**
   * Marks every state clean. The caller excludes writers between {@link #forEachState} and this
   * call; a count walk's bound refresh in between may be forgotten, which is harmless (a stale
   * bound is still an upper bound).
   */
  public void clearDirty() {
    LedgerStates.clearDirty(types.values());
  }

  /**
   * One entity's state as a checkpoint stores it (what {@link #load} installs), or null when the
   * entity has none in this type.
   */
  public byte[] encoded(SignalType type, EntityId entity) {
    return LedgerStates.encoded(require(type), requireEntity(entity));
  }

  /**
   * Installs a checkpointed state (replacing any present one) and its rank keys.
   *
   * @throws TidalException {@code CORRUPT}, {@code UNSUPPORTED_FORMAT}, {@code UNKNOWN_SIGNAL_TYPE};
   *     the ledger is unchanged
   */
  public void load(SignalType type, EntityId entity, byte[] state) {
    TypeLedger tl = require(type);
    long id = requireEntity(entity);
    tl.load(id, StateCodec.decode(state, tl.k, type.name(), entity));
  }

  /**
   * Installs many checkpointed states at once and rebuilds the rank indexes of their types in
   * O(N log N): recovery's fast path (one {@link #load} per state costs a skip-list insert per
   * index). A record for an entity that already has state replaces it (as {@link #load}). Must not
   * run concurrently with any other call; if it throws ({@code CORRUPT}, {@code
   * UNSUPPORTED_FORMAT}, {@code UNKNOWN_SIGNAL_TYPE}) the ledger holds part of the records with
   * consistent indexes: discard it.
   */
  public void loadAll(Iterator<StateRecord> records) {
    Set<TypeLedger> loaded = new HashSet<>();
    try {
      while (records.hasNext()) {
        StateRecord r = records.next();
        TypeLedger tl = require(r.type());
        long id = requireEntity(r.entity());
        long[] s = StateCodec.decode(r.state(), tl.k, r.type().name(), r.entity());
        loaded.add(tl);
        if (!tl.putUnindexed(id, s)) {
          tl.load(id, s);
        }
      }
    } finally {
      for (TypeLedger tl : loaded) {
        tl.rebuildIndexes();
      }
    }
  }

  // ---- deletion and erasure ----

  /**
   * Removes the state of (type, entity) and every rank index entry of it: the entity scores 0 and
   * ranks nowhere for this type until it records again (from zero). Memory only: the caller logs
   * the deletion, and a checkpoint must drop the entity's stored state (a removed state is not
   * emitted by {@link #copyStatesInDirtyGroups}). Returns false when there was no state.
   */
  public boolean removeEntity(SignalType type, EntityId entity) {
    return require(type).remove(requireEntity(entity));
  }

  /**
   * Erases one retained signal of (type, entity) with exactly timestamp {@code ts} and the bits of
   * {@code weight} ({@link Double#doubleToLongBits}, so 0.0 and -0.0 differ): its decay values are
   * recomputed exactly from the folded values and the remaining retained signals (a sum, not a
   * subtraction), and its anchor, total, windowed counts and rank keys follow. A state left with no
   * retained signal and nothing folded is removed. Returns false when no such retained signal
   * exists, also when it was already folded into the decay values (older than the horizon): a
   * folded signal stays folded, an anonymous part of the decay values. Of several identical
   * signals, one is erased per call.
   */
  public boolean eraseSignal(SignalType type, EntityId entity, long ts, double weight) {
    TypeLedger tl = require(type);
    if (!Double.isFinite(weight)) {
      throw LedgerException.invalidWeight(weight);
    }
    checkTime("signal timestamp", ts);
    return tl.erase(requireEntity(entity), ts, Double.doubleToRawLongBits(weight));
  }

  /** Number of tracked (type, entity) states. */
  public long stateCount() {
    long n = 0;
    for (TypeLedger tl : types.values()) {
      n += tl.table.size();
    }
    return n;
  }

  /** Memory accounting (O(states)). */
  public LedgerStats stats() {
    return LedgerAudit.stats(types.values());
  }

  /** Checks every internal invariant; throws {@code INTERNAL} naming the first violation. For tests. */
  void checkInvariants() {
    LedgerAudit.check(types.values());
  }

  Collection<TypeLedger> typeLedgers() {
    return types.values();
  }

  // ---- validation ----

  TypeLedger require(SignalType type) {
    if (type == null) {
      throw SchemaException.unknownSignalType(null);
    }
    TypeLedger tl = types.get(type.name());
    if (tl == null || !tl.type.equals(type)) {
      throw SchemaException.unknownSignalType(type.name());
    }
    return tl;
  }
}
