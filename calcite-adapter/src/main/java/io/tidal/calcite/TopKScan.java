package io.tidal.calcite;

import io.tidal.schema.Durations;
import java.time.Duration;
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
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Leaf that reads an entity table's rows in ranking order from the engine's index
 * ({@link io.tidal.TidalDB#topK}): at most {@code k} rows, or every row when fewer than {@code k}
 * entities have a positive score (entities without signals score 0 and must then be listed too;
 * see {@link TopKRuntime}). EXPLAIN shows table, signal, half-life, at and k.
 */
public final class TopKScan extends TableScan implements EnumerableRel {

  /** What to ask the index: top {@code k} of {@code table} by DECAY_SCORE(type, halfLife) at {@code at}. */
  public record Request(String table, String type, long halfLifeMs, Long at, int k) {}

  private final Request request;

  TopKScan(RelOptCluster cluster, RelOptTable table, Request request) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
    this.request = request;
  }

  public Request request() {
    return request;
  }

  @Override
  public RelNode copy(org.apache.calcite.plan.RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("signal", request.type())
        .item("halfLife", Durations.format(Duration.ofMillis(request.halfLifeMs())))
        .item("at", request.at() == null ? "statement time" : request.at())
        .item("k", request.k())
        .item("index", "decay");
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return request.k();
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeTinyCost();
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        JavaRowFormat.ARRAY);
    Expression at = request.at() == null
        ? Expressions.constant(null, Long.class) : Expressions.constant(request.at(), Long.class);
    Expression call = Expressions.call(TopKRuntime.class, "scan",
        implementor.getRootExpression(), Expressions.constant(request.table()),
        Expressions.constant(request.type()), Expressions.constant(request.halfLifeMs()), at,
        Expressions.constant(request.k()));
    return implementor.result(physType, Blocks.toBlock(call));
  }
}
