package io.tidal.sql;

import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

/**
 * Folds arithmetic with a NULL operand ({@code 1 / NULL}, {@code - CAST(NULL AS INTEGER) / 21 * 55})
 * into a typed NULL while SQL is converted to relational algebra. Arithmetic is strict, so the
 * value is NULL whatever the other operands are; the point is the planner: Calcite's collation
 * metadata takes {@code /(null, 21)} for a constant and asks for its literal value
 * ({@code SqlMonotonicBinaryOperator.getMonotonicity}, called as soon as a Project is created),
 * which failed with the AssertionError "not a literal" (XX000): the JDBC prepare path does no
 * constant reduction. A convertlet table wrapper, because operands are converted before their
 * call, so the NULL propagates bottom-up through nested arithmetic.
 */
final class NullArithmetic {
  /** Result kinds folded (by name: the CHECKED_ kinds are Calcite's checked-arithmetic variants). */
  private static final Set<String> STRICT =
      Set.of(
          "PLUS",
          "MINUS",
          "TIMES",
          "DIVIDE",
          "MOD",
          "MINUS_PREFIX",
          "PLUS_PREFIX",
          "CHECKED_PLUS",
          "CHECKED_MINUS",
          "CHECKED_TIMES",
          "CHECKED_DIVIDE",
          "CHECKED_MINUS_PREFIX");

  private NullArithmetic() {}

  /** {@code base} with every arithmetic call that has a NULL operand converted to a typed NULL. */
  static SqlRexConvertletTable wrap(SqlRexConvertletTable base) {
    return call -> {
      SqlRexConvertlet c = base.get(call);
      if (c == null) {
        return null;
      }
      return (cx, sqlCall) -> fold(cx.getRexBuilder(), c.convertCall(cx, sqlCall));
    };
  }

  static RexNode fold(RexBuilder rex, RexNode n) {
    if (n instanceof RexCall c
        && STRICT.contains(c.getKind().name())
        && c.getOperands().stream().anyMatch(o -> isNull(rex, o))) {
      return rex.makeNullLiteral(c.getType());
    }
    return n;
  }

  /**
   * A NULL literal, or an expression that the planner's simplification turns into one ({@code CASE
   * 2 WHEN 3 THEN x END}, {@code NULLIF(CAST(NULL AS INTEGER), 5)}): the Project built later
   * simplifies its expressions, so such an operand reaches the collation metadata as a literal NULL
   * too (the corpus's random/expr found six of them).
   */
  private static boolean isNull(RexBuilder rex, RexNode o) {
    if (RexUtil.isNullLiteral(o, true)) {
      return true;
    }
    if (!(o instanceof RexCall)) {
      return false;
    }
    RexNode simple =
        new RexSimplify(rex, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR).simplifyPreservingType(o);
    return RexUtil.isNullLiteral(simple, true);
  }
}
