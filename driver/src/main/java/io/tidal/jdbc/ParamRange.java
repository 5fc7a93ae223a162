package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Range check of a numeric parameter against its declared integer type. Calcite converts a bound
 * {@code Long} to an INTEGER parameter with {@code Number.intValue()}, which silently wraps
 * 2147483648 to -2147483648 (found by the SQL fuzz): so a value outside the parameter type's range
 * is refused at bind time with SQLState 22003, naming the value and the parameter.
 */
final class ParamRange {
  private ParamRange() {}

  /** Throws 22003 if {@code v} is a number outside the range of parameter {@code i}'s type. */
  static void check(ParameterMetaData md, int i, Object v) throws SQLException {
    if (!(v instanceof Number n) || i < 1 || i > md.getParameterCount()) {
      return;
    }
    int type = md.getParameterType(i);
    long min;
    long max;
    switch (type) {
      case Types.TINYINT -> {
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
      }
      case Types.SMALLINT -> {
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
      }
      case Types.INTEGER -> {
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
      }
      case Types.BIGINT -> {
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
      }
      default -> {
        return;
      }
    }
    if (!fits(n, min, max)) {
      throw SqlStates.create(
          "value "
              + v
              + " is out of range for parameter "
              + i
              + " of type "
              + md.getParameterTypeName(i)
              + " ["
              + min
              + ", "
              + max
              + "]",
          SqlStates.NUMERIC_OUT_OF_RANGE,
          null);
    }
  }

  /**
   * Binds an integral {@code v} (Long, Short, Byte, BigInteger, a BigDecimal without fraction) to an
   * INTEGER parameter as an {@code Integer}: the code Calcite generates for {@code LIMIT ?},
   * {@code OFFSET ?} and {@code FETCH FIRST ? ROWS} casts the bound value to {@code Integer}, and
   * jOOQ and Spring bind a {@code Long} there. Call after {@link #check}.
   *
   * @return whether it bound the value (false: not an INTEGER parameter or not an integral value)
   */
  static boolean setAsInt(PreparedStatement ps, int i, Object v) throws SQLException {
    if (v instanceof Integer || !(v instanceof Number n)) {
      return false;
    }
    boolean integral =
        n instanceof Long
            || n instanceof Short
            || n instanceof Byte
            || n instanceof BigInteger
            || (n instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0);
    ParameterMetaData md = ps.getParameterMetaData();
    if (!integral
        || i < 1
        || i > md.getParameterCount()
        || md.getParameterType(i) != Types.INTEGER) {
      return false;
    }
    ps.setInt(i, n.intValue());
    return true;
  }

  private static boolean fits(Number n, long min, long max) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return Double.isFinite(d) && d >= min && d < max + 1.0;
    }
    BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    return d.compareTo(BigDecimal.valueOf(min)) >= 0 && d.compareTo(BigDecimal.valueOf(max)) <= 0;
  }
}
