package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexNode;

/**
 * Ranked retrieval from the engine's indexes: {@code Sort(score DESC, LIMIT k [OFFSET o]) <- Project
 * [<- Filter] <- scan(entity table)} becomes the same Sort and Project over a {@link TopKScan} that
 * reads the {@code o + k} best rows (passing the filter) from the ranking indexes instead of every
 * row. Which scores qualify: {@link RankMatcher}. Whether a filtered walk beats the scan:
 * {@link RankCost}.
 *
 * <p>Design notes. The Sort and Project stay: the Project recomputes the score of the few rows the
 * index returns (same statement time, same arithmetic), the Sort orders them (stable, so ties keep
 * the index's key order) and applies fetch and offset, also when they are parameters. Two rule
 * instances match the two shapes (with and without a Filter); both are named {@code Tidal...Rule},
 * which lets tests switch them off with the planner's rule exclusion filter.
 */
public final class TopKRule extends RelRule<TopKRule.Config> {
  /** Without a WHERE clause. */
  public static final TopKRule INSTANCE = new TopKRule(Config.PLAIN);

  /** With a WHERE clause on the entity table. */
  public static final TopKRule FILTERED = new TopKRule(Config.FILTERED);

  private TopKRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Sort sort = call.rel(0);
    Project project = call.rel(1);
    Filter filter = config.filtered ? call.rel(2) : null;
    TableScan scan = call.rel(config.filtered ? 3 : 2);
    EntityTableImpl table = scan.getTable().unwrap(EntityTableImpl.class);
    if (table == null) {
      return;
    }
    RexNode condition = filter == null ? null : filter.getCondition();
    RankMatcher.Match m = RankMatcher.match(sort, project, condition, table);
    if (m == null
        || !RankCost.walkWins(
            table.session().writer(), table.definition().name(), m.spec(), m.filter())) {
      return;
    }
    TopKScan topK = new TopKScan(scan.getCluster(), scan.getTable(), m.spec(), m.filter());
    RelNode newProject =
        project.copy(project.getTraitSet(), topK, project.getProjects(), project.getRowType());
    call.transformTo(sort.copy(sort.getTraitSet(), List.of(newProject)));
  }

  /** The rule's configuration (a hand-written record: no annotation processor in this build). */
  public record Config(String description, OperandTransform operandSupplier, boolean filtered)
      implements RelRule.Config {
    static final Config PLAIN =
        new Config(
            "TidalTopKRule",
            RulePatterns.chain(
                List.of(LogicalSort.class, LogicalProject.class, LogicalTableScan.class)),
            false);
    static final Config FILTERED =
        new Config(
            "TidalTopKFilterRule",
            RulePatterns.chain(
                List.of(
                    LogicalSort.class,
                    LogicalProject.class,
                    LogicalFilter.class,
                    LogicalTableScan.class)),
            true);

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
      return new Config(d, operandSupplier, filtered);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(description, transform, filtered);
    }
  }
}
