package io.tidal.calcite;

import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import java.util.List;
import java.util.Locale;
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
    RelDataType r = switch (t) {
      case VARCHAR -> tf.createSqlType(SqlTypeName.VARCHAR);
      case BIGINT -> tf.createSqlType(SqlTypeName.BIGINT);
      case INTEGER -> tf.createSqlType(SqlTypeName.INTEGER);
      case DOUBLE -> tf.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL -> tf.createSqlType(SqlTypeName.DECIMAL, DECIMAL_PRECISION, DECIMAL_SCALE);
      case BOOLEAN -> tf.createSqlType(SqlTypeName.BOOLEAN);
      case TIMESTAMP -> tf.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case DATE -> tf.createSqlType(SqlTypeName.DATE);
    };
    return tf.createTypeWithNullability(r, nullable);
  }

  /** The row type of a column list; names are upper case, as unquoted SQL identifiers resolve. */
  public static RelDataType rowType(RelDataTypeFactory tf, List<Column> columns) {
    RelDataTypeFactory.Builder b = tf.builder();
    for (Column c : columns) {
      b.add(upper(c.name()), of(tf, c.type(), c.nullable()));
    }
    return b.build();
  }

  /** The SQL (upper-case) spelling of a canonical engine name. */
  public static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  /**
   * Converts a value produced by Calcite to the engine representation of {@code t}; the SQL layer
   * has already cast it to the column's type, so this only evens out boxing differences.
   */
  public static Object toEngine(ColumnType t, Object v) {
    if (v == null) {
      return null;
    }
    return switch (t) {
      case BIGINT, TIMESTAMP -> v instanceof Number n ? (Object) n.longValue() : v;
      case INTEGER, DATE -> v instanceof Number n ? (Object) n.intValue() : v;
      case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : v;
      case DECIMAL -> v instanceof Number n && !(v instanceof java.math.BigDecimal)
          ? new java.math.BigDecimal(n.toString()) : v;
      case VARCHAR -> v instanceof String ? v : v.toString();
      case BOOLEAN -> v;
    };
  }
}
