package io.tidal.calcite;

import io.tidal.RankQuery;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Top-K by one decay score from the engine's ranking index:
 * {@code Sort(DESC on DECAY_SCORE(key, 'type', INTERVAL literal [, at literal]), LIMIT k [OFFSET o])
 * <- Project <- scan(entity table)} becomes the same Sort and Project over a {@link TopKScan} that
 * reads the {@code o + k} best entities from the index instead of every row.
 *
 * <p>Design notes. The Sort and Project stay: the Project recomputes the score of the few rows the
 * index returns (with the same statement time), the Sort orders them (stable, so ties keep the
 * index's key order). The rule fires only when the semantics are the index's: the score's entity
 * argument is the table's key column, the signal type applies to that table, the half-life is
 * declared, the sort is a single descending key with a literal limit, and nothing filters between
 * scan and sort. Grown by the ranked-retrieval issue (blends, filters, velocity, {@code LIMIT ?}):
 * {@link #match} returns the request, {@link TopKScan} executes any {@link RankQuery}-shaped one.
 */
public final class TopKRule extends RelRule<TopKRule.Config> {
  /** The rule instance installed by {@link TidalRules}. */
  public static final TopKRule INSTANCE = new TopKRule(Config.DEFAULT);

  private TopKRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Sort sort = call.rel(0);
    Project project = call.rel(1);
    TableScan scan = call.rel(2);
    TopKScan.Request req = match(sort, project, scan);
    if (req == null) {
      return;
    }
    TopKScan topK = new TopKScan(scan.getCluster(), scan.getTable(), req);
    Project newProject = project.copy(project.getTraitSet(), topK, project.getProjects(),
        project.getRowType());
    call.transformTo(sort.copy(sort.getTraitSet(), List.of(newProject)));
  }

  /** The index request this plan shape asks for, or null when the rule must not fire. */
  static TopKScan.Request match(Sort sort, Project project, TableScan scan) {
    EntityTableImpl table = scan.getTable().unwrap(EntityTableImpl.class);
    if (table == null || !table.definition().hasPrimaryKey()) {
      return null;
    }
    if (!(sort.fetch instanceof RexLiteral fetch)
        || (sort.offset != null && !(sort.offset instanceof RexLiteral))) {
      return null;
    }
    List<RelFieldCollation> keys = sort.getCollation().getFieldCollations();
    if (keys.size() != 1 || keys.get(0).getDirection() != RelFieldCollation.Direction.DESCENDING) {
      return null;
    }
    RexNode score = project.getProjects().get(keys.get(0).getFieldIndex());
    if (!(score instanceof RexCall c) || !(c.getOperator() instanceof SqlUserDefinedFunction f)
        || !(f.getFunction() instanceof ScoreFunction sf)
        || sf.kind() != ScoreFunction.Kind.DECAY) {
      return null;
    }
    List<RexNode> ops = c.getOperands();
    EntityTable def = table.definition();
    if (!(ops.get(0) instanceof RexInputRef ref) || ref.getIndex() != def.keyIndex()
        || !(ops.get(1) instanceof RexLiteral typeLit) || !(ops.get(2) instanceof RexLiteral hl)) {
      return null;
    }
    Long at = null;
    if (ops.size() > 3) {
      RexNode a = ops.get(3);
      if (a instanceof RexLiteral lit) {
        at = lit.isNull() ? null : lit.getValueAs(Long.class);
      } else if (a.getKind() != SqlKind.DEFAULT) {
        return null;
      }
    }
    String type = typeLit.getValueAs(String.class);
    Long halfLifeMs = hl.getValueAs(Long.class);
    if (type == null || halfLifeMs == null) {
      return null;
    }
    SignalType st = table.session().db().schema().signalType(type).orElse(null);
    if (st == null || !st.table().equals(def.name())
        || st.halfLifeIndex(Duration.ofMillis(halfLifeMs)) < 0) {
      return null;
    }
    long k = RexLiteral.intValue(fetch) + (sort.offset == null ? 0 : RexLiteral.intValue(sort.offset));
    if (k <= 0 || k > RankQuery.MAX_K) {
      return null;
    }
    return new TopKScan.Request(def.name(), st.name(), halfLifeMs, at, (int) k);
  }

  /** The rule's configuration (a hand-written record: no annotation processor in this build). */
  public record Config(String description, OperandTransform operandSupplier)
      implements RelRule.Config {
    static final Config DEFAULT = new Config("TidalTopKRule",
        b0 -> b0.operand(LogicalSort.class).oneInput(
            b1 -> b1.operand(LogicalProject.class).oneInput(
                b2 -> b2.operand(LogicalTableScan.class).noInputs())));

    @Override
    public RelOptRule toRule() {
      return new TopKRule(this);
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
