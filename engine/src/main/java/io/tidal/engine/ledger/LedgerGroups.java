package io.tidal.engine.ledger;

import io.tidal.engine.rank.DecayKeys;
import io.tidal.engine.rank.GroupedIndex;
import io.tidal.engine.rank.RankOrder;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The ledger's side of follow feeds: decay indexes split by a row column ({@link GroupedIndex}),
 * attached to a signal type, kept in step with its states, and walked for a top-K restricted to
 * some of the column's values. The engine decides which (type, half-life, column) to attach, reads
 * the rows ({@code groupOf}) and reports row changes ({@link #regroup}).
 *
 * <p>Attaching and detaching change the type's set of grouped indexes: the caller excludes every
 * writer (the engine's exclusive state lock). A regroup runs under the entity's stripe lock of the
 * type, like every other index change of the entity.
 */
public final class LedgerGroups {
  private LedgerGroups() {}

  /**
   * Builds the grouped index of {@code type}'s half-life #{@code halfLifeIndex} from its current
   * states (one pass over them, a sort per group) and attaches it: from now on it follows every
   * signal, erasure and removal of the type. The caller excludes every writer of the ledger.
   */
  public static GroupedIndex attach(
      Ledger ledger, SignalType type, int halfLifeIndex, LongFunction<Object> groupOf) {
    TypeLedger tl = ledger.require(type);
    LedgerChecks.checkHalfLife(type, halfLifeIndex);
    TypeIndexes x = tl.indexes;
    int n = (int) tl.table.size();
    byte[] cls = new byte[n];
    double[] keys = new double[n];
    long[] ids = new long[n];
    int i = 0;
    long h = x.halfLivesMs[halfLifeIndex];
    for (StateTable.Stripe st : tl.table.stripes()) {
      synchronized (st) {
        for (int slot = 0; slot < st.capacity() && i < n; slot++) {
          long[] s = st.stateAt(slot);
          if (s != null) {
            double v = EntityState.value(s, halfLifeIndex);
            cls[i] = DecayKeys.cls(v);
            keys[i] = DecayKeys.key(v, EntityState.anchor(s), h);
            ids[i++] = st.idAt(slot);
          }
        }
      }
    }
    GroupedIndex g = new GroupedIndex(halfLifeIndex, groupOf);
    g.rebuild(cls, keys, ids, i);
    GroupedIndex[] now = x.grouped;
    GroupedIndex[] next = Arrays.copyOf(now, now.length + 1);
    next[now.length] = g;
    x.grouped = next;
    return g;
  }

  /** Detaches {@code g} from {@code type} (nothing when the type is gone). Writers excluded. */
  public static void detach(Ledger ledger, SignalType type, GroupedIndex g) {
    if (!ledger.hasType(type.name())) {
      return;
    }
    TypeLedger tl;
    try {
      tl = ledger.require(type);
    } catch (RuntimeException replaced) {
      return; // a type of the same name replaced it: its indexes never held g
    }
    List<GroupedIndex> next = new ArrayList<>(Arrays.asList(tl.indexes.grouped));
    next.remove(g);
    tl.indexes.grouped = next.toArray(new GroupedIndex[0]);
  }

  /**
   * The entity's row now has column value {@code value} (null: NULL or no row): moves its entry
   * between groups under its stripe lock, with its current key. Call after the row changed.
   */
  public static void regroup(
      Ledger ledger, SignalType type, GroupedIndex g, EntityId entity, Object value) {
    TypeLedger tl = ledger.require(type);
    long id = entity.bits();
    int j = g.halfLifeIndex();
    StateTable.Stripe st = tl.table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      if (s == null) {
        g.regroup(id, value, false, (byte) 0, 0.0);
        return;
      }
      double v = EntityState.value(s, j);
      g.regroup(
          id,
          value,
          true,
          DecayKeys.cls(v),
          DecayKeys.key(v, EntityState.anchor(s), tl.halfLivesMs[j]));
    }
  }

  /** Throws unless {@code g} equals its type's index split by each entity's group; for tests. */
  public static void check(Ledger ledger, SignalType type, GroupedIndex g) {
    g.check(ledger.require(type).decayIndexes[g.halfLifeIndex()]);
  }

  /**
   * {@link Ledger#topK} over decay terms, restricted to the entities whose group is one of {@code
   * values}: each term walks its grouped index ({@code groups}, index-aligned with {@code terms};
   * the term's type and half-life) merged over those values. With one term the walk reads about
   * {@code limit + offset + |values|} entries (plus ties), whatever the table's size.
   */
  public static TopKResult topK(
      Ledger ledger,
      List<RankTerm> terms,
      List<GroupedIndex> groups,
      Collection<?> values,
      long at,
      int limit,
      int offset,
      Predicate<EntityId> filter) {
    List<TypeLedger> tls = LedgerChecks.validate(terms, at, limit, offset, ledger::require);
    RankOrder[] orders = new RankOrder[terms.size()];
    for (int i = 0; i < orders.length; i++) {
      if (!(terms.get(i) instanceof RankTerm.Decay d)
          || groups.get(i).halfLifeIndex() != d.halfLifeIndex()) {
        throw new IllegalArgumentException("grouped index " + i + " does not match its term");
      }
      orders[i] = groups.get(i).merged(values);
    }
    GroupedIndex first = groups.get(0);
    TopKResult r =
        new RankPlanner(terms, tls, at, limit, offset, filter)
            .within(
                orders,
                id -> {
                  Object v = first.groupOf(id);
                  return v != null && values.contains(v);
                })
            .indexed();
    LedgerChecks.checkHorizons(terms, tls, at);
    return r;
  }
}
