package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * Leaf that reads an entity table's rows through a secondary index: the rows whose value of the
 * index's first column satisfies {@code condition} (one conjunct of the WHERE clause, see
 * {@link IndexFilters}), read at run time by {@link IndexRuntime}. The Filter above it stays, so the
 * result is the Filter's over the whole table. EXPLAIN shows the index and the condition.
 */
public final class IndexScan extends TableScan implements EnumerableRel {
  /** What the run time needs: the table, the index and the condition it serves. */
  public record Spec(String table, String index, RexNode condition) {}

  private final Spec spec;

  IndexScan(RelOptCluster cluster, RelOptTable table, Spec spec) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
    this.spec = spec;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("index", spec.index()).item("condition", spec.condition());
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return Math.max(1, table.getRowCount() * 0.1);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeTinyCost();
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType =
        PhysTypeImpl.of(
            implementor.getTypeFactory(),
            getRowType(),
            JavaRowFormat.ARRAY,
            false); // rows are Object[], one column too
    Expression call =
        Expressions.call(
            IndexRuntime.class,
            "scan",
            implementor.getRootExpression(),
            implementor.stash(spec, Spec.class));
    return implementor.result(physType, Blocks.toBlock(call));
  }
}
