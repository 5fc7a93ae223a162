package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;

/** tidal's planner rules, installed in one place by the SQL layer's prepare hook. */
public final class TidalRules {
  private TidalRules() {}

  /** The rules, in registration order. */
  public static List<RelOptRule> all() {
    return List.of(
        TopKRule.INSTANCE,
        TopKRule.FILTERED,
        IndexScanRule.INSTANCE,
        IndexJoinRule.INSTANCE,
        GroupedSemiJoinRule.PROJECT,
        GroupedSemiJoinRule.JOIN);
  }

  /**
   * The rules of the heuristic pass that runs before sub-queries become joins: personal feeds
   * ({@link FeedRule}) are recognised while their sub-queries are still expressions.
   */
  public static List<RelOptRule> beforeSubQueries() {
    return List.of(FeedRule.INSTANCE, FeedRule.TRIMMED);
  }

  /**
   * Adds every tidal rule to {@code planner}, and removes the Calcite rules tidal replaces
   * (Calcite's semi-join rules, see {@link GroupedSemiJoinRule}).
   */
  public static void install(RelOptPlanner planner) {
    planner.removeRule(CoreRules.PROJECT_TO_SEMI_JOIN);
    planner.removeRule(CoreRules.JOIN_TO_SEMI_JOIN);
    for (RelOptRule r : all()) {
      planner.addRule(r);
    }
  }
}
