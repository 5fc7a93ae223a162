package io.tidal.calcite;

import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RowWriter;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Index;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Predicate1;

/**
 * Run time of a {@link TopKScan} with personal-feed sets ({@link FeedSet}), same contract as
 * {@link TopKRuntime}: the best {@code n} rows passing the filter and the sets, or every such row.
 *
 * <p>Design notes. The sets are read once per execution: a seen set from the engine's actor index
 * ({@link io.tidal.TidalDB#actorEntities}, O(the actor's retained signals)); a followed set from the
 * follows table through a secondary index on its first equality column when there is one (else a
 * scan of that table). Then:
 * <ul>
 *   <li>with a followed set and a secondary index on the ranked table's column: the candidate rows
 *       come from that index (one lookup per followed value) and the engine scores exactly those
 *       ({@link RankQuery#include}): work O(the followed values' rows), nothing else touched;
 *   <li>otherwise the rank index is walked with a key filter that rejects seen keys before any row
 *       is read, then applies the followed set and the WHERE predicate to the row: a seen-only feed
 *       touches at most {@code n + 1 + |seen|} entries (one decay term; a blend's threshold walk
 *       reads each list), a followed set without an index about {@code n / s} for its selectivity s.
 * </ul>
 */
final class FeedRuntime {
  private FeedRuntime() {}

  /** The sets of one execution. {@code candidates}: keys from an index, or null (walk). */
  private record Resolved(
      Set<Object> exclude,
      List<Set<Object>> follows,
      List<FeedSet.Follow> followSpecs,
      Set<Object> candidates) {
    boolean passes(Object[] row, int keyIndex, Predicate1<Object[]> filter) {
      if (exclude.contains(row[keyIndex])) {
        return false;
      }
      for (int i = 0; i < follows.size(); i++) {
        Object v = norm(row[followSpecs.get(i).column()]);
        if (v == null || !follows.get(i).contains(v)) {
          return false;
        }
      }
      return filter == null || filter.apply(row);
    }
  }

  /** The best {@code n} rows, or null when the caller must fall back to {@link #fallback}. */
  static List<Object[]> walk(
      DataContext root,
      TidalSchema schema,
      RankSpec spec,
      Predicate1<Object[]> filter,
      long at,
      int n) {
    EntityTableImpl t = schema.entityTable(spec.table());
    if (t == null) {
      return null;
    }
    int keyIndex = t.definition().keyIndex();
    Resolved r = resolve(root, t, spec);
    RowWriter w = t.session().writer();
    Set<Object> only = r.candidates();
    if (only != null && !walkBeatsScoring(t, n, only.size())) { // score the candidates
      Map<Object, Object[]> passed = new LinkedHashMap<>();
      for (Object[] row : rows(w, spec.table(), only)) {
        if (r.passes(row, keyIndex, filter)) {
          passed.put(row[keyIndex], row);
        }
      }
      RankQuery q = new RankQuery(spec.terms(), at, n, 0, null, new ArrayList<>(passed.keySet()));
      List<Object[]> best = TopKRuntime.rows(t.session().db().topK(q), passed, n);
      return best != null
          ? best
          : new ArrayList<>(passed.values()); // every passing row: the Sort completes
    }
    Map<Object, Object[]> passed = new java.util.HashMap<>();
    RankQuery q =
        new RankQuery(
            spec.terms(),
            at,
            n,
            0,
            key -> {
              if (r.exclude().contains(key) || (only != null && !only.contains(key))) {
                return false; // seen, or not a candidate: no row read
              }
              Optional<Object[]> row = SqlTypes.row(w, spec.table(), key);
              if (row.isEmpty() || !r.passes(row.get(), keyIndex, filter)) {
                return false;
              }
              passed.put(key, row.get());
              return true;
            });
    return TopKRuntime.rows(t.session().db().topK(q), passed, n);
  }

  /**
   * Scoring one candidate (a point read per term) costs about {@value #SCORE_COST} times rejecting
   * one index entry by a hash lookup (measured with W2, docs/RANKING.md).
   */
  static final int SCORE_COST = 8;

  /**
   * Whether walking the rank index with the candidates as a key filter (about {@code (n + 1) *
   * states / candidates} entries, {@code states} bounding the ranked entities) is cheaper than
   * scoring every candidate.
   */
  private static boolean walkBeatsScoring(EntityTableImpl t, int n, int candidates) {
    if (candidates == 0) {
      return false;
    }
    long states = t.session().db().stats().trackedStates();
    return (double) (n + 1) * states / candidates < (double) SCORE_COST * candidates;
  }

  /** Every row passing the filter and the sets (few entities with a positive score). */
  static Enumerable<Object[]> fallback(
      DataContext root, EntityTableImpl t, RankSpec spec, Predicate1<Object[]> filter) {
    Resolved r = resolve(root, t, spec);
    int keyIndex = t.definition().keyIndex();
    Enumerable<Object[]> rows =
        r.candidates() != null
            ? Linq4j.asEnumerable(rows(t.session().writer(), spec.table(), r.candidates()))
            : t.fullScan();
    return rows.where(row -> r.passes(row, keyIndex, filter));
  }

  private static Resolved resolve(DataContext root, EntityTableImpl t, RankSpec spec) {
    TidalSchema schema = TidalSchema.from(root);
    Set<Object> exclude = new HashSet<>();
    List<Set<Object>> follows = new ArrayList<>();
    List<FeedSet.Follow> specs = new ArrayList<>();
    Set<Object> candidates = null;
    for (FeedSet f : spec.sets()) {
      if (f instanceof FeedSet.Seen s) {
        Object actor = s.actor().resolve(root);
        if (actor != null) { // actor_id = NULL matches nothing: nothing is excluded
          exclude.addAll(t.session().db().actorEntities(s.type(), actor.toString()));
        }
      } else {
        FeedSet.Follow fo = (FeedSet.Follow) f;
        Set<Object> values = followed(root, schema, fo);
        follows.add(values);
        specs.add(fo);
        if (candidates == null) {
          candidates = keysViaIndex(t, fo.column(), values);
        }
      }
    }
    return new Resolved(exclude, follows, specs, candidates);
  }

  /** The rows of {@code keys} (those still present), as the connection sees them. */
  private static List<Object[]> rows(RowWriter w, String table, Set<Object> keys) {
    List<Object[]> out = new ArrayList<>(keys.size());
    for (Object k : keys) {
      SqlTypes.row(w, table, k).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The keys of the rows of {@code t} whose column {@code col} holds one of {@code values}, from a
   * secondary index alone, or null when there is none or the connection has a transaction open
   * (its own rows must count; then the rank index is walked).
   */
  private static Set<Object> keysViaIndex(EntityTableImpl t, int col, Set<Object> values) {
    if (t.session().writer() != t.session().db()) {
      return null;
    }
    String index = indexOn(t, col);
    return index == null
        ? null
        : t.session().db().indexKeys(t.definition().name(), index, ranges(t, col, values));
  }

  /** The values of {@code f.valueColumn} in the rows of {@code f.table} matching its equalities. */
  private static Set<Object> followed(DataContext root, TidalSchema schema, FeedSet.Follow f) {
    Set<Object> out = new HashSet<>();
    EntityTableImpl ft = schema.entityTable(f.table());
    if (ft == null) {
      return out;
    }
    Object[] want = new Object[f.where().size()];
    for (int i = 0; i < want.length; i++) {
      want[i] = norm(f.where().get(i).value().resolve(root));
      if (want[i] == null) {
        return out; // col = NULL matches no row
      }
    }
    List<Object[]> rows =
        want.length == 0 ? null : viaIndex(ft, f.where().get(0).column(), Set.of(want[0]));
    Iterable<Object[]> scan = rows != null ? rows : ft.fullScan();
    for (Object[] row : scan) {
      boolean match = true;
      for (int i = 0; i < want.length && match; i++) {
        match = want[i].equals(norm(row[f.where().get(i).column()]));
      }
      Object v = match ? norm(row[f.valueColumn()]) : null;
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * The rows of {@code t} whose column {@code col} holds one of {@code values}, from a secondary
   * index whose first column it is (VARCHAR or BIGINT columns), or null when there is none or the
   * index cannot answer (a transaction with pending writes to the table).
   */
  private static List<Object[]> viaIndex(EntityTableImpl t, int col, Set<Object> values) {
    String index = indexOn(t, col);
    return index == null
        ? null
        : t.session()
            .writer()
            .indexCandidates(t.definition().name(), index, ranges(t, col, values));
  }

  /** A secondary index whose first column is {@code col} (VARCHAR or BIGINT), or null. */
  private static String indexOn(EntityTableImpl t, int col) {
    EntityTable def = t.definition();
    ColumnType type = def.columns().get(col).type();
    if (type != ColumnType.VARCHAR && type != ColumnType.BIGINT) {
      return null;
    }
    String name = def.columns().get(col).name();
    for (Index i : t.session().db().schema().indexesOf(def.name())) {
      if (i.columns().get(0).equals(name)) {
        return i.name();
      }
    }
    return null;
  }

  /** One point range per value of the column's type. */
  private static List<IndexRange> ranges(EntityTableImpl t, int col, Set<Object> values) {
    ColumnType type = t.definition().columns().get(col).type();
    List<IndexRange> ranges = new ArrayList<>(values.size());
    for (Object v : values) {
      if (type == ColumnType.VARCHAR ? v instanceof String : v instanceof Long) {
        ranges.add(IndexRange.point(v));
      }
    }
    return ranges;
  }

  /** Values compared across tables: integral numbers as Long, other numbers as Double. */
  static Object norm(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0
          ? (Object) d.longValue()
          : (Object) d.doubleValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }
}
