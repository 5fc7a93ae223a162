package io.tidal.calcite;

import java.util.List;
import org.apache.calcite.plan.RelRule.OperandTransform;
import org.apache.calcite.rel.RelNode;

/** The operand patterns of tidal's planner rules: a straight chain of single-input nodes. */
final class RulePatterns {
  private RulePatterns() {}

  /**
   * Matches {@code nodes[0]} whose only input is {@code nodes[1]}, and so on down to the last,
   * which has no input: {@code chain(List.of(LogicalSort.class, LogicalProject.class,
   * LogicalTableScan.class))} is a sort over a project over a table scan.
   */
  static OperandTransform chain(List<Class<? extends RelNode>> nodes) {
    return from(nodes, 0);
  }

  private static OperandTransform from(List<Class<? extends RelNode>> nodes, int i) {
    Class<? extends RelNode> node = nodes.get(i);
    if (i == nodes.size() - 1) {
      return b -> b.operand(node).noInputs();
    }
    OperandTransform input = from(nodes, i + 1);
    return b -> b.operand(node).oneInput(input);
  }
}
