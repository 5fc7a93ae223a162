package io.tidal.calcite;

import io.tidal.schema.Index;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
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
public final class IndexScanRule extends RelRule<IndexScanRule.Config> {
  public static final IndexScanRule INSTANCE = new IndexScanRule(Config.DEFAULT);

  private IndexScanRule(Config config) {
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

  /** The rule's configuration (a hand-written record: no annotation processor in this build). */
  public record Config(String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    static final Config DEFAULT =
        new Config(
            "TidalIndexScanRule",
            RulePatterns.chain(List.of(LogicalFilter.class, LogicalTableScan.class)));

    @Override
    public RelOptRule toRule() {
      return new IndexScanRule(this);
    }

    @Override
    public Config withRelBuilderFactory(org.apache.calcite.tools.RelBuilderFactory factory) {
      return this;
    }

    @Override
    public Config withDescription(String d) {
      return new Config(d, operandSupplier);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(description, transform);
    }
  }
}
