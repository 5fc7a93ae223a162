package io.tidal.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

/**
 * {@code CAST(x AS BOOLEAN)} of a number is {@code x <> 0}: TRUE for any non-zero value, FALSE for
 * zero, NULL for NULL, as in PostgreSQL, H2 and DuckDB (standard SQL has no such cast).
 *
 * <p>Design notes. Calcite answered this cast three ways: a column of an exact type as {@code x <>
 * 0}, an exact literal always as FALSE ({@code CAST(1 AS BOOLEAN)} was FALSE, a wrong answer), and
 * a DOUBLE or a DECIMAL with a fraction not at all (its code generator has no such cast: XX000 or
 * 0A000 "Unable to implement"). Converting the cast to the comparison while SQL becomes relational
 * algebra gives one meaning for every numeric type, before any constant reduction or code
 * generation sees the cast.
 */
final class NumericToBoolean {
  private NumericToBoolean() {}

  /** {@code base} with every cast of a numeric operand to BOOLEAN converted to {@code x <> 0}. */
  static SqlRexConvertletTable wrap(SqlRexConvertletTable base) {
    return call -> {
      SqlRexConvertlet c = base.get(call);
      if (c == null || call.getKind() != SqlKind.CAST) {
        return c;
      }
      return (cx, sqlCall) -> {
        RelDataType from = cx.getValidator().getValidatedNodeTypeIfKnown(sqlCall.operand(0));
        RelDataType to = cx.getValidator().getValidatedNodeTypeIfKnown(sqlCall);
        if (from == null
            || to == null
            || to.getSqlTypeName() != SqlTypeName.BOOLEAN
            || !SqlTypeUtil.isNumeric(from)) {
          return c.convertCall(cx, sqlCall);
        }
        return notZero(cx.getRexBuilder(), cx.convertExpression(sqlCall.operand(0)), to);
      };
    };
  }

  private static RexNode notZero(RexBuilder rex, RexNode x, RelDataType to) {
    RexNode test =
        rex.makeCall(SqlStdOperatorTable.NOT_EQUALS, x, rex.makeZeroLiteral(x.getType()));
    return rex.ensureType(to, test, true);
  }
}
