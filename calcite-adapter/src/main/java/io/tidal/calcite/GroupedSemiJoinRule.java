package io.tidal.calcite;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.rules.CoreRules;

/**
 * Calcite's {@code SemiJoinRule} ({@link CoreRules#PROJECT_TO_SEMI_JOIN}, {@link
 * CoreRules#JOIN_TO_SEMI_JOIN}), matched only when the right input's Aggregate has group keys. The
 * planner gets these instead of Calcite's ({@link TidalRules#install}).
 *
 * <p>Design notes. The rule turns {@code left JOIN Aggregate(keys, input) ON left.x = keys} into
 * {@code left SEMI JOIN input}: right when the aggregate groups (it has a row for a key exactly
 * when its input does), wrong when it has no group keys, because an aggregate without GROUP BY
 * returns one row even for an empty input. Calcite 1.41 (and its main branch, read in December 2026)
 * applies it there too: {@code SELECT pk FROM t WHERE a > 15 OR b IN (SELECT a FROM t WHERE 1 = 0)}
 * becomes, after sub-query removal, a cross join with {@code Aggregate(group={}, COUNT()) <- empty
 * Values}, which this rule turned into a semi join with the empty Values, and the whole query into
 * no rows (SQLite's index/between corpus, 70 records; docs/CONFORMANCE.md). The same flaw in
 * another rule is CALCITE-7702 ({@code JoinAggregateTransposeRule} with an aggregate that has an
 * empty input and an empty group set). The rule's own code is reused: the match delegates to
 * Calcite's instance, whose operands are the same.
 */
public final class GroupedSemiJoinRule extends RelRule<GroupedSemiJoinRule.Config> {
  /** {@code Project <- Join <- (any, Aggregate with keys)}: Calcite's {@code SemiJoinRule:project}. */
  public static final GroupedSemiJoinRule PROJECT =
      new GroupedSemiJoinRule(
          new Config(
              "TidalSemiJoinRule:project",
              b ->
                  b.operand(Project.class)
                      .oneInput(
                          b2 ->
                              b2.operand(Join.class)
                                  .predicate(GroupedSemiJoinRule::innerOrLeft)
                                  .inputs(
                                      b3 -> b3.operand(RelNode.class).anyInputs(),
                                      b4 ->
                                          b4.operand(Aggregate.class)
                                              .predicate(GroupedSemiJoinRule::grouped)
                                              .anyInputs())),
              CoreRules.PROJECT_TO_SEMI_JOIN));

  /** {@code Join <- (any, Aggregate with keys)}: Calcite's {@code SemiJoinRule:join}. */
  public static final GroupedSemiJoinRule JOIN =
      new GroupedSemiJoinRule(
          new Config(
              "TidalSemiJoinRule:join",
              b ->
                  b.operand(Join.class)
                      .predicate(GroupedSemiJoinRule::innerOrLeft)
                      .inputs(
                          b2 -> b2.operand(RelNode.class).anyInputs(),
                          b3 ->
                              b3.operand(Aggregate.class)
                                  .predicate(GroupedSemiJoinRule::grouped)
                                  .anyInputs()),
              CoreRules.JOIN_TO_SEMI_JOIN));

  private GroupedSemiJoinRule(Config config) {
    super(config);
  }

  private static boolean innerOrLeft(Join join) {
    return join.getJoinType() == JoinRelType.INNER || join.getJoinType() == JoinRelType.LEFT;
  }

  private static boolean grouped(Aggregate aggregate) {
    return aggregate.getGroupCount() > 0;
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    config.calcite().onMatch(call);
  }

  /** The rule's configuration (a hand-written record: no annotation processor in this build). */
  public record Config(String description, OperandTransform operandSupplier, RelOptRule calcite)
      implements RelRule.Config {
    @Override
    public RelOptRule toRule() {
      return new GroupedSemiJoinRule(this);
    }

    @Override
    public Config withRelBuilderFactory(org.apache.calcite.tools.RelBuilderFactory factory) {
      return this;
    }

    @Override
    public Config withDescription(String d) {
      return new Config(d, operandSupplier, calcite);
    }

    @Override
    public Config withOperandSupplier(OperandTransform transform) {
      return new Config(description, transform, calcite);
    }
  }
}
