package io.tidal.calcite;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;

/**
 * The configuration of a tidal rule that needs nothing beyond its description and operands: a
 * hand-written {@link RelRule.Config} (no annotation processor in this build) that builds its rule
 * with {@code factory}. Rules with options of their own ({@link TopKRule}, {@link FeedRule}) keep
 * their own record.
 */
record PlainRuleConfig(
    String description,
    RelRule.OperandTransform operandSupplier,
    Function<PlainRuleConfig, RelOptRule> factory)
    implements RelRule.Config {

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public PlainRuleConfig withRelBuilderFactory(
      org.apache.calcite.tools.RelBuilderFactory relBuilderFactory) {
    return this;
  }

  @Override
  public PlainRuleConfig withDescription(String d) {
    return new PlainRuleConfig(d, operandSupplier, factory);
  }

  @Override
  public PlainRuleConfig withOperandSupplier(RelRule.OperandTransform transform) {
    return new PlainRuleConfig(description, transform, factory);
  }
}
