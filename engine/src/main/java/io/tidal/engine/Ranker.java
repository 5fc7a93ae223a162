package io.tidal.engine;

import io.tidal.EntitySet;
import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.TidalException;
import io.tidal.engine.ledger.Ledger;
import io.tidal.engine.ledger.LedgerGroups;
import io.tidal.engine.rank.GroupedIndex;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.Ranked;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers {@link RankQuery}s from the ledger's ranking walk and maps entity ids back to keys.
 *
 * <p>Design notes. The ledger ranks by score, ties by {@link EntityId}; tidal promises ties by entity
 * key. Dense VARCHAR ids do not follow key order, so the ranker asks for {@code offset + k + 1} entries
 * and, while the last one ties with the boundary score, asks again for twice as many (so every entity tied
 * at the boundary is seen), then sorts by (score descending, key ascending) and cuts
 * {@code [offset, offset + k)}. Ties are exact double equality: the ledger computes identical histories
 * identically. {@code touched} is what the ledger reports for the last walk.
 */
final class Ranker {
  private final Supplier<Schema> schema;
  private final Map<String, TableData> tables;
  private final Ledger ledger;
  private final FeedGroups groups;
  private volatile long lastTouched;

  Ranker(Supplier<Schema> schema, Map<String, TableData> tables, Ledger ledger, FeedGroups groups) {
    this.schema = schema;
    this.tables = tables;
    this.ledger = ledger;
    this.groups = groups;
  }

  long lastTouched() {
    return lastTouched;
  }

  RankResult topK(RankQuery q) {
    if (q.k() < 0 || q.offset() < 0 || (long) q.k() + q.offset() > RankQuery.MAX_K) {
      throw TidalException.invalidArgument(
          "top-K needs k >= 0, offset >= 0 and k + offset <= "
              + RankQuery.MAX_K
              + " [k="
              + q.k()
              + ", offset="
              + q.offset()
              + "]",
          q.k());
    }
    if (q.terms().isEmpty()) {
      throw TidalException.invalidArgument("a rank query needs at least one term", q.terms());
    }
    Schema s = schema.get();
    List<RankTerm> terms = new ArrayList<>();
    TableData table = null;
    for (RankQuery.Term term : q.terms()) {
      SignalType t = s.requireSignalType(term.type());
      TableData td = tables.get(t.table());
      if (table != null && table != td) {
        throw TidalException.invalidArgument(
            "all terms of a rank query must be on one entity table",
            t.table() + " vs " + table.name());
      }
      table = td;
      if (term instanceof RankQuery.Decay d) {
        if (!(d.coefficient() >= 0) || Double.isInfinite(d.coefficient())) {
          throw TidalException.invalidArgument(
              "decay coefficient must be finite and >= 0", d.coefficient());
        }
        terms.add(new RankTerm.Decay(d.coefficient(), t, t.requireHalfLife(d.halfLife())));
      } else {
        RankQuery.Count c = (RankQuery.Count) term;
        if (q.terms().size() != 1) {
          throw TidalException.invalidArgument(
              "a count or velocity term must be the only term", q.terms().size());
        }
        terms.add(new RankTerm.Count(t, t.requireWindow(c.window()), c.velocity()));
      }
    }
    return rank(q, terms, table);
  }

  /** The ids of the known keys among {@code keys}, each once. */
  private static long[] ids(java.util.Collection<Object> keys, EntityDictionary dict) {
    java.util.Set<Long> out = new java.util.LinkedHashSet<>();
    for (Object k : keys) {
      EntityId id = k == null ? null : dict.lookup(k);
      if (id != null) {
        out.add(id.bits());
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Scoring one entity by point reads costs about {@value #SCORE_COST} times rejecting one index
   * entry by its id (measured with W2, docs/RANKING.md).
   */
  static final int SCORE_COST = 8;

  /**
   * Whether walking the index with {@code within} as a filter (about {@code limit * states /
   * |within|} entries) is cheaper than scoring every entity of {@code within}.
   */
  private boolean walkBeatsScoring(List<RankTerm> terms, int limit, int within) {
    if (within == 0) {
      return false;
    }
    long states = ledger.states(terms);
    return (double) limit * states / within < (double) SCORE_COST * within;
  }

  /** {@code set}, checked to be a set of {@code table}'s entities (null stays null). */
  private static IdSet sameTable(EntitySet set, TableData table) {
    if (set == null) {
      return null;
    }
    if (!set.table().equals(table.name())) {
      throw TidalException.invalidArgument(
          "an entity set of table " + set.table() + " in a rank query on " + table.name(),
          set.table());
    }
    if (set instanceof IndexEntities ie) {
      return ie.ids();
    }
    if (!(set instanceof IdSet ids)) {
      throw TidalException.invalidArgument(
          "an entity set not built by this database (TidalDB.actorEntitySet/indexEntitySet)",
          set.getClass().getName());
    }
    return ids;
  }

  /** The walk's filter by id: the sets first (no key read), then the key filter. */
  private static Predicate<EntityId> filter(
      Predicate<Object> keys, EntityDictionary dict, IdSet exclude, IdSet within) {
    if (exclude == null && within == null) {
      return keys == null ? null : id -> keys.test(dict.keyOf(id));
    }
    return id -> {
      long bits = id.bits();
      return (exclude == null || !exclude.contains(bits))
          && (within == null || within.contains(bits))
          && (keys == null || keys.test(dict.keyOf(id)));
    };
  }

  private RankResult rank(RankQuery q, List<RankTerm> terms, TableData table) {
    int wanted = q.offset() + q.k();
    if (wanted == 0) {
      return new RankResult(List.of(), 0);
    }
    EntityDictionary dict = table.dictionary;
    IdSet exclude = sameTable(q.exclude(), table);
    // A follow set on a column with grouped rank indexes: walk the followed values' groups.
    List<Object> values = null;
    List<GroupedIndex> grouped = null;
    if (q.include() == null && q.within() instanceof IndexEntities ie && ie.table == table) {
      values = ie.column() < 0 ? null : ie.points();
      grouped = values == null ? null : groups.forTerms(terms, table, ie.column());
    }
    IdSet within = grouped != null ? null : sameTable(q.within(), table);
    Predicate<EntityId> filter = filter(q.filter(), dict, exclude, within);
    TopKResult got;
    // One entry beyond the boundary tells whether the boundary ties (the same entry compared with
    // itself would always "tie" and cost a second walk of twice the size).
    int limit = (int) Math.min(Ledger.MAX_K, wanted + 1L);
    long[] among =
        q.include() != null
            ? ids(q.include(), dict)
            : within != null && !walkBeatsScoring(terms, limit, within.size())
                ? within.ids()
                : null;
    while (true) {
      got =
          grouped != null
              ? LedgerGroups.topK(ledger, terms, grouped, values, q.at(), limit, 0, filter)
              : among == null
                  ? ledger.topK(terms, q.at(), limit, 0, filter)
                  : ledger.topKAmong(terms, q.at(), limit, 0, among, filter);
      List<Ranked> es = got.entries();
      if (es.size() < limit
          || es.get(limit - 1).score() != es.get(wanted - 1).score()
          || limit >= Ledger.MAX_K) {
        break;
      }
      limit = (int) Math.min(Ledger.MAX_K, 2L * limit);
    }
    lastTouched = got.touched();
    List<RankResult.Entry> entries = new ArrayList<>(got.entries().size());
    for (Ranked e : got.entries()) {
      entries.add(new RankResult.Entry(dict.keyOf(e.id()), e.score()));
    }
    entries.sort(
        (a, b) ->
            a.score() != b.score()
                ? Double.compare(b.score(), a.score())
                : RowCodec.KEY_ORDER.compare(a.key(), b.key()));
    int from = Math.min(q.offset(), entries.size());
    int to = Math.min(wanted, entries.size());
    return new RankResult(entries.subList(from, to), got.touched());
  }
}
