package io.tidal.sql;

import io.tidal.calcite.SqlTypes;
import io.tidal.schema.ColumnType;

/**
 * Values read back through Calcite's JDBC layer (with the connection in UTC) into the engine's
 * representation: TIMESTAMP as epoch-ms Long, DATE as epoch-day Integer.
 */
public final class EngineValues {
  private EngineValues() {}

  /** As {@link #fromJdbc(ColumnType, Object)}, keeping a declared DECIMAL precision to the engine. */
  public static Object fromJdbc(io.tidal.schema.Column c, Object v) {
    if (c.type() == ColumnType.DECIMAL && v != null) {
      return SqlTypes.toEngine(c, v);
    }
    return fromJdbc(c.type(), v);
  }

  public static Object fromJdbc(ColumnType type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type) {
      case TIMESTAMP ->
          v instanceof java.util.Date d ? (Object) d.getTime() : ((Number) v).longValue();
      case DATE ->
          v instanceof java.util.Date d
              ? (Object) (int) Math.floorDiv(d.getTime(), 86_400_000L)
              : ((Number) v).intValue();
      case TIME ->
          v instanceof java.util.Date d
              ? (Object) (int) Math.floorMod(d.getTime(), 86_400_000L)
              : SqlTypes.toEngine(type, v);
      case BIGINT, INTEGER, DOUBLE, DECIMAL, BOOLEAN, VARCHAR, VARBINARY ->
          SqlTypes.toEngine(type, v);
    };
  }
}
