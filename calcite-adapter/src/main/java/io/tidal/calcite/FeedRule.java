package io.tidal.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
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
import org.apache.calcite.rex.RexUtil;

/**
 * Personal feeds from the ranking indexes: {@code Sort(score DESC, LIMIT k) <- Project <- Filter <-
 * scan(entity table)} whose WHERE holds, next to ordinary conjuncts, a seen set
 * ({@code key NOT IN (SELECT entity_id FROM signals WHERE signal_type = 't' AND actor_id = ?)} or the
 * same as {@code NOT EXISTS}) and/or a followed set ({@code col IN (SELECT c FROM follows WHERE
 * user_id = ?)}) becomes the same Sort and Project over a {@link TopKScan} that applies the sets
 * ({@link FeedSet}, recognised by {@link FeedMatcher}) and the other conjuncts while it walks.
 *
 * <p>Design notes. Sub-queries are turned into joins by Calcite's sub-query program before the
 * cost-based pass where {@link TopKRule} runs, and the join shapes of {@code NOT IN} are not worth
 * recognising; so this rule runs in a heuristic pass <em>before</em> that program (installed by the
 * SQL layer, {@link TidalRules#feeds}), while the sub-queries are still expressions. The score and
 * the other conjuncts are recognised by {@link RankMatcher}, unchanged; no cost comparison is needed:
 * the walk is bounded by {@code k} plus the sets (docs/RANKING.md, "Personal feeds").
 */
public final class FeedRule extends RelRule<FeedRule.Config> {
  public static final FeedRule INSTANCE = new FeedRule(Config.DEFAULT);

  /** With the field-trimming Project that SQL-to-rel conversion leaves between Filter and scan. */
  public static final FeedRule TRIMMED = new FeedRule(Config.TRIMMED);

  private FeedRule(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Sort sort = call.rel(0);
    Project project = call.rel(1);
    Filter filter = call.rel(2);
    Project trim = config.trimmed ? call.rel(3) : null;
    TableScan scan = call.rel(config.trimmed ? 4 : 3);
    int[] fields = fieldMap(trim, scan); // filter input field -> scan column
    if (fields == null) {
      return;
    }
    EntityTableImpl table = scan.getTable().unwrap(EntityTableImpl.class);
    if (table == null
        || !table.definition().hasPrimaryKey()
        || RexUtil.SubQueryFinder.find(filter.getCondition()) == null) {
      return;
    }
    List<FeedSet> sets = new ArrayList<>();
    List<RexNode> rest = new ArrayList<>();
    RexNode condition =
        trim == null
            ? filter.getCondition()
            : RelOptUtil.pushPastProject(filter.getCondition(), trim);
    for (RexNode c : RelOptUtil.conjunctions(condition)) {
      FeedSet f = FeedMatcher.match(c, table, filter.getVariablesSet(), fields);
      if (f != null) {
        sets.add(f);
      } else if (RexUtil.SubQueryFinder.find(c) != null) {
        return; // another sub-query: Calcite plans it
      } else {
        rest.add(c);
      }
    }
    RexNode others =
        rest.isEmpty() ? null : RexUtil.composeConjunction(scan.getCluster().getRexBuilder(), rest);
    Project overScan =
        trim == null
            ? project
            : project.copy(
                project.getTraitSet(),
                scan,
                RelOptUtil.pushPastProject(project.getProjects(), trim),
                project.getRowType());
    RankMatcher.Match m = RankMatcher.match(sort, overScan, others, table);
    if (m == null) {
      return;
    }
    TopKScan topK =
        new TopKScan(scan.getCluster(), scan.getTable(), m.spec().withSets(sets), m.filter());
    RelNode newProject =
        overScan.copy(overScan.getTraitSet(), topK, overScan.getProjects(), overScan.getRowType());
    call.transformTo(sort.copy(sort.getTraitSet(), List.of(newProject)));
  }

  /** For each field of the Filter's input, the scan column it is; null if {@code trim} computes. */
  private static int[] fieldMap(Project trim, TableScan scan) {
    if (trim == null) {
      int[] id = new int[scan.getRowType().getFieldCount()];
      for (int i = 0; i < id.length; i++) {
        id[i] = i;
      }
      return id;
    }
    int[] out = new int[trim.getProjects().size()];
    for (int i = 0; i < out.length; i++) {
      if (!(trim.getProjects().get(i) instanceof org.apache.calcite.rex.RexInputRef r)) {
        return null;
      }
      out[i] = r.getIndex();
    }
    return out;
  }

  /** The rule's configuration (a hand-written record: no annotation processor in this build). */
  public record Config(String description, OperandTransform operandSupplier, boolean trimmed)
      implements RelRule.Config {
    static final Config DEFAULT =
        new Config(
            "TidalFeedRule",
            RulePatterns.chain(
                List.of(
                    LogicalSort.class,
                    LogicalProject.class,
                    LogicalFilter.class,
                    LogicalTableScan.class)),
            false);
    static final Config TRIMMED =
        new Config(
            "TidalFeedTrimmedRule",
            RulePatterns.chain(
                List.of(
                    LogicalSort.class,
                    LogicalProject.class,
                    LogicalFilter.class,
                    LogicalProject.class,
                    LogicalTableScan.class)),
            true);

    @Override
    public RelOptRule toRule() {
      return new FeedRule(this);
    }

    @Override
    public Config withRelBuilderFactory(org.apache.calcite.tools.RelBuilderFactory factory) {
      return this;
    }

    @Override
    public Config withDescription(String d) {
      return new Config(d, operandSupplier, trimmed);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(description, transform, trimmed);
    }
  }
}
