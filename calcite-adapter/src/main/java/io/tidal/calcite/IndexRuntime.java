package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Run time of {@link IndexScan}: the rows the index gives for the condition's values (parameters
 * read now), or every row when the index cannot answer (dropped since the plan was made, a
 * transaction with pending writes to the table, a value of another type): the Filter above keeps
 * the result right either way.
 */
public final class IndexRuntime {
  private IndexRuntime() {}

  public static Enumerable<Object[]> scan(DataContext root, IndexScan.Spec spec) {
    EntityTableImpl t = TidalSchema.from(root).entityTable(spec.table());
    if (t == null) {
      throw new IllegalStateException("table " + spec.table() + " was dropped");
    }
    IndexFilters.Ranges r = IndexFilters.of(spec.condition(), t.definition(), root);
    List<Object[]> rows =
        r == null
            ? null
            : SqlTypes.toSql(
                t.session().writer().indexCandidates(spec.table(), spec.index(), r.ranges()));
    return rows != null ? Linq4j.asEnumerable(rows) : t.fullScan();
  }
}
