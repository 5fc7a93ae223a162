package io.tidal.ledger;

import io.tidal.rank.CountKeys;
import io.tidal.rank.DecayKeys;
import io.tidal.rank.RankIndex;
import io.tidal.schema.SignalType;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

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
 * entities sink and are not revisited. Queries at an {@code at} before {@code validFrom} scan.
 *
 * <p>Every state change and its index changes happen under the entity's stripe lock; index moves
 * add the new entry before removing the old one.
 */
final class TypeLedger {
  final SignalType type;
  final long[] halfLivesMs;
  final long[] windowsMs;
  final int k;
  private final long retentionMs;
  final StateTable table = new StateTable();
  final RankIndex[] decayIndexes;
  final RankIndex[] countIndexes;
  /** Greatest bound time of any state: count indexes are valid for {@code at >= validFrom}. */
  private final AtomicLong validFrom = new AtomicLong(Long.MIN_VALUE);

  TypeLedger(SignalType type, long retentionMs) {
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
    this.retentionMs = retentionMs;
    this.decayIndexes = new RankIndex[k];
    for (int j = 0; j < k; j++) {
      decayIndexes[j] = new RankIndex();
    }
    this.countIndexes = new RankIndex[windowsMs.length];
    for (int j = 0; j < windowsMs.length; j++) {
      countIndexes[j] = new RankIndex();
    }
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
        s = EntityState.create(k, w, t);
        st.put(id, s);
        addKeys(id, s);
        return;
      }
      double[] oldValues = values(s);
      long oldAnchor = EntityState.anchor(s);
      long[] oldCounts = countKeys(s);
      EntityState.addDecay(s, halfLivesMs, w, t);
      long horizon = horizon(s);
      long[] n = EntityState.insertTimestamp(s, k, t, horizon);
      n = EntityState.prune(n, k, horizon);
      st.put(id, n); // marks it dirty even when changed in place
      moveKeys(id, n, oldValues, oldAnchor, oldCounts);
    }
  }

  /**
   * Records signals as {@link #record} would in call order, moving each entity's keys once: an
   * entity's signals are chained in call order (an open-addressing table from id to the chain's
   * first and last signal), then each chain is applied under its stripe lock.
   */
  void recordAll(long[] ids, double[] ws, long[] ts, int n) {
    if (n == 1) {
      record(ids[0], ws[0], ts[0]);
      return;
    }
    long maxT = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      maxT = Math.max(maxT, ts[i]);
    }
    if (maxT > validFrom.get()) { // before any key can reflect these signals (see record)
      validFrom.accumulateAndGet(maxT, Math::max);
    }
    int cap = Integer.highestOneBit(n) << 2; // load factor <= 1/2
    int mask = cap - 1;
    int[] first = new int[cap]; // signal index + 1; 0 = empty slot
    int[] last = new int[cap];
    int[] next = new int[n]; // next signal of the same entity, -1 = none
    int[] heads = new int[n];
    int entities = 0;
    for (int i = 0; i < n; i++) {
      int slot = mix(ids[i]) & mask;
      while (first[slot] != 0 && ids[first[slot] - 1] != ids[i]) {
        slot = (slot + 1) & mask;
      }
      next[i] = -1;
      if (first[slot] == 0) {
        first[slot] = i + 1;
        heads[entities++] = i;
      } else {
        next[last[slot] - 1] = i;
      }
      last[slot] = i + 1;
    }
    for (int e = 0; e < entities; e++) {
      recordChain(ids[heads[e]], heads[e], next, ws, ts);
    }
  }

  private static int mix(long id) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** Applies the signals of one entity chained from {@code i}, then moves its keys once. */
  private void recordChain(long id, int i, int[] next, double[] ws, long[] ts) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      boolean created = s == null;
      double[] oldValues = null;
      long oldAnchor = 0;
      long[] oldCounts = null;
      if (created) {
        s = EntityState.create(k, ws[i], ts[i]);
        i = next[i];
      } else {
        oldValues = values(s);
        oldAnchor = EntityState.anchor(s);
        oldCounts = countKeys(s);
      }
      for (; i >= 0; i = next[i]) {
        EntityState.addDecay(s, halfLivesMs, ws[i], ts[i]);
        long horizon = horizon(s);
        s = EntityState.prune(EntityState.insertTimestamp(s, k, ts[i], horizon), k, horizon);
      }
      st.put(id, s); // marks it dirty even when changed in place
      if (created) {
        addKeys(id, s);
      } else {
        moveKeys(id, s, oldValues, oldAnchor, oldCounts);
      }
    }
  }

  /** Installs a decoded state (checkpoint load), replacing any present one. */
  void load(long id, long[] s) {
    validFrom.accumulateAndGet(EntityState.boundTime(s), Math::max);
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] old = st.get(id);
      st.put(id, s);
      if (old == null) {
        addKeys(id, s);
      } else {
        moveKeys(id, s, values(old), EntityState.anchor(old), countKeys(old));
      }
    }
  }

  /**
   * Installs a decoded state without touching the indexes; {@link #rebuildIndexes} must follow
   * before the type is used. Returns false (installing nothing) when the entity already has state.
   */
  boolean putUnindexed(long id, long[] s) {
    validFrom.accumulateAndGet(EntityState.boundTime(s), Math::max);
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
    int n = (int) table.size();
    byte[][] decayCls = new byte[k][n];
    double[][] decayKeys = new double[k][n];
    double[][] countKeys = new double[windowsMs.length][n];
    long[] ids = new long[n];
    int i = 0;
    for (StateTable.Stripe st : table.stripes()) {
      synchronized (st) {
        for (int slot = 0; slot < st.capacity(); slot++) {
          long[] s = st.stateAt(slot);
          if (s == null) {
            continue;
          }
          ids[i] = st.idAt(slot);
          long a = EntityState.anchor(s);
          for (int j = 0; j < k; j++) {
            double v = EntityState.value(s, j);
            decayCls[j][i] = DecayKeys.cls(v);
            decayKeys[j][i] = DecayKeys.key(v, a, halfLivesMs[j]);
          }
          long[] ck = countKeys(s);
          for (int j = 0; j < ck.length; j++) {
            countKeys[j][i] = ck[j];
          }
          i++;
        }
      }
    }
    byte[] positive = new byte[i];
    Arrays.fill(positive, RankIndex.POSITIVE);
    int count = i;
    // The indexes are independent and each rebuild is a sort of every state (about a quarter of the
    // CPU of an open): they run in parallel, in the common pool, as Arrays.parallelSort would.
    IntStream.range(0, k + windowsMs.length).parallel().forEach(j -> {
      if (j < k) {
        decayIndexes[j].rebuild(decayCls[j], decayKeys[j], ids.clone(), count);
      } else {
        int w = j - k;
        countIndexes[w].rebuild(positive.clone(), countKeys[w], ids.clone(), count);
      }
    });
  }

  /**
   * Drops, in every state, the retained timestamps at or before {@code validFrom - longest window -
   * retention} (entities that stopped receiving signals keep theirs otherwise), re-keying count
   * entries whose bound changes. Counts stay exact for {@code at >= validFrom - retention}.
   * Returns the number of timestamps dropped.
   */
  long prune() {
    long v = validFrom.get();
    if (v == Long.MIN_VALUE) {
      return 0;
    }
    long horizon = v - windowsMs[windowsMs.length - 1] - retentionMs;
    long dropped = 0;
    for (StateTable.Stripe st : table.stripes()) {
      synchronized (st) {
        for (int slot = 0; slot < st.capacity(); slot++) {
          long[] s = st.stateAt(slot);
          if (s == null || EntityState.len(s) == 0 || s[EntityState.HEADER + k] > horizon) {
            continue;
          }
          long id = st.idAt(slot);
          long[] oldCounts = countKeys(s);
          int before = EntityState.len(s);
          long[] n = EntityState.prune(s, k, horizon);
          dropped += before - EntityState.len(n);
          st.put(id, n);
          moveCountKeys(id, n, oldCounts);
        }
      }
    }
    return dropped;
  }

  private long horizon(long[] s) {
    long longest = windowsMs[windowsMs.length - 1];
    return EntityState.boundTime(s) - longest - retentionMs;
  }

  double decayScore(long id, int j, long at) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      return s == null ? 0.0 : EntityState.decay(s, halfLivesMs, j, at);
    }
  }

  long windowedCount(long id, int j, long at) {
    StateTable.Stripe st = table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      return s == null ? 0L : EntityState.count(s, k, windowsMs[j], at);
    }
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
   * as of {@code v} (a {@code validFrom} snapshot with {@code v <= at}), re-keys all its count
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
      if (b < v && CountKeys.key(EntityState.count(s, k, windowsMs[j], v))
          < CountKeys.key(EntityState.count(s, k, windowsMs[j], b))) {
        long[] oldCounts = countKeys(s);
        s[EntityState.BOUND_TIME] = v;
        st.put(id, s); // marks it dirty
        moveCountKeys(id, s, oldCounts);
      }
      return c;
    }
  }

  private double[] values(long[] s) {
    double[] v = new double[k];
    for (int j = 0; j < k; j++) {
      v[j] = EntityState.value(s, j);
    }
    return v;
  }

  private long[] countKeys(long[] s) {
    long[] keys = new long[windowsMs.length];
    long b = EntityState.boundTime(s);
    for (int j = 0; j < windowsMs.length; j++) {
      keys[j] = CountKeys.key(EntityState.count(s, k, windowsMs[j], b));
    }
    return keys;
  }

  private void addKeys(long id, long[] s) {
    long a = EntityState.anchor(s);
    for (int j = 0; j < k; j++) {
      double v = EntityState.value(s, j);
      decayIndexes[j].add(id, DecayKeys.cls(v), DecayKeys.key(v, a, halfLivesMs[j]));
    }
    long[] ck = countKeys(s);
    for (int j = 0; j < ck.length; j++) {
      countIndexes[j].add(id, RankIndex.POSITIVE, ck[j]);
    }
  }

  private void moveKeys(long id, long[] s, double[] oldValues, long oldAnchor, long[] oldCounts) {
    long a = EntityState.anchor(s);
    for (int j = 0; j < k; j++) {
      double v = EntityState.value(s, j);
      byte cls = DecayKeys.cls(v);
      double key = DecayKeys.key(v, a, halfLivesMs[j]);
      byte oldCls = DecayKeys.cls(oldValues[j]);
      double oldKey = DecayKeys.key(oldValues[j], oldAnchor, halfLivesMs[j]);
      if (cls != oldCls || Double.compare(key, oldKey) != 0) {
        decayIndexes[j].add(id, cls, key);
        decayIndexes[j].remove(id, oldCls, oldKey);
      }
    }
    moveCountKeys(id, s, oldCounts);
  }

  private void moveCountKeys(long id, long[] s, long[] oldCounts) {
    long[] ck = countKeys(s);
    for (int j = 0; j < ck.length; j++) {
      if (ck[j] != oldCounts[j]) {
        countIndexes[j].add(id, RankIndex.POSITIVE, ck[j]);
        countIndexes[j].remove(id, RankIndex.POSITIVE, oldCounts[j]);
      }
    }
  }
}
