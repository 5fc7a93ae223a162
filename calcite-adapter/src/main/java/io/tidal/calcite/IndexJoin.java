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
import org.apache.calcite.linq4j.function.Predicate2;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgramBuilder;

/**
 * Index nested-loop join: for each row of its input (the outer side), the rows of an entity table
 * whose key or first indexed column equals the outer row's join key, read by key or from the
 * secondary index ({@link IndexJoinRuntime}), instead of a hash join over a full scan of the table.
 * Output: the outer row's columns, then the table's. The whole join condition is tested on each
 * (outer row, table row) pair read (compiled with the query), so the rows read only have to
 * include every match; an inner join keeps the pairs that satisfy it, a LEFT join also keeps each
 * outer row that no pair satisfies, once, with NULL for every table column.
 *
 * <p>Design notes. Chosen by cost ({@link IndexJoinRule}): per outer row one lookup plus the rows it
 * finds, against the hash join's scan of the whole table, from the row-count estimates (an entity
 * table's is its live row count, {@code TidalDB.rowCount}); so a small outer side against a large
 * indexed table uses it, a large outer side does not. Inner and LEFT joins (a RIGHT join is a LEFT
 * one after Calcite's join commute rule). EXPLAIN shows the join type, the table, the index
 * ({@code PRIMARY KEY} for a key lookup), the key and the condition.
 */
public final class IndexJoin extends SingleRel implements EnumerableRel {
  /**
   * What the run time needs: the table, the index (null: the primary key), the outer row's key
   * field and the table's column it must equal (its position and name), and whether an outer row
   * without a match is kept (LEFT join).
   */
  public record Spec(
      String table, String index, int outerKey, int column, String columnName, boolean left) {}

  private final Spec spec;
  private final RexNode condition;
  private final RelDataType pairType;
  private final double tableRows;

  /**
   * {@code condition} is over a pair of type {@code pairType}: the outer row's fields, then every
   * column of the table; {@code rowType} is the output's (the same fields, the table's nullable
   * for a LEFT join).
   */
  IndexJoin(
      RelOptCluster cluster,
      RelNode outer,
      Spec spec,
      RexNode condition,
      RelDataType pairType,
      RelDataType rowType,
      double tableRows) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), outer);
    this.spec = spec;
    this.condition = condition;
    this.pairType = pairType;
    this.rowType = rowType;
    this.tableRows = tableRows;
  }

  Spec spec() {
    return spec;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new IndexJoin(getCluster(), sole(inputs), spec, condition, pairType, rowType, tableRows);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("joinType", spec.left() ? "left" : "inner")
        .item("table", spec.table())
        .item("index", spec.index() == null ? "PRIMARY KEY" : spec.index())
        .item("key", "$" + spec.outerKey() + " = " + spec.table() + "." + spec.columnName())
        .item("condition", condition);
  }

  /**
   * What one lookup costs against reading one row in a scan: an engine call, a row copy and its
   * conversion (a secondary index also gathers its keys first). With it, a hash join over a scan
   * of the table wins once the outer side has more than about a tenth of the table's rows.
   */
  private static final double LOOKUP_COST = 10;

  /**
   * Rows one lookup finds: one by key; for a secondary index the square root of the table's rows
   * (no per-value statistics: a guess between a unique column and a handful of values).
   */
  private double perLookup() {
    return spec.index() == null ? 1 : Math.max(1, Math.sqrt(tableRows));
  }

  /**
   * The pairs found times the condition's selectivity (as the Filter over a join would estimate);
   * a LEFT join has at least its outer rows.
   */
  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double outer = mq.getRowCount(getInput());
    double rows = outer * perLookup() * RelMdUtil.guessSelectivity(condition);
    return spec.left() ? Math.max(outer, rows) : rows;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double outer = mq.getRowCount(getInput());
    double rows = outer * (LOOKUP_COST + perLookup());
    return planner.getCostFactory().makeCost(rows, rows, 0);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result outer = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression input = builder.append("outer", outer.block, false);
    Expression rows = outer.physType.convertTo(input, JavaRowFormat.ARRAY);
    builder.add(
        Expressions.return_(
            null,
            Expressions.call(
                IndexJoinRuntime.class,
                "join",
                implementor.getRootExpression(),
                implementor.stash(spec, Spec.class),
                rows,
                predicate(implementor))));
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    return implementor.result(physType, builder.toBlock());
  }

  /** The condition as a compiled {@code Predicate2<Object[], Object[]>} of (outer row, table row). */
  @SuppressWarnings("unchecked") // Expressions.lambda over a raw functional class
  private Expression predicate(EnumerableRelImplementor implementor) {
    JavaTypeFactory types = implementor.getTypeFactory();
    int outerCount = getInput().getRowType().getFieldCount();
    List<RelDataTypeField> fields = pairType.getFieldList();
    PhysType outerType =
        PhysTypeImpl.of(
            types,
            types.createStructType(fields.subList(0, outerCount)),
            JavaRowFormat.ARRAY,
            false);
    PhysType tableType =
        PhysTypeImpl.of(
            types,
            types.createStructType(fields.subList(outerCount, fields.size())),
            JavaRowFormat.ARRAY,
            false);
    ParameterExpression outerRow = Expressions.parameter(Object[].class, "outerRow");
    ParameterExpression tableRow = Expressions.parameter(Object[].class, "tableRow");
    RexProgramBuilder program = new RexProgramBuilder(pairType, getCluster().getRexBuilder());
    program.addCondition(condition);
    // in field order (the getter numbers fields across its inputs in iteration order)
    java.util.Map<Expression, PhysType> inputs = new java.util.LinkedHashMap<>();
    inputs.put(outerRow, outerType);
    inputs.put(tableRow, tableType);
    BlockBuilder body = new BlockBuilder();
    Expression test =
        RexToLixTranslator.translateCondition(
            program.getProgram(),
            types,
            body,
            new RexToLixTranslator.InputGetterImpl(inputs),
            null,
            implementor.getConformance());
    body.add(Expressions.return_(null, test));
    return Expressions.lambda(Predicate2.class, body.toBlock(), outerRow, tableRow);
  }
}
