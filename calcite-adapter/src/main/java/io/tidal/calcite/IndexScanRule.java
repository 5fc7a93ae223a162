package io.tidal.calcite;

import io.tidal.schema.Index;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexNode;

/**
 * {@code Filter <- scan(entity table)} becomes {@code Filter <- IndexScan} when a conjunct of the
 * filter is served by a secondary index whose first column it constrains ({@link IndexFilters}):
 * the same Filter over the rows the index gives instead of every row.
 */
public final class IndexScanRule extends RelRule<PlainRuleConfig> {
  public static final IndexScanRule INSTANCE =
      new IndexScanRule(
          new PlainRuleConfig(
              "TidalIndexScanRule",
              RulePatterns.chain(List.of(LogicalFilter.class, LogicalTableScan.class)),
              IndexScanRule::new));

  private IndexScanRule(PlainRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    TableScan scan = call.rel(1);
    EntityTableImpl table = scan.getTable().unwrap(EntityTableImpl.class);
    if (table == null) {
      return;
    }
    List<Index> indexes = table.session().db().schema().indexesOf(table.definition().name());
    if (indexes.isEmpty()) {
      return;
    }
    for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
      Integer col = IndexFilters.column(c);
      if (col == null) {
        continue;
      }
      String name = table.definition().columns().get(col).name();
      for (Index i : indexes) {
        if (i.columns().get(0).equals(name)) {
          IndexScan is =
              new IndexScan(
                  scan.getCluster(),
                  scan.getTable(),
                  new IndexScan.Spec(table.definition().name(), i.name(), c));
          call.transformTo(filter.copy(filter.getTraitSet(), is, filter.getCondition()));
          return;
        }
      }
    }
  }
}
