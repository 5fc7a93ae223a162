package io.tidal.sql;

import java.util.List;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * tidal's optimization program: Calcite's standard sequence (sub-queries, decorrelation, measures,
 * field trimming, the cost-based Volcano pass, the Calc pass) with a heuristic join order for
 * queries of {@link #MIN_JOINS} or more joins.
 *
 * <p>Design notes. Calcite's Volcano pass orders joins with {@code JoinCommuteRule} and
 * {@code JoinPushThroughJoinRule}, an exhaustive search whose cost explodes with the number of
 * tables: on SQLite's {@code select5.test} (chains of 10-row tables written
 * {@code FROM t1, t2, ... WHERE a1 = b2 AND ...}) a 4-table join planned in 0.6 s of CPU and a
 * 5-table join in 2.1 s, and wider ones did not finish in minutes. From {@link #MIN_JOINS} joins
 * on, the joins are gathered into one {@code MultiJoin} (after pushing filters into them), the
 * exhaustive rules are removed from this statement's planner, and a {@code MultiJoin} rule picks
 * the order from row counts and join selectivity, avoiding cross products: the greedy bushy rule
 * (4-table join 0.14 s, 64 tables 1.7 s of CPU) or, when the joins include outer joins (which it
 * refuses), {@code LoptOptimizeJoinRule} (64 tables: 4.4 s). This is Calcite's documented
 * {@link Programs#heuristicJoinOrder} strategy, placed where the standard program runs Volcano (so
 * after field trimming). Should the heuristic plan fail ({@code CannotPlanException}),
 * {@link TidalPrepare} plans the statement again with Calcite's standard program.
 */
final class JoinOrderProgram {
  /** Joins (tables - 1) from which the join order is heuristic. */
  static final int MIN_JOINS = 3;

  private static final List<RelOptRule> EXHAUSTIVE =
      List.of(
          CoreRules.JOIN_COMMUTE,
          CoreRules.JOIN_ASSOCIATE,
          JoinPushThroughJoinRule.LEFT,
          JoinPushThroughJoinRule.RIGHT);

  private static final HepProgram TO_MULTI_JOIN =
      new HepProgramBuilder()
          .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
          .build();

  private JoinOrderProgram() {}

  /** The whole program, used by {@link TidalPrepare} for every query. */
  static Program create() {
    RelMetadataProvider md = DefaultRelMetadataProvider.INSTANCE;
    HepProgramBuilder feeds =
        new HepProgramBuilder(); // personal feeds, while sub-queries are expressions
    io.tidal.calcite.TidalRules.beforeSubQueries().forEach(feeds::addRuleInstance);
    return Programs.sequence(
        Programs.of(feeds.build(), false, md),
        Programs.subQuery(md),
        Programs.decorrelate(),
        Programs.measure(md),
        Programs.trim(),
        JoinOrderProgram::volcano,
        Programs.calc(md));
  }

  /** The Volcano pass; for {@link #MIN_JOINS} or more joins, with a heuristic join order. */
  private static RelNode volcano(
      RelOptPlanner planner,
      RelNode rel,
      RelTraitSet traits,
      List<RelOptMaterialization> materializations,
      List<RelOptLattice> lattices) {
    RelNode root = rel;
    if (RelOptUtil.countJoins(rel) >= MIN_JOINS) {
      root =
          Programs.of(TO_MULTI_JOIN, false, DefaultRelMetadataProvider.INSTANCE)
              .run(planner, rel, traits, materializations, lattices);
      for (RelOptRule r : EXHAUSTIVE) {
        planner.removeRule(r);
      }
      planner.addRule(
          hasOuterJoin(root) ? CoreRules.MULTI_JOIN_OPTIMIZE : CoreRules.MULTI_JOIN_OPTIMIZE_BUSHY);
    }
    for (RelOptMaterialization m : materializations) {
      planner.addMaterialization(m);
    }
    for (RelOptLattice l : lattices) {
      planner.addLattice(l);
    }
    planner.setRoot(root);
    RelNode wanted = root.getTraitSet().equals(traits) ? root : planner.changeTraits(root, traits);
    planner.setRoot(wanted);
    return planner.chooseDelegate().findBestExp();
  }

  /** Whether a {@code MultiJoin} in the tree combines inputs with an outer join. */
  static boolean hasOuterJoin(RelNode rel) {
    if (rel instanceof MultiJoin m
        && (m.isFullOuterJoin()
            || m.getJoinTypes().stream().anyMatch(t -> t != JoinRelType.INNER))) {
      return true;
    }
    for (RelNode in : rel.getInputs()) {
      if (hasOuterJoin(in)) {
        return true;
      }
    }
    return false;
  }
}
