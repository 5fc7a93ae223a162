package io.tidal.calcite;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import io.tidal.IndexRange;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Reads one pushed-down filter as ranges of one column's values, for a secondary-index lookup:
 * {@code col = v}, {@code col <, <=, >, >= v}, {@code col IN (...)} / {@code SEARCH(col, Sarg)},
 * and ORs of those on one column, where v is a literal or a bound parameter. The filter always stays
 * with Calcite (the index only narrows the rows read), so a range only has to contain every
 * matching value; a value that does not convert exactly to the column's engine type (2.5 for an
 * INTEGER column), a NULL, or a Sarg that admits NULL gives no ranges (scan).
 */
final class IndexFilters {
  /** A column and the ranges of its values that a filter admits. */
  record Ranges(int column, List<IndexRange> ranges) {}

  private IndexFilters() {}

  /**
   * The column a filter of a servable shape constrains (values not read: parameters have none
   * before execution), or null. {@link #of} may still give no ranges for it at run time.
   */
  static Integer column(RexNode filter) {
    SqlKind k = filter.getKind();
    if (k == SqlKind.OR) {
      Integer col = null;
      for (RexNode op : ((RexCall) filter).getOperands()) {
        Integer c = column(op);
        if (c == null || col != null && !col.equals(c)) {
          return null;
        }
        col = c;
      }
      return col;
    }
    if (!(filter instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (k == SqlKind.SEARCH) {
      return a instanceof RexInputRef ref && b instanceof RexLiteral ? ref.getIndex() : null;
    }
    if (k != SqlKind.EQUALS
        && k != SqlKind.LESS_THAN
        && k != SqlKind.LESS_THAN_OR_EQUAL
        && k != SqlKind.GREATER_THAN
        && k != SqlKind.GREATER_THAN_OR_EQUAL) {
      return null;
    }
    if (a instanceof RexInputRef ref && (b instanceof RexLiteral || b instanceof RexDynamicParam)) {
      return ref.getIndex();
    }
    if (b instanceof RexInputRef ref && (a instanceof RexLiteral || a instanceof RexDynamicParam)) {
      return ref.getIndex();
    }
    return null;
  }

  static Ranges of(RexNode filter, EntityTable table, DataContext root) {
    try {
      return read(filter, table, root);
    } catch (RuntimeException e) {
      return null; // an unusual literal: no index, the scan is always right
    }
  }

  private static Ranges read(RexNode filter, EntityTable table, DataContext root) {
    SqlKind k = filter.getKind();
    if (k == SqlKind.OR) {
      Ranges all = null;
      for (RexNode op : ((RexCall) filter).getOperands()) {
        Ranges r = read(op, table, root);
        if (r == null || all != null && r.column() != all.column()) {
          return null;
        }
        if (all == null) {
          all = new Ranges(r.column(), new ArrayList<>(r.ranges()));
        } else {
          all.ranges().addAll(r.ranges());
        }
      }
      return all;
    }
    if (!(filter instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (k == SqlKind.SEARCH) {
      return a instanceof RexInputRef ref && b instanceof RexLiteral lit
          ? sarg(ref.getIndex(), lit, table)
          : null;
    }
    boolean flipped = false;
    if (!(a instanceof RexInputRef)) {
      RexNode t = a;
      a = b;
      b = t;
      flipped = true;
    }
    if (!(a instanceof RexInputRef ref)) {
      return null;
    }
    Column c = table.columns().get(ref.getIndex());
    Object v =
        b instanceof RexLiteral lit
            ? literalValue(lit)
            : b instanceof RexDynamicParam p ? root.get("?" + p.getIndex()) : null;
    v = exact(c, v);
    if (v == null) {
      return null;
    }
    SqlKind op = flipped ? k.reverse() : k;
    IndexRange r =
        switch (op) {
          case EQUALS -> IndexRange.point(v);
          case LESS_THAN -> new IndexRange(null, false, v, false);
          case LESS_THAN_OR_EQUAL -> new IndexRange(null, false, v, true);
          case GREATER_THAN -> new IndexRange(v, false, null, false);
          case GREATER_THAN_OR_EQUAL -> new IndexRange(v, true, null, false);
          default -> null;
        };
    return r == null ? null : new Ranges(ref.getIndex(), List.of(r));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Ranges sarg(int col, RexLiteral lit, EntityTable table) {
    Sarg<?> sarg = lit.getValueAs(Sarg.class);
    if (sarg == null
        || sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.FALSE
            && sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.UNKNOWN) {
      return null;
    }
    Column c = table.columns().get(col);
    List<IndexRange> out = new ArrayList<>();
    for (Object o : sarg.rangeSet.asRanges()) {
      Range r = (Range) o;
      Object lo = r.hasLowerBound() ? exact(c, literal(r.lowerEndpoint())) : null;
      Object hi = r.hasUpperBound() ? exact(c, literal(r.upperEndpoint())) : null;
      if (r.hasLowerBound() && lo == null || r.hasUpperBound() && hi == null) {
        return null;
      }
      out.add(
          new IndexRange(
              lo,
              r.hasLowerBound() && r.lowerBoundType() == BoundType.CLOSED,
              hi,
              r.hasUpperBound() && r.upperBoundType() == BoundType.CLOSED));
    }
    return new Ranges(col, out);
  }

  /**
   * A literal's value: numbers as BigDecimal ({@code getValue2} gives a DECIMAL's unscaled long),
   * strings as String, TIMESTAMP as epoch ms, DATE as epoch days.
   */
  private static Object literalValue(RexLiteral lit) {
    if (lit.isNull()) {
      return null;
    }
    if (org.apache.calcite.sql.type.SqlTypeUtil.isNumeric(lit.getType())) {
      return lit.getValueAs(BigDecimal.class);
    }
    if (org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(lit.getType())) {
      return lit.getValueAs(String.class);
    }
    return literal(lit.getValue2());
  }

  /** A Sarg bound or literal value as a plain Java value. */
  private static Object literal(Object v) {
    if (v instanceof NlsString s) {
      return s.getValue();
    }
    if (v instanceof TimestampString t) {
      return t.getMillisSinceEpoch();
    }
    if (v instanceof DateString d) {
      return d.getDaysSinceEpoch();
    }
    return v;
  }

  /**
   * A run-time value (Calcite's representation: numbers, String, TIMESTAMP as epoch ms, DATE as
   * epoch days) in the engine form of column {@code c}'s type, or null if it does not convert
   * exactly (then no index lookup can stand for it).
   */
  static Object exactValue(Column c, Object v) {
    try {
      return exact(c, literal(v));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code v} in the engine form of column {@code c}'s type, or null if not exactly. */
  private static Object exact(Column c, Object v) {
    if (v == null) {
      return null;
    }
    ColumnType t = c.type();
    Object e = SqlTypes.toEngine(t, v);
    if (e == null || !t.javaClass().isInstance(e)) {
      return null;
    }
    if (v instanceof Number n && e instanceof Number m && t != ColumnType.DOUBLE) {
      BigDecimal x = n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
      BigDecimal y = m instanceof BigDecimal d ? d : new BigDecimal(m.toString());
      if (x.compareTo(y) != 0) {
        return null;
      }
    }
    if (t == ColumnType.VARCHAR && !(v instanceof String)) {
      return null;
    }
    if (e instanceof Double d && d == 0.0) {
      return 0.0;
    }
    return e;
  }
}
