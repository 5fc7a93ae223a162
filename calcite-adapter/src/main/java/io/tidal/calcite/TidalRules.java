package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;

/** tidal's planner rules, installed in one place by the SQL layer's prepare hook. */
public final class TidalRules {
  private TidalRules() {}

  /** The rules, in registration order. */
  public static List<RelOptRule> all() {
    return List.of(TopKRule.INSTANCE, TopKRule.FILTERED, IndexScanRule.INSTANCE);
  }

  /**
   * The rules of the heuristic pass that runs before sub-queries become joins: personal feeds
   * ({@link FeedRule}) are recognised while their sub-queries are still expressions.
   */
  public static List<RelOptRule> beforeSubQueries() {
    return List.of(FeedRule.INSTANCE, FeedRule.TRIMMED);
  }

  /** Adds every tidal rule to {@code planner}. */
  public static void install(RelOptPlanner planner) {
    for (RelOptRule r : all()) {
      planner.addRule(r);
    }
  }
}
