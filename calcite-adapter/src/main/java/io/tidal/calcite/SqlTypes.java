package io.tidal.calcite;

import io.tidal.TidalException;
import io.tidal.schema.Binary;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Mapping between engine column types and SQL types. Engine values already use Calcite's internal
 * representation (TIMESTAMP as epoch-ms Long, DATE as epoch-day Integer), so only DECIMAL needs a
 * declared precision: DECIMAL columns are DECIMAL(19, 6).
 */
public final class SqlTypes {
  /** Precision and scale of every DECIMAL column. */
  public static final int DECIMAL_PRECISION = 19;

  public static final int DECIMAL_SCALE = 6;

  private SqlTypes() {}

  /** The SQL type of one engine column type. */
  public static RelDataType of(RelDataTypeFactory tf, ColumnType t, boolean nullable) {
    RelDataType r =
        switch (t) {
          case VARCHAR -> tf.createSqlType(SqlTypeName.VARCHAR);
          case BIGINT -> tf.createSqlType(SqlTypeName.BIGINT);
          case INTEGER -> tf.createSqlType(SqlTypeName.INTEGER);
          case DOUBLE -> tf.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL -> tf.createSqlType(SqlTypeName.DECIMAL, DECIMAL_PRECISION, DECIMAL_SCALE);
          case BOOLEAN -> tf.createSqlType(SqlTypeName.BOOLEAN);
          case TIMESTAMP -> tf.createSqlType(SqlTypeName.TIMESTAMP, 3);
          case DATE -> tf.createSqlType(SqlTypeName.DATE);
          case TIME -> tf.createSqlType(SqlTypeName.TIME, 3);
          case VARBINARY -> tf.createSqlType(SqlTypeName.VARBINARY);
        };
    return tf.createTypeWithNullability(r, nullable);
  }

  /**
   * The SQL type of a column: its engine type's, except that a DECIMAL declared with a precision is
   * DECIMAL(p, s). A declared CHAR(n)/VARCHAR(n) length is not part of the SQL type: Calcite would
   * truncate a longer string silently when it casts to it, and SQL says 22001 (the engine checks).
   */
  public static RelDataType of(RelDataTypeFactory tf, Column c) {
    if (c.type() == ColumnType.DECIMAL && c.length() > 0) {
      return tf.createTypeWithNullability(
          tf.createSqlType(SqlTypeName.DECIMAL, c.length(), Math.max(c.scale(), 0)), c.nullable());
    }
    return of(tf, c.type(), c.nullable());
  }

  /** The row type of a column list; names are upper case, as unquoted SQL identifiers resolve. */
  public static RelDataType rowType(RelDataTypeFactory tf, List<Column> columns) {
    RelDataTypeFactory.Builder b = tf.builder();
    for (Column c : columns) {
      b.add(upper(c.name()), of(tf, c));
    }
    return b.build();
  }

  /**
   * As {@link #toEngine(ColumnType, Object)} for column {@code c}: a DECIMAL declared with a
   * precision is not rounded to DECIMAL(19, 6) here; the engine rounds it to the declared scale
   * and refuses what exceeds the declared precision (22003).
   */
  public static Object toEngine(Column c, Object v) {
    if (c.type() == ColumnType.DECIMAL && c.length() > 0 && v instanceof Number n) {
      if (v instanceof BigDecimal d) {
        return d;
      }
      if ((v instanceof Double || v instanceof Float) && !Double.isFinite(n.doubleValue())) {
        return v;
      }
      return v instanceof Double || v instanceof Float
          ? BigDecimal.valueOf(n.doubleValue())
          : new BigDecimal(n.toString());
    }
    return toEngine(c.type(), v);
  }

  /** The SQL (upper-case) spelling of a canonical engine name. */
  public static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  /**
   * Converts a value produced by Calcite to the engine representation of {@code t}. The SQL layer
   * usually has cast it to the column's type already, but a parameter bound with a wider Java type
   * (a {@code Long} for an INTEGER column) arrives as it was set: integral values are converted
   * only when they fit (a fraction is truncated, as Calcite's CAST does), DECIMALs are rounded to
   * the column's scale; a value that does not fit is passed on unchanged, and the engine refuses it
   * with {@code INVALID_VALUE} naming the column (never a silent wrap-around).
   *
   * @throws TidalException {@code INVALID_VALUE} for a DECIMAL beyond DECIMAL(19, 6)
   */
  public static Object toEngine(ColumnType t, Object v) {
    if (v == null) {
      return null;
    }
    return switch (t) {
      case BIGINT, TIMESTAMP -> {
        Long l = exactLong(v);
        yield l != null ? l : v;
      }
      case INTEGER, DATE, TIME -> {
        Long l = exactLong(v);
        yield l != null && l == l.intValue() ? (Object) l.intValue() : v;
      }
      case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : v;
      case DECIMAL -> decimal(v);
      case VARCHAR -> v instanceof String ? v : v.toString();
      case BOOLEAN -> v;
      case VARBINARY -> binary(v);
    };
  }

  private static Object binary(Object v) {
    if (v instanceof ByteString b) {
      return Binary.wrap(b.getBytes());
    }
    return v instanceof byte[] b ? Binary.of(b) : v;
  }

  /** {@link #toSql(Object[])} of each row, in place. */
  public static java.util.List<Object[]> toSql(java.util.List<Object[]> rows) {
    if (rows != null) {
      rows.replaceAll(SqlTypes::toSql);
    }
    return rows;
  }

  /** The row with this key as the connection sees it, in Calcite's representation. */
  public static java.util.Optional<Object[]> row(io.tidal.RowWriter w, String table, Object key) {
    return w.row(table, key).map(SqlTypes::toSql);
  }

  /**
   * A row read from the engine in Calcite's representation: the only engine value class Calcite
   * does not use itself is {@link Binary} (VARBINARY), which becomes a {@link ByteString}. The row
   * itself is returned when it holds none (no copy).
   */
  public static Object[] toSql(Object[] row) {
    Object[] out = row;
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof Binary b) {
        if (out == row) {
          out = row.clone();
        }
        out[i] = new ByteString(b.toByteArray());
      }
    }
    return out;
  }

  /** The integral value of {@code v} (fractions truncated), or null if it has none in range. */
  private static Long exactLong(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    BigDecimal d;
    if (v instanceof BigDecimal b) {
      d = b;
    } else if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      if (!Double.isFinite(x)) {
        return null;
      }
      d = BigDecimal.valueOf(x);
    } else {
      return null;
    }
    try {
      return d.setScale(0, RoundingMode.DOWN).longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Object decimal(Object v) {
    BigDecimal d;
    if (v instanceof BigDecimal b) {
      d = b;
    } else if (v instanceof Double || v instanceof Float) {
      if (!Double.isFinite(((Number) v).doubleValue())) {
        return v;
      }
      d = BigDecimal.valueOf(((Number) v).doubleValue());
    } else if (v instanceof Number n) {
      d = new BigDecimal(n.toString());
    } else {
      return v;
    }
    BigDecimal r = d.setScale(DECIMAL_SCALE, RoundingMode.HALF_UP);
    if (r.precision() > DECIMAL_PRECISION) {
      throw TidalException.invalidValue(
          "value does not fit DECIMAL("
              + DECIMAL_PRECISION
              + ", "
              + DECIMAL_SCALE
              + ") [value="
              + d.toPlainString()
              + "]");
    }
    return r;
  }
}
