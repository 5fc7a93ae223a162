package io.tidal.calcite;

import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.RowWriter;
import io.tidal.TidalDB;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Predicate1;

/**
 * Run-time side of {@link TopKScan}; public only because generated code calls it.
 *
 * <p>Contract: returns rows of the table (as the connection sees them) that pass the predicate,
 * such that the Sort above the node, applied to them, gives exactly what it gives applied to the
 * whole table. Two cases:
 * <ul>
 *   <li>The index walk finds {@code n = offset + fetch} existing rows passing the predicate, the
 *       n-th with a score above 0: those rows, best first (ties by key). No entity the walk did not
 *       return can displace them: a better one would have been met first, and entities without
 *       signals score 0.
 *   <li>Otherwise (fewer signalled entities pass, or scores at or below 0 reach the cut, e.g. with
 *       negative weights): every row passing the predicate, from a scan; the Sort does the rest.
 * </ul>
 * Fetch and offset parameters are read here, per execution; a null, negative or over-large value
 * takes the scan path, leaving the error (if any) to the Sort above, exactly as without the index;
 * so do {@code at} parameters of different values.
 */
public final class TopKRuntime {
  private TopKRuntime() {}

  public static Enumerable<Object[]> scan(
      DataContext root, RankSpec spec, Predicate1<Object[]> filter) {
    TidalSchema schema = TidalSchema.from(root);
    Long fetch = spec.fetch().resolve(root);
    Long offset = spec.offset().resolve(root);
    Long at = spec.atMillis(root);
    if (fetch != null
        && offset != null
        && at != null
        && fetch >= 0
        && offset >= 0
        && fetch + offset <= RankQuery.MAX_K) {
      if (fetch == 0) {
        return Linq4j.emptyEnumerable();
      }
      List<Object[]> rows =
          spec.sets().isEmpty()
              ? walk(root, schema, spec, filter, at, (int) (fetch + offset))
              : FeedRuntime.walk(root, schema, spec, filter, at, (int) (fetch + offset));
      if (rows != null) {
        return Linq4j.asEnumerable(rows);
      }
    }
    EntityTableImpl t = schema.entityTable(spec.table());
    if (t == null) {
      return Linq4j.emptyEnumerable();
    }
    if (!spec.sets().isEmpty()) {
      return FeedRuntime.fallback(root, t, spec, filter);
    }
    Enumerable<Object[]> all = t.fullScan();
    return filter == null ? all : all.where(filter);
  }

  /** The best {@code n} passing rows from the index, or null when the scan must answer. */
  private static List<Object[]> walk(
      DataContext root,
      TidalSchema schema,
      RankSpec spec,
      Predicate1<Object[]> filter,
      long at,
      int n) {
    TidalDB db = schema.session().db();
    RowWriter w = schema.session().writer();
    Map<Object, Object[]> passed = new HashMap<>();
    RankQuery q =
        new RankQuery(
            spec.terms(),
            at,
            n,
            0,
            key -> {
              Optional<Object[]> row = SqlTypes.row(w, spec.table(), key);
              if (row.isEmpty() || (filter != null && !filter.apply(row.get()))) {
                return false;
              }
              passed.put(key, row.get());
              return true;
            });
    RankResult r = db.topK(q);
    List<Object[]> rows = rows(r, passed, n);
    if (rows != null) {
      ScoreMemo.remember(root, spec.terms(), at, r);
    }
    return rows;
  }

  /**
   * The rows of the {@code n} ranked entries, from the rows the filter passed; null when fewer than
   * {@code n} came back or the n-th scores 0 or below (then every passing row must answer).
   */
  static List<Object[]> rows(RankResult r, Map<Object, Object[]> passed, int n) {
    List<RankResult.Entry> es = r.entries();
    if (es.size() < n || !(es.get(n - 1).score() > 0)) {
      return null;
    }
    List<Object[]> rows = new ArrayList<>(n);
    for (RankResult.Entry e : es) {
      rows.add(passed.get(e.key()));
    }
    return rows;
  }
}
