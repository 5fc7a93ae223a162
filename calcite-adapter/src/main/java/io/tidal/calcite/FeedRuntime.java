package io.tidal.calcite;

import io.tidal.EntitySet;
import io.tidal.IndexRange;
import io.tidal.RankQuery;
import io.tidal.RowWriter;
import io.tidal.TidalDB;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Index;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * as entity ids ({@link io.tidal.TidalDB#actorEntitySet}, O(the actor's retained signals)); a
 * followed set from the follows table through a secondary index on its first equality column when
 * there is one (else a scan of that table). Then:
 * <ul>
 *   <li>the seen ids go to the engine ({@link RankQuery#exclude}), which rejects a seen entry of
 *       the walk by one id probe, before any key or row is read: a seen-only feed touches at most
 *       {@code n + 1 + |seen|} entries (one decay term; a blend's threshold walk reads each list);
 *   <li>with a followed set and a secondary index on the ranked table's column, the candidates'
 *       ids come from that index ({@link io.tidal.TidalDB#indexEntitySet}, cached per value) and go
 *       to the engine ({@link RankQuery#within}), which walks the index with them as a filter or
 *       scores them by point reads, whichever its state count says is cheaper;
 *   <li>otherwise the followed values and the WHERE predicate are applied to each admitted row: a
 *       followed set without an index costs about {@code n / s} entries for its selectivity s.
 * </ul>
 * Where the database gives no id sets (or for the fallback, which scans), the same sets are used
 * as keys.
 */
final class FeedRuntime {
  private FeedRuntime() {}

  /**
   * The sets of one execution. The seen set as entity ids ({@code excludeIds}) or keys
   * ({@code exclude}, when the database gives no ids, and for the fallback); the candidates: the
   * ranked table's entities (ids) or keys whose followed column holds a followed value, from a
   * secondary index, or null (walk with the followed values tested on each row).
   */
  private record Resolved(
      Set<Object> exclude,
      EntitySet excludeIds,
      List<Set<Object>> follows,
      List<FeedSet.Follow> followSpecs,
      EntitySet candidateIds,
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
    Resolved r = resolve(root, t, spec, true);
    RowWriter w = t.session().writer();
    Map<Object, Object[]> passed = new HashMap<>();
    Set<Object> only = r.candidates();
    // The id sets are tested by the engine before this filter, the key sets here.
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
            },
            null,
            r.excludeIds(),
            r.candidateIds());
    return TopKRuntime.rows(t.session().db().topK(q), passed, n);
  }

  /** Every row passing the filter and the sets (few entities with a positive score). */
  static Enumerable<Object[]> fallback(
      DataContext root, EntityTableImpl t, RankSpec spec, Predicate1<Object[]> filter) {
    Resolved r = resolve(root, t, spec, false);
    int keyIndex = t.definition().keyIndex();
    Enumerable<Object[]> rows =
        r.candidates() != null
            ? Linq4j.asEnumerable(rows(t.session().writer(), spec.table(), r.candidates()))
            : t.fullScan();
    return rows.where(row -> r.passes(row, keyIndex, filter));
  }

  /**
   * The sets of this execution; with {@code ids}, as entity-id sets where the database gives them
   * (the engine tests those by id in its walk), else as keys.
   */
  private static Resolved resolve(DataContext root, EntityTableImpl t, RankSpec spec, boolean ids) {
    TidalSchema schema = TidalSchema.from(root);
    TidalDB db = t.session().db();
    Set<Object> exclude = new HashSet<>();
    EntitySet excludeIds = null;
    List<Set<Object>> follows = new ArrayList<>();
    List<FeedSet.Follow> specs = new ArrayList<>();
    EntitySet candidateIds = null;
    Set<Object> candidates = null;
    for (FeedSet f : spec.sets()) {
      if (f instanceof FeedSet.Seen s) {
        Object actor = s.actor().resolve(root);
        if (actor == null) {
          continue; // actor_id = NULL matches nothing: nothing is excluded
        }
        EntitySet set =
            ids && excludeIds == null ? db.actorEntitySet(s.type(), actor.toString()) : null;
        if (set != null) {
          excludeIds = set;
        } else {
          exclude.addAll(db.actorEntities(s.type(), actor.toString()));
        }
      } else {
        FeedSet.Follow fo = (FeedSet.Follow) f;
        Set<Object> values = followed(root, schema, fo);
        follows.add(values);
        specs.add(fo);
        String index =
            candidates == null && candidateIds == null ? committedIndexOn(t, fo.column()) : null;
        if (index != null) {
          String name = t.definition().name();
          List<IndexRange> ranges = ranges(t, fo.column(), values);
          candidateIds = ids ? db.indexEntitySet(name, index, ranges) : null;
          if (candidateIds == null) {
            candidates = db.indexKeys(name, index, ranges);
          }
        }
      }
    }
    return new Resolved(exclude, excludeIds, follows, specs, candidateIds, candidates);
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
   * A secondary index on column {@code col} of {@code t} whose entries are the committed rows, or
   * null when there is none or the connection has a transaction open (its own rows must count;
   * then the rank index is walked with the followed values tested on each row).
   */
  private static String committedIndexOn(EntityTableImpl t, int col) {
    return t.session().writer() != t.session().db() ? null : indexOn(t, col);
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
