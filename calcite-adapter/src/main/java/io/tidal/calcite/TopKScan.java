package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
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
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;

/**
 * Leaf that reads an entity table's rows in ranking order from the engine's indexes
 * ({@link io.tidal.TidalDB#topK}) instead of every row; see {@link TopKRuntime} for the run-time
 * contract (at most offset + fetch rows, or every matching row when fewer entities than that have a
 * positive score).
 *
 * <p>Design notes. The node absorbs the query's WHERE predicate ({@code filter}, over the table's
 * columns): {@link #implement} compiles it into a {@link Predicate1} over a row, with Calcite's own
 * code generator, so it means exactly what the Filter it replaces meant (NULL is false, parameters
 * read at execution time). The engine tests it on each entity met during the walk. EXPLAIN shows
 * the score, its signal types and half-lives or windows, {@code at}, {@code k} (offset + fetch, or
 * the parameters), the predicate, the index walk, how a past {@code at} is answered
 * ({@link RankSpec#asOfKind}), and, with a predicate, the estimated number of
 * index entries walked. The self cost is tiny: {@link TopKRule} already decided, by
 * {@link RankCost}, that walking beats scanning.
 */
public final class TopKScan extends TableScan implements EnumerableRel {
  private final RankSpec spec;
  private final RexNode filter;

  TopKScan(RelOptCluster cluster, RelOptTable table, RankSpec spec, RexNode filter) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
    this.spec = spec;
    this.filter = filter;
  }

  public RankSpec spec() {
    return spec;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    RelWriter w =
        super.explainTerms(pw)
            .item("score", spec.scoreText())
            .item("signal", String.join(", ", spec.types()))
            .item(spec.isCount() ? "window" : "halfLife", String.join(", ", spec.durations()))
            .item("at", spec.atText())
            .item("k", spec.kText())
            .itemIf(
                "offset",
                spec.offset(),
                !spec.offset().isConstant() || spec.offset().constant() > 0)
            .itemIf("filter", filter, filter != null)
            .itemIf("exclude", spec.setsText(true), spec.setsText(true) != null)
            .itemIf("include", spec.setsText(false), spec.setsText(false) != null)
            .item("index", spec.indexKind())
            .item("asOf", spec.asOfKind());
    return filter == null || !spec.sets().isEmpty()
        ? w
        : w.item("walk", "~" + Math.round(RankCost.walkEntries(spec, filter)) + " entries");
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    // never more than the table holds (its live row count, issue 16), else a ranked query with a
    // k above the table's size would cost more than sorting a scan of it
    double k =
        spec.fetch().isConstant() && spec.offset().isConstant()
            ? Math.max(1, spec.fetch().constant() + spec.offset().constant())
            : RankCost.PARAM_K;
    return Math.max(1, Math.min(k, table.getRowCount()));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeTinyCost();
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    JavaTypeFactory tf = implementor.getTypeFactory();
    PhysType physType =
        PhysTypeImpl.of(
            tf, getRowType(), JavaRowFormat.ARRAY, false); // rows are Object[], one column too
    Expression predicate =
        filter == null
            ? Expressions.constant(null, Predicate1.class)
            : predicate(implementor, physType);
    Expression call =
        Expressions.call(
            TopKRuntime.class,
            "scan",
            implementor.getRootExpression(),
            implementor.stash(spec, RankSpec.class),
            predicate);
    return implementor.result(physType, Blocks.toBlock(call));
  }

  /** {@code (Object[] row) -> filter(row)}, NULL counting as false. */
  @SuppressWarnings("unchecked") // Expressions.lambda over a raw functional class
  private Expression predicate(EnumerableRelImplementor implementor, PhysType physType) {
    ParameterExpression row = Expressions.parameter(Object[].class, "row");
    RexProgramBuilder pb = new RexProgramBuilder(getRowType(), getCluster().getRexBuilder());
    pb.addCondition(filter);
    RexProgram program = pb.getProgram();
    BlockBuilder body = new BlockBuilder();
    Expression cond =
        RexToLixTranslator.translateCondition(
            program,
            implementor.getTypeFactory(),
            body,
            new RexToLixTranslator.InputGetterImpl(row, physType),
            implementor::getCorrelVariableGetter,
            implementor.getConformance());
    body.add(Expressions.return_(null, cond));
    return Expressions.lambda(Predicate1.class, body.toBlock(), row);
  }
}
