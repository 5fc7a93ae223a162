package io.tidal.calcite;

import io.tidal.RankQuery;
import io.tidal.RankResult;
import io.tidal.RowWriter;
import io.tidal.TidalDB;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Run-time side of {@link TopKScan}; public only because generated code calls it.
 *
 * <p>The index ranks only entities with signals. The answer is the index's when it yields {@code k}
 * existing rows with a score above 0: no entity outside the index (score 0) can then displace them.
 * Otherwise (fewer signalled entities than k, negative weights, deleted rows) every row is returned
 * and the Sort above computes the exact answer, as without the rule.
 */
public final class TopKRuntime {
  private TopKRuntime() {}

  public static Enumerable<Object[]> scan(DataContext root, String table, String type,
      long halfLifeMs, Long at, int k) {
    TidalSchema schema = TidalSchema.from(root);
    TidalDB db = schema.session().db();
    long atMs = ScoreRuntime.at(root, at);
    RankResult r = db.topK(RankQuery.decay(type, Duration.ofMillis(halfLifeMs), atMs, k));
    RowWriter w = schema.session().writer();
    List<Object[]> rows = new ArrayList<>(k);
    for (RankResult.Entry e : r.entries()) {
      if (!(e.score() > 0)) {
        break;
      }
      Optional<Object[]> row = w.row(table, e.key());
      row.ifPresent(rows::add);
    }
    if (rows.size() >= k) {
      return Linq4j.asEnumerable(rows);
    }
    EntityTableImpl t = schema.entityTable(table);
    return t == null ? Linq4j.emptyEnumerable() : t.fullScan();
  }
}
