package io.tidal.calcite;

import io.tidal.schema.EntityTable;
import io.tidal.schema.Index;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * {@code Join(INNER or LEFT, outer, scan(entity table)) ON ... outer.x = t.c ...}, where {@code c}
 * is the table's primary key or the first column of one of its secondary indexes, also becomes
 * {@code Project <- IndexJoin(outer, condition)}: per outer row a lookup instead of a scan of the
 * table, the condition tested on each row found, and for a LEFT join an outer row that none
 * satisfies kept once with NULLs.
 * Calcite keeps whichever plan costs less ({@link IndexJoin}); the other join order is reached
 * through Calcite's join commute rule.
 */
public final class IndexJoinRule extends RelRule<PlainRuleConfig> {
  public static final IndexJoinRule INSTANCE =
      new IndexJoinRule(
          new PlainRuleConfig(
              "TidalIndexJoinRule",
              b ->
                  b.operand(LogicalJoin.class)
                      .inputs(
                          b1 -> b1.operand(RelNode.class).anyInputs(),
                          b2 -> b2.operand(RelNode.class).anyInputs()),
              IndexJoinRule::new));

  private IndexJoinRule(PlainRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalJoin join = call.rel(0);
    RelNode right = call.rel(2);
    TableScan scan;
    int[] columns; // the join's right fields as the table's columns
    if (right instanceof LogicalTableScan t) {
      scan = t;
      columns = java.util.stream.IntStream.range(0, t.getRowType().getFieldCount()).toArray();
    } else if (right instanceof LogicalProject p
        && p.getInput() instanceof org.apache.calcite.plan.volcano.RelSubset sub
        && sub.getOriginal() instanceof LogicalTableScan t
        && p.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
      scan = t; // a Project that only picks columns (field trimming writes one)
      columns = p.getProjects().stream().mapToInt(e -> ((RexInputRef) e).getIndex()).toArray();
    } else {
      return;
    }
    EntityTableImpl table = scan.getTable().unwrap(EntityTableImpl.class);
    if (table == null
        || join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
      return;
    }
    if (org.apache.calcite.rex.RexUtil.containsCorrelation(join.getCondition())) {
      return; // the compiled condition reads only the pair's fields
    }
    EntityTable def = table.definition();
    int outerCount = join.getLeft().getRowType().getFieldCount();
    List<Index> indexes = table.session().db().schema().indexesOf(def.name());
    for (RexNode c : RelOptUtil.conjunctions(join.getCondition())) {
      if (c.getKind() != SqlKind.EQUALS) {
        continue;
      }
      List<RexNode> ops = ((RexCall) c).getOperands();
      if (!(ops.get(0) instanceof RexInputRef a) || !(ops.get(1) instanceof RexInputRef b)) {
        continue;
      }
      int outerKey = Math.min(a.getIndex(), b.getIndex());
      int field = Math.max(a.getIndex(), b.getIndex()) - outerCount;
      if (outerKey >= outerCount || field < 0) {
        continue;
      }
      int column = columns[field];
      String index = null;
      boolean byKey = def.hasPrimaryKey() && def.keyIndex() == column;
      if (!byKey) {
        String name = def.columns().get(column).name();
        index =
            indexes.stream()
                .filter(i -> i.columns().get(0).equals(name))
                .map(Index::name)
                .findFirst()
                .orElse(null);
        if (index == null) {
          continue;
        }
      }
      RelNode outer = convert(join.getLeft(), EnumerableConvention.INSTANCE);
      org.apache.calcite.rel.type.RelDataTypeFactory types = join.getCluster().getTypeFactory();
      // the condition is evaluated per (outer row, table row) over the outer fields, then every
      // table column
      org.apache.calcite.rel.type.RelDataType pairType =
          types
              .builder()
              .addAll(join.getLeft().getRowType().getFieldList())
              .addAll(scan.getRowType().getFieldList())
              .uniquify()
              .build();
      org.apache.calcite.rel.type.RelDataType rowType =
          org.apache.calcite.sql.validate.SqlValidatorUtil.deriveJoinRowType(
              join.getLeft().getRowType(),
              scan.getRowType(),
              join.getJoinType(),
              types,
              null,
              List.of());
      org.apache.calcite.rex.RexBuilder rex = join.getCluster().getRexBuilder();
      // the join's field i is the pair's field pair[i]
      int[] pair = new int[outerCount + columns.length];
      for (int i = 0; i < pair.length; i++) {
        pair[i] = i < outerCount ? i : outerCount + columns[i - outerCount];
      }
      RexNode pairCondition =
          join.getCondition()
              .accept(
                  new org.apache.calcite.rex.RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                      return rex.makeInputRef(pairType, pair[ref.getIndex()]);
                    }
                  });
      Double tableRows = table.getStatistic().getRowCount();
      IndexJoin ij =
          new IndexJoin(
              join.getCluster(),
              outer,
              new IndexJoin.Spec(
                  def.name(),
                  index,
                  outerKey,
                  column,
                  def.columns().get(column).name(),
                  join.getJoinType() == JoinRelType.LEFT),
              pairCondition,
              pairType,
              rowType,
              tableRows == null ? 100 : tableRows);
      // the join's fields over the index join's (outer fields, then every table column)
      List<RexNode> fields = new java.util.ArrayList<>();
      for (int p : pair) {
        fields.add(rex.makeInputRef(ij, p));
      }
      call.transformTo(
          LogicalProject.create(
              ij, List.of(), fields, join.getRowType().getFieldNames(), java.util.Set.of()));
      return;
    }
  }
}
