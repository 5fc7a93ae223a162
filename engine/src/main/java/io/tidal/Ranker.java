package io.tidal;

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
 * key. Dense VARCHAR ids do not follow key order, so the ranker asks for {@code offset + k} entries and,
 * while the last one ties with the boundary score, asks again for twice as many (so every entity tied
 * at the boundary is seen), then sorts by (score descending, key ascending) and cuts
 * {@code [offset, offset + k)}. Ties are exact double equality: the ledger computes identical histories
 * identically. {@code touched} is what the ledger reports for the last walk.
 */
final class Ranker {
  private final Supplier<Schema> schema;
  private final Map<String, TableData> tables;
  private final LedgerStandIn ledger;
  private volatile long lastTouched;

  Ranker(Supplier<Schema> schema, Map<String, TableData> tables, LedgerStandIn ledger) {
    this.schema = schema;
    this.tables = tables;
    this.ledger = ledger;
  }

  long lastTouched() {
    return lastTouched;
  }

  RankResult topK(RankQuery q) {
    if (q.k() < 0 || q.offset() < 0 || (long) q.k() + q.offset() > RankQuery.MAX_K) {
      throw TidalException.invalidArgument("top-K needs k >= 0, offset >= 0 and k + offset <= "
          + RankQuery.MAX_K + " [k=" + q.k() + ", offset=" + q.offset() + "]", q.k());
    }
    if (q.terms().isEmpty()) {
      throw TidalException.invalidArgument("a rank query needs at least one term", q.terms());
    }
    Schema s = schema.get();
    List<LedgerStandIn.Term> terms = new ArrayList<>();
    TableData table = null;
    double scale = 1.0;
    for (RankQuery.Term term : q.terms()) {
      SignalType t = s.requireSignalType(term.type());
      TableData td = tables.get(t.table());
      if (table != null && table != td) {
        throw TidalException.invalidArgument("all terms of a rank query must be on one entity table",
            t.table() + " vs " + table.name());
      }
      table = td;
      if (term instanceof RankQuery.Decay d) {
        if (!(d.coefficient() >= 0) || Double.isInfinite(d.coefficient())) {
          throw TidalException.invalidArgument("decay coefficient must be finite and >= 0", d.coefficient());
        }
        terms.add(new LedgerStandIn.Term(t.name(), false, t.requireHalfLife(d.halfLife()), d.coefficient()));
      } else {
        RankQuery.Count c = (RankQuery.Count) term;
        if (q.terms().size() != 1) {
          throw TidalException.invalidArgument("a count or velocity term must be the only term",
              q.terms().size());
        }
        terms.add(new LedgerStandIn.Term(t.name(), true, t.requireWindow(c.window()), 1.0));
        scale = c.velocity() ? 1000.0 / c.window().toMillis() : 1.0;
      }
    }
    return rank(q, terms, table, scale);
  }

  private RankResult rank(RankQuery q, List<LedgerStandIn.Term> terms, TableData table, double scale) {
    int wanted = q.offset() + q.k();
    if (wanted == 0) {
      return new RankResult(List.of(), 0);
    }
    EntityDictionary dict = table.dictionary;
    Predicate<EntityId> filter = q.filter() == null ? null : id -> q.filter().test(dict.keyOf(id));
    List<LedgerStandIn.Scored> got;
    long[] touched = new long[1];
    int limit = wanted;
    while (true) {
      touched[0] = 0;
      got = ledger.topK(terms, q.at(), limit, filter, touched);
      if (got.size() < limit || got.get(limit - 1).score() != got.get(wanted - 1).score()
          || limit >= Integer.MAX_VALUE / 2) {
        break;
      }
      limit *= 2;
    }
    lastTouched = touched[0];
    List<RankResult.Entry> entries = new ArrayList<>(got.size());
    for (LedgerStandIn.Scored e : got) {
      entries.add(new RankResult.Entry(dict.keyOf(e.id()), e.score() * scale));
    }
    entries.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
        : RowCodec.KEY_ORDER.compare(a.key(), b.key()));
    int from = Math.min(q.offset(), entries.size());
    int to = Math.min(wanted, entries.size());
    return new RankResult(entries.subList(from, to), touched[0]);
  }
}
