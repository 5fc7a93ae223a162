package io.tidal.engine.ledger;

import io.tidal.TidalException;
import io.tidal.engine.rank.CountKeys;
import io.tidal.engine.rank.DecayKeys;
import io.tidal.engine.rank.RankIndex;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Memory accounting and invariant checks over the states and indexes; O(states). */
final class LedgerAudit {
  /** Estimated bytes per skip-list index entry: entry object, node, average index levels. */
  static final long INDEX_ENTRY_BYTES = 72;

  private LedgerAudit() {}

  static LedgerStats stats(Collection<TypeLedger> tls) {
    long states = 0;
    long stateBytes = 0;
    long tableBytes = 0;
    long indexEntries = 0;
    long[] sizes = new long[16];
    int n = 0;
    for (TypeLedger tl : tls) {
      tableBytes += tl.table.tableBytes();
      for (StateTable.Stripe st : tl.table.stripes()) {
        synchronized (st) {
          for (int i = 0; i < st.capacity(); i++) {
            long[] s = st.stateAt(i);
            if (s != null) {
              if (n == sizes.length) {
                sizes = Arrays.copyOf(sizes, n * 2);
              }
              sizes[n++] = EntityState.bytes(s);
              stateBytes += EntityState.bytes(s);
            }
          }
        }
      }
      for (RankIndex ix : tl.decayIndexes) {
        indexEntries += ix.size();
      }
      for (RankIndex ix : tl.countIndexes) {
        indexEntries += ix.size();
      }
      indexEntries += tl.anchorIndex.size();
    }
    states = n;
    Arrays.sort(sizes, 0, n);
    long median = n == 0 ? 0 : sizes[n / 2];
    return new LedgerStats(
        states, stateBytes, median, tableBytes, indexEntries, indexEntries * INDEX_ENTRY_BYTES);
  }

  static void check(Collection<TypeLedger> tls) {
    for (TypeLedger tl : tls) {
      Map<Long, long[]> states = new HashMap<>();
      tl.table.forEach(
          (id, s) -> {
            checkState(tl, id, s);
            states.put(id, s.clone());
          });
      for (int j = 0; j < tl.k; j++) {
        checkDecayIndex(tl, j, states);
      }
      for (int j = 0; j < tl.windowsMs.length; j++) {
        checkCountIndex(tl, j, states);
      }
      checkAnchorIndex(tl, states);
    }
  }

  private static void checkState(TypeLedger tl, long id, long[] s) {
    int n = EntityState.len(s);
    require(n >= 0 && EntityState.used(s, tl.k) <= s.length, tl, id, "length out of bounds");
    require(s[EntityState.TOTAL] >= Math.max(1, n), tl, id, "total below retained count");
    require(EntityState.boundTime(s) >= EntityState.anchor(s), tl, id, "bound time before anchor");
    for (int j = 0; j < tl.k; j++) {
      require(Double.isFinite(EntityState.value(s, j)), tl, id, "non-finite decay value");
      require(Double.isFinite(EntityState.folded(s, tl.k, j)), tl, id, "non-finite folded value");
    }
    require(
        s[EntityState.NEGATIVES] == EntityState.countNegatives(s, tl.k),
        tl,
        id,
        "negative-weight count " + s[EntityState.NEGATIVES]);
    long f = EntityState.foldTime(s);
    long prev = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      int p = EntityState.pair(tl.k, i);
      long t = s[p];
      require(
          t >= prev && t <= EntityState.anchor(s), tl, id, "timestamps unordered or after anchor");
      boolean countOnly = s[p + 1] == EntityState.COUNT_ONLY;
      require(
          countOnly
              ? f != EntityState.NO_FOLD && t <= f
              : Double.isFinite(Double.longBitsToDouble(s[p + 1]))
                  && (f == EntityState.NO_FOLD || t > f),
          tl,
          id,
          "retained signal #" + i + " on the wrong side of the fold time");
      prev = t;
    }
  }

  private static void checkAnchorIndex(TypeLedger tl, Map<Long, long[]> states) {
    int seen = 0;
    long withNegatives =
        states.values().stream().filter(s -> !Double.isNaN(TypeLedger.anchorEntry(s))).count();
    for (Iterator<RankIndex.Entry> it = tl.anchorIndex.iterator(); it.hasNext(); ) {
      RankIndex.Entry e = it.next();
      long[] s = states.get(e.id());
      require(s != null, tl, e.id(), "anchor index entry without state");
      require(
          Double.compare(e.key(), TypeLedger.anchorEntry(s)) == 0,
          tl,
          e.id(),
          "stale anchor index entry " + e);
      seen++;
    }
    require(
        seen == withNegatives,
        tl,
        -1,
        "anchor index has "
            + seen
            + " entries for "
            + withNegatives
            + " states with negative weights");
  }

  private static void checkDecayIndex(TypeLedger tl, int j, Map<Long, long[]> states) {
    int seen = 0;
    for (Iterator<RankIndex.Entry> it = tl.decayIndexes[j].iterator(); it.hasNext(); ) {
      RankIndex.Entry e = it.next();
      long[] s = states.get(e.id());
      require(s != null, tl, e.id(), "decay index entry without state");
      double v = EntityState.value(s, j);
      require(
          e.cls() == DecayKeys.cls(v)
              && Double.compare(e.key(), DecayKeys.key(v, EntityState.anchor(s), tl.halfLivesMs[j]))
                  == 0,
          tl,
          e.id(),
          "stale decay index entry " + e);
      seen++;
    }
    require(
        seen == states.size(),
        tl,
        -1,
        "decay index #" + j + " has " + seen + " entries for " + states.size() + " states");
  }

  private static void checkCountIndex(TypeLedger tl, int j, Map<Long, long[]> states) {
    int seen = 0;
    for (Iterator<RankIndex.Entry> it = tl.countIndexes[j].iterator(); it.hasNext(); ) {
      RankIndex.Entry e = it.next();
      long[] s = states.get(e.id());
      require(s != null, tl, e.id(), "count index entry without state");
      long bound =
          CountKeys.key(EntityState.count(s, tl.k, tl.windowsMs[j], EntityState.boundTime(s)));
      require(e.key() == bound, tl, e.id(), "stale count index entry " + e + " bound=" + bound);
      require(EntityState.boundTime(s) <= tl.validFrom(), tl, e.id(), "bound time after validFrom");
      seen++;
    }
    require(
        seen == states.size(),
        tl,
        -1,
        "count index #" + j + " has " + seen + " entries for " + states.size() + " states");
  }

  private static void require(boolean ok, TypeLedger tl, long id, String what) {
    if (!ok) {
      throw TidalException.internal(
          "ledger invariant: "
              + what
              + " [type="
              + tl.type.name()
              + ", entity="
              + Long.toUnsignedString(id)
              + "]",
          null);
    }
  }
}
