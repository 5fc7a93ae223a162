package io.tidal.engine.ledger;

import io.tidal.engine.rank.CountKeys;
import io.tidal.engine.rank.DecayKeys;
import io.tidal.engine.rank.RankIndex;
import io.tidal.schema.SignalType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hot state and rank indexes of one signal type.
 *
 * <p>One {@link RankIndex} per declared half-life (key: {@link DecayKeys#key}) and one per declared
 * window. A window index keys each entity by its count as of its bound time {@code b} (at first
 * the entity's latest timestamp), rounded up by {@link CountKeys#key}: since no recorded signal is
 * later than {@code b}, the count at any {@code at >= b} is at most that key, so the key is an upper bound for every query at or after
 * {@link #validFrom()} = the greatest {@code b} of the type. Walks visit entities in bound order,
 * compute exact counts, and stop when the K-th exact count beats the next bound; they refresh stale
 * bounds on the way ({@link #refreshBound}): an entity whose bound exceeds its count at the type's
 * current {@code validFrom} is re-keyed with that count and {@code b = validFrom}, so inactive
 * entities sink and are not revisited. Count queries at an {@code at} before {@code validFrom} walk
 * the index of a wider window whose keys still bound the past counts, or scan (see RankPlanner).
 * One more index, {@link #anchorIndex}, orders by anchor (latest timestamp, descending) the
 * entities that retain a signal of negative weight: a decay top-K at a past {@code at} finds there
 * those whose index keys may not bound their scores at {@code at} (see RankPlanner).
 *
 * <p><b>Retention and the horizon.</b> The type's {@code RETAIN} ({@link SignalType#retentionMs})
 * counted back from {@code validFrom} (the type's latest signal) is the horizon. Retained signals at
 * or before it are folded ({@link EntityState#fold}) when an entity records a signal and by
 * {@link #prune} at checkpoints. Decay is exact for {@code at >= }{@link #decayFloor()} = the
 * horizon, or later if a state loaded from state format 1 carries a later fold time (its anchor
 * then): such a state has no per-signal weights before it. Counts are exact for {@code at - W >=}
 * the horizon. Earlier reads throw {@link LedgerException#beforeHorizon}. Since the horizon only
 * moves forward and a fold uses a horizon already published, a read checks its {@code at} before
 * and again after reading the state: if a concurrent fold reached past {@code at}, the second check
 * fails and the read throws instead of returning a number that misses folded signals.
 *
 * <p>Every state change and its index changes happen under the entity's stripe lock, in one
 * critical section; index moves add the new entry before removing the old one. How a state's keys
 * are derived and moved, and the bulk rebuild at open, are in {@link TypeIndexes}.
 */
final class TypeLedger {
  final SignalType type;
  final long[] halfLivesMs;
  final long[] windowsMs;
  final int k;
  private final long retentionMs;

  /** Ids whose state was removed since the last checkpoint: their stored states must go. */
  private final java.util.Set<Long> removed = java.util.concurrent.ConcurrentHashMap.newKeySet();

  final StateTable table = new StateTable();

  /** The type's rank indexes and the keys of each state in them ({@link TypeIndexes}). */
  final TypeIndexes indexes;

  final RankIndex[] decayIndexes;
  final RankIndex[] countIndexes;
  final RankIndex anchorIndex;

  /** Greatest bound time of any state: count indexes are valid for {@code at >= validFrom}. */
  private final AtomicLong validFrom = new AtomicLong(Long.MIN_VALUE);

  /** Greatest fold time of any loaded state (later than the horizon only for format-1 states). */
  private final AtomicLong loadedFoldFloor = new AtomicLong(Long.MIN_VALUE);

  TypeLedger(SignalType type) {
    this.type = type;
    this.k = type.halfLifeCount();
    this.halfLivesMs = new long[k];
    for (int j = 0; j < k; j++) {
      halfLivesMs[j] = type.halfLifeMs(j);
    }
    this.windowsMs = new long[type.windowCount()];
    for (int j = 0; j < windowsMs.length; j++) {
      windowsMs[j] = type.windowMs(j);
    }
    this.retentionMs = type.retentionMs();
    this.indexes = new TypeIndexes(halfLivesMs, windowsMs);
    this.decayIndexes = indexes.decayIndexes;
    this.countIndexes = indexes.countIndexes;
    this.anchorIndex = indexes.anchorIndex;
  }

  /** The horizon: latest signal minus the retention ({@code Long.MIN_VALUE} without signals). */
  long horizon() {
    long v = validFrom.get();
    return v == Long.MIN_VALUE ? Long.MIN_VALUE : v - retentionMs;
  }

  /** The earliest {@code at} at which every decay score of the type is exact. */
  long decayFloor() {
    return Math.max(horizon(), loadedFoldFloor.get());
  }

  /** Throws {@code BEFORE_HORIZON} unless a decay read at {@code at} is exact. */
  void checkDecayAt(long at) {
    long floor = decayFloor();
    if (at < floor) {
      throw LedgerException.beforeHorizon(type, "DECAY_SCORE", at, floor, horizon());
    }
  }

  /** Throws {@code BEFORE_HORIZON} unless a count read for window {@code j} at {@code at} is exact. */
  void checkCountAt(int j, long at) {
    long h = horizon();
    if (h != Long.MIN_VALUE && at - windowsMs[j] < h) {
      throw LedgerException.beforeHorizon(
          type, "WINDOWED_COUNT and VELOCITY", at, h + windowsMs[j], h);
    }
  }

  /** Raises {@link #validFrom()} to at least {@code t}. */
  void raiseValidFrom(long t) {
    validFrom.accumulateAndGet(t, Math::max);
  }

  long validFrom() {
    return validFrom.get();
  }

  /** Records one validated signal: state and every index of the entity, atomically. */
  void record(long id, double w, long t) {
    // Raise validFrom before any key can reflect t, so a concurrent count walk can tell.
    if (t > validFrom.get()) { // read first: most signals do not raise it, and a CAS would bounce
      validFrom.accumulateAndGet(t, Math::max);
    }
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      if (s == null) {
        s = foldIfDue(EntityState.create(k, w, t), horizon());
        st.put(id, s);
        indexes.addKeys(id, s);
        return;
      }
      double[] oldValues = indexes.values(s);
      long oldAnchor = EntityState.anchor(s);
      long[] oldCounts = indexes.countKeys(s);
      double oldEntry = TypeIndexes.anchorEntry(s);
      long[] n = apply(s, w, t, horizon());
      st.put(id, n); // marks it dirty even when changed in place
      indexes.moveKeys(id, n, oldValues, oldAnchor, oldCounts, oldEntry);
    }
  }

  /**
   * Records signals as {@link #record} would in call order, moving each entity's keys once: an
   * entity's signals are chained in call order (an open-addressing table from id to the chain's
   * first and last signal), then each chain is applied under its stripe lock.
   */
  void recordAll(long[] ids, double[] ws, long[] ts, int n) {
    if (n <= 1) {
      if (n == 1) {
        record(ids[0], ws[0], ts[0]);
      }
      return;
    }
    // The horizon each signal sees is the one record() would: from the latest timestamp so far.
    long before = validFrom.get();
    EntityChains chains = EntityChains.group(ids, ts, n, before, retentionMs);
    long maxT = chains.horizons[n - 1] + retentionMs;
    if (maxT > before) { // before any key can reflect these signals (see record)
      validFrom.accumulateAndGet(maxT, Math::max);
    }
    Scratch scratch = new Scratch(k, windowsMs.length); // one per call: no allocation per entity
    for (int e = 0; e < chains.entities; e++) {
      int head = chains.heads[e];
      recordChain(ids[head], head, chains.next, ws, ts, chains.horizons, scratch);
    }
  }

  /** The old keys of the entity a chain moves, and its new count keys: reused from chain to chain. */
  private static final class Scratch {
    final double[] oldValues;
    final long[] oldCounts;
    final long[] newCounts;

    Scratch(int halfLives, int windows) {
      oldValues = new double[halfLives];
      oldCounts = new long[windows];
      newCounts = new long[windows];
    }
  }

  /** Applies the signals of one entity chained from {@code i}, then moves its keys once. */
  private void recordChain(
      long id, int i, int[] next, double[] ws, long[] ts, long[] horizons, Scratch scratch) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      boolean created = s == null;
      long oldAnchor = 0;
      double oldEntry = Double.NaN;
      if (created) {
        s = foldIfDue(EntityState.create(k, ws[i], ts[i]), horizons[i]);
        i = next[i];
      } else {
        for (int j = 0; j < k; j++) {
          scratch.oldValues[j] = EntityState.value(s, j);
        }
        oldAnchor = EntityState.anchor(s);
        indexes.countKeys(s, scratch.oldCounts);
        oldEntry = TypeIndexes.anchorEntry(s);
      }
      for (; i >= 0; i = next[i]) {
        s = apply(s, ws[i], ts[i], horizons[i]);
      }
      st.put(id, s); // marks it dirty even when changed in place
      if (created) {
        indexes.addKeys(id, s);
      } else {
        indexes.moveDecayKeys(id, s, scratch.oldValues, oldAnchor, oldEntry);
        indexes.countKeys(s, scratch.newCounts);
        indexes.moveCountKeysTo(id, scratch.oldCounts, scratch.newCounts);
      }
    }
  }

  /** Applies one signal to a state: decay values, the retained pairs, then a fold if one is due. */
  private long[] apply(long[] s, double w, long t, long horizon) {
    EntityState.addDecay(s, halfLivesMs, w, t);
    return foldIfDue(EntityState.retain(s, halfLivesMs, w, t, horizon), horizon);
  }

  private long[] foldIfDue(long[] s, long horizon) {
    if (EntityState.len(s) > 0 && s[EntityState.pair(k, 0)] <= horizon) {
      return EntityState.fold(s, halfLivesMs, horizon);
    }
    return s;
  }

  /** Installs a decoded state (checkpoint load), replacing any present one. */
  void load(long id, long[] s) {
    validFrom.accumulateAndGet(EntityState.boundTime(s), Math::max);
    loadedFoldFloor.accumulateAndGet(EntityState.foldTime(s), Math::max);
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] old = st.get(id);
      st.put(id, s);
      if (old == null) {
        indexes.addKeys(id, s);
      } else {
        indexes.moveKeys(
            id,
            s,
            indexes.values(old),
            EntityState.anchor(old),
            indexes.countKeys(old),
            TypeIndexes.anchorEntry(old));
      }
    }
  }

  /**
   * Installs a decoded state without touching the indexes; {@link #rebuildIndexes} must follow
   * before the type is used. Returns false (installing nothing) when the entity already has state.
   */
  boolean putUnindexed(long id, long[] s) {
    validFrom.accumulateAndGet(EntityState.boundTime(s), Math::max);
    loadedFoldFloor.accumulateAndGet(EntityState.foldTime(s), Math::max);
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      if (st.get(id) != null) {
        return false;
      }
      st.put(id, s, false); // as stored: clean
      return true;
    }
  }

  /** Rebuilds every rank index from the states; nothing else may use this type meanwhile. */
  void rebuildIndexes() {
    indexes.rebuild(table);
  }

  /**
   * Folds, in every state, the retained signals at or before the horizon (entities that stopped
   * receiving signals keep theirs otherwise), re-keying count entries whose bound changes. Returns
   * the number of retained signals folded.
   */
  long prune() {
    long horizon = horizon();
    if (horizon == Long.MIN_VALUE) {
      return 0;
    }
    long dropped = 0;
    for (StateTable.Stripe st : table.stripes()) {
      synchronized (st) {
        for (int slot = 0; slot < st.capacity(); slot++) {
          long[] s = st.stateAt(slot);
          if (s == null || EntityState.len(s) == 0 || s[EntityState.pair(k, 0)] > horizon) {
            continue;
          }
          long id = st.idAt(slot);
          long[] oldCounts = indexes.countKeys(s);
          double oldEntry = TypeIndexes.anchorEntry(s);
          int before = EntityState.len(s);
          long[] n = EntityState.fold(s, halfLivesMs, horizon);
          dropped += before - EntityState.len(n);
          st.put(id, n);
          indexes.moveCountKeys(id, n, oldCounts);
          indexes.moveAnchorEntry(id, n, oldEntry);
        }
      }
    }
    return dropped;
  }

  /** The decay score as of {@code at}; the caller checked {@code at} and checks it again after. */
  double decayScore(long id, int j, long at) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      return s == null ? 0.0 : EntityState.decay(s, halfLivesMs, j, at);
    }
  }

  /** The windowed count as of {@code at}; the caller checked {@code at} and checks it again after. */
  long windowedCount(long id, int j, long at) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      return s == null ? 0L : EntityState.count(s, k, windowsMs[j], at);
    }
  }

  /**
   * Adds to {@code out} every entity with a retained negative weight whose anchor is later than
   * {@code at} (and those within the same minute granule): the head of the anchor index,
   * O(result); nothing when {@code at} is at or after the type's latest signal.
   */
  void laterThan(long at, Set<Long> out) {
    if (at < validFrom.get()) { // else no anchor is later (validFrom is raised before any change)
      indexes.anchorsAfter(at, out);
    }
  }

  /**
   * Whether every retained signal of the entity later than {@code at} weighs {@code >= 0} (true
   * without state): then its as-of score at {@code at} is at most its full score, which its index
   * keys bound. O(its signals after {@code at}).
   */
  boolean laterNonNegative(long id, long at) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      if (s == null) {
        return true;
      }
      for (int i = EntityState.countAtOrBefore(s, k, at); i < EntityState.len(s); i++) {
        if (Double.longBitsToDouble(s[EntityState.pair(k, i) + 1]) < 0) {
          return false;
        }
      }
      return true;
    }
  }

  /** Removes the entity's state and every index entry of it; false when it had none. */
  boolean remove(long id) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      if (s == null) {
        return false;
      }
      indexes.removeKeys(id, s);
      st.remove(id);
      removed.add(id);
      return true;
    }
  }

  /** The ids removed since the last call (the checkpoint drops their stored states). */
  java.util.Set<Long> drainRemoved() {
    java.util.Set<Long> out = new java.util.HashSet<>(removed);
    removed.removeAll(out);
    return out;
  }

  /**
   * Erases one retained signal with timestamp {@code t} and weight bits {@code bits}: the decay
   * values and anchor are recomputed from the folded values and the remaining signals, the total
   * and the index keys follow; a state left with nothing is removed. False when no such retained
   * signal exists (also when it was folded: then it stays in the folded values).
   */
  boolean erase(long id, long t, long bits) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      if (s == null) {
        return false;
      }
      int i = EntityState.find(s, k, t, bits);
      if (i < 0) {
        return false;
      }
      double[] oldValues = indexes.values(s);
      long oldAnchor = EntityState.anchor(s);
      long[] oldCounts = indexes.countKeys(s);
      double oldEntry = TypeIndexes.anchorEntry(s);
      long[] n = EntityState.removePairs(s, k, i, 1);
      n[EntityState.TOTAL]--;
      if (!EntityState.recompute(n, halfLivesMs) || isEmpty(n)) {
        indexes.removeKeys(id, oldValues, oldAnchor, oldCounts, oldEntry);
        st.remove(id);
        removed.add(id);
        return true;
      }
      st.put(id, n);
      indexes.moveKeys(id, n, oldValues, oldAnchor, oldCounts, oldEntry);
      return true;
    }
  }

  /** No retained signal and every folded value zero: nothing left to answer. */
  private boolean isEmpty(long[] s) {
    if (EntityState.len(s) > 0) {
      return false;
    }
    for (int j = 0; j < k; j++) {
      if (EntityState.folded(s, k, j) != 0.0) {
        return false;
      }
    }
    return true;
  }

  /** {total signals, latest timestamp}, or null when the entity has no state. */
  long[] totals(long id) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      return s == null ? null : new long[] {s[EntityState.TOTAL], s[EntityState.ANCHOR]};
    }
  }

  boolean contains(long id) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      return st.get(id) != null;
    }
  }

  /**
   * The exact count at {@code at} for window {@code j}; on the way, when the entity's bound is stale
   * as of {@code v} (a {@code validFrom} snapshot), re-keys all its count
   * entries with the counts as of {@code v}. Returns -1 when the entity has no state.
   */
  long refreshBound(long id, int j, long at, long v) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      if (s == null) {
        return -1;
      }
      long c = EntityState.count(s, k, windowsMs[j], at);
      long b = EntityState.boundTime(s);
      if (b < v
          && CountKeys.key(EntityState.count(s, k, windowsMs[j], v))
              < CountKeys.key(EntityState.count(s, k, windowsMs[j], b))) {
        long[] oldCounts = indexes.countKeys(s);
        s[EntityState.BOUND_TIME] = v;
        st.put(id, s); // marks it dirty
        indexes.moveCountKeys(id, s, oldCounts);
      }
      return c;
    }
  }
}
