package io.tidal.engine.ledger;

import io.tidal.engine.rank.CountKeys;
import io.tidal.engine.rank.DecayKeys;
import io.tidal.engine.rank.GroupedIndex;
import io.tidal.engine.rank.RankIndex;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The rank indexes of one signal type ({@link TypeLedger}) and how an entity's keys in them follow
 * from its state: one {@link RankIndex} per half-life (key {@link DecayKeys#key}), one per window
 * (key {@link CountKeys#key} of the count at the state's bound time), and {@link #anchorIndex}.
 * Every method that adds, removes or moves keys is called by {@link TypeLedger} under the entity's
 * stripe lock, in the same critical section as the state change it follows (new entry added before
 * the old one is removed); this class takes no lock of its own.
 */
final class TypeIndexes {
  final long[] halfLivesMs;
  final long[] windowsMs;
  final int k;
  final RankIndex[] decayIndexes;
  final RankIndex[] countIndexes;

  /**
   * The entities that retain a signal of negative weight, by anchor rounded up to
   * {@link #ANCHOR_GRANULE_MS} ({@link #anchorEntry}): a walk for a past {@code at} takes every one
   * keyed after {@code at}, a superset of those with signals after it. Entities with weights of one
   * sign (most) never enter it, so they cost no index moves; the rounding saves moves for the rest.
   */
  final RankIndex anchorIndex = new RankIndex();

  static final long ANCHOR_GRANULE_MS = 60_000L;

  /**
   * The decay indexes split by a row column ({@link GroupedIndex}, for follow feeds): each receives
   * every change of its half-life's entries. Replaced (copy on write) under the exclusive state
   * lock only, so a writer sees a stable array; empty for types without feeds.
   */
  volatile GroupedIndex[] grouped = new GroupedIndex[0];

  TypeIndexes(long[] halfLivesMs, long[] windowsMs) {
    this.halfLivesMs = halfLivesMs;
    this.windowsMs = windowsMs;
    this.k = halfLivesMs.length;
    this.decayIndexes = new RankIndex[k];
    for (int j = 0; j < k; j++) {
      decayIndexes[j] = new RankIndex();
    }
    this.countIndexes = new RankIndex[windowsMs.length];
    for (int j = 0; j < windowsMs.length; j++) {
      countIndexes[j] = new RankIndex();
    }
  }

  /** Rebuilds every rank index from the states of {@code table}; nothing else may use the type meanwhile. */
  void rebuild(StateTable table) {
    int n = (int) table.size();
    byte[][] decayCls = new byte[k][n];
    double[][] decayKeys = new double[k][n];
    double[][] countKeys = new double[windowsMs.length][n];
    double[] anchors = new double[n];
    long[] anchorIds = new long[n];
    int[] withNegatives = {0};
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
          if (!Double.isNaN(anchorEntry(s))) {
            anchors[withNegatives[0]] = anchorEntry(s);
            anchorIds[withNegatives[0]++] = ids[i];
          }
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
    IntStream.range(0, k + windowsMs.length + 1)
        .parallel()
        .forEach(
            j -> {
              if (j == k + windowsMs.length) {
                anchorIndex.rebuild(
                    Arrays.copyOf(positive, withNegatives[0]),
                    anchors,
                    anchorIds,
                    withNegatives[0]);
              } else if (j < k) {
                decayIndexes[j].rebuild(decayCls[j], decayKeys[j], ids.clone(), count);
              } else {
                int w = j - k;
                countIndexes[w].rebuild(positive.clone(), countKeys[w], ids.clone(), count);
              }
            });
  }

  /** Adds to {@code out} every entity whose anchor entry is later than {@code at}: O(result). */
  void anchorsAfter(long at, Set<Long> out) {
    for (Iterator<RankIndex.Entry> it = anchorIndex.iterator(); it.hasNext(); ) {
      RankIndex.Entry e = it.next();
      if (e.key() <= at) {
        break;
      }
      out.add(e.id());
    }
  }

  /**
   * The state's anchor index key: its anchor rounded up to the granule (exact as a double), or NaN
   * (no entry) when it retains no signal of negative weight.
   */
  static double anchorEntry(long[] s) {
    if (s[EntityState.NEGATIVES] == 0) {
      return Double.NaN;
    }
    long a = EntityState.anchor(s);
    return (double) Math.floorDiv(a + ANCHOR_GRANULE_MS - 1, ANCHOR_GRANULE_MS) * ANCHOR_GRANULE_MS;
  }

  void moveAnchorEntry(long id, long[] s, double oldEntry) {
    double e = anchorEntry(s);
    if (Double.compare(e, oldEntry) != 0) {
      if (!Double.isNaN(e)) {
        anchorIndex.add(id, RankIndex.POSITIVE, e);
      }
      if (!Double.isNaN(oldEntry)) {
        anchorIndex.remove(id, RankIndex.POSITIVE, oldEntry);
      }
    }
  }

  double[] values(long[] s) {
    double[] v = new double[k];
    for (int j = 0; j < k; j++) {
      v[j] = EntityState.value(s, j);
    }
    return v;
  }

  long[] countKeys(long[] s) {
    return countKeys(s, new long[windowsMs.length]);
  }

  /** The count keys of state {@code s}, written into {@code keys}; returns it. */
  long[] countKeys(long[] s, long[] keys) {
    long b = EntityState.boundTime(s);
    for (int j = 0; j < windowsMs.length; j++) {
      keys[j] = CountKeys.key(EntityState.count(s, k, windowsMs[j], b));
    }
    return keys;
  }

  void removeKeys(long id, long[] s) {
    removeKeys(id, values(s), EntityState.anchor(s), countKeys(s), anchorEntry(s));
  }

  void removeKeys(long id, double[] values, long anchor, long[] counts, double entry) {
    GroupedIndex[] gs = grouped;
    for (int j = 0; j < k; j++) {
      byte cls = DecayKeys.cls(values[j]);
      double key = DecayKeys.key(values[j], anchor, halfLivesMs[j]);
      decayIndexes[j].remove(id, cls, key);
      for (GroupedIndex g : gs) {
        if (g.halfLifeIndex() == j) {
          g.remove(id, cls, key);
        }
      }
    }
    for (int j = 0; j < counts.length; j++) {
      countIndexes[j].remove(id, RankIndex.POSITIVE, counts[j]);
    }
    if (!Double.isNaN(entry)) {
      anchorIndex.remove(id, RankIndex.POSITIVE, entry);
    }
  }

  void addKeys(long id, long[] s) {
    long a = EntityState.anchor(s);
    moveAnchorEntry(id, s, Double.NaN);
    GroupedIndex[] gs = grouped;
    for (int j = 0; j < k; j++) {
      double v = EntityState.value(s, j);
      byte cls = DecayKeys.cls(v);
      double key = DecayKeys.key(v, a, halfLivesMs[j]);
      decayIndexes[j].add(id, cls, key);
      for (GroupedIndex g : gs) {
        if (g.halfLifeIndex() == j) {
          g.add(id, cls, key);
        }
      }
    }
    long[] ck = countKeys(s);
    for (int j = 0; j < ck.length; j++) {
      countIndexes[j].add(id, RankIndex.POSITIVE, ck[j]);
    }
  }

  void moveKeys(
      long id, long[] s, double[] oldValues, long oldAnchor, long[] oldCounts, double oldEntry) {
    moveDecayKeys(id, s, oldValues, oldAnchor, oldEntry);
    moveCountKeys(id, s, oldCounts);
  }

  /** Moves the decay keys and the anchor entry of state {@code s} from the old values. */
  void moveDecayKeys(long id, long[] s, double[] oldValues, long oldAnchor, double oldEntry) {
    long a = EntityState.anchor(s);
    moveAnchorEntry(id, s, oldEntry);
    GroupedIndex[] gs = grouped;
    for (int j = 0; j < k; j++) {
      double v = EntityState.value(s, j);
      byte cls = DecayKeys.cls(v);
      double key = DecayKeys.key(v, a, halfLivesMs[j]);
      byte oldCls = DecayKeys.cls(oldValues[j]);
      double oldKey = DecayKeys.key(oldValues[j], oldAnchor, halfLivesMs[j]);
      decayIndexes[j].move(id, oldCls, oldKey, cls, key); // nothing when the key is unchanged
      if (gs.length == 0 || (oldCls == cls && Double.compare(oldKey, key) == 0)) {
        continue;
      }
      for (GroupedIndex g : gs) {
        if (g.halfLifeIndex() == j) {
          g.move(id, oldCls, oldKey, cls, key);
        }
      }
    }
  }

  void moveCountKeys(long id, long[] s, long[] oldCounts) {
    moveCountKeysTo(id, oldCounts, countKeys(s));
  }

  void moveCountKeysTo(long id, long[] oldCounts, long[] ck) {
    for (int j = 0; j < ck.length; j++) {
      if (ck[j] != oldCounts[j]) {
        countIndexes[j].move(id, RankIndex.POSITIVE, oldCounts[j], RankIndex.POSITIVE, ck[j]);
      }
    }
  }
}
