package io.tidal.sql;

import io.tidal.schema.ColumnType;
import java.math.BigDecimal;

/**
 * Values read back through Calcite's JDBC layer (with the connection in UTC) into the engine's
 * representation: TIMESTAMP as epoch-ms Long, DATE as epoch-day Integer.
 */
public final class EngineValues {
  private EngineValues() {}

  public static Object fromJdbc(ColumnType type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type) {
      case TIMESTAMP -> v instanceof java.util.Date d ? (Object) d.getTime() : ((Number) v).longValue();
      case DATE -> v instanceof java.util.Date d
          ? (Object) (int) Math.floorDiv(d.getTime(), 86_400_000L) : ((Number) v).intValue();
      case BIGINT -> ((Number) v).longValue();
      case INTEGER -> ((Number) v).intValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case DECIMAL -> v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
      case BOOLEAN -> v;
      case VARCHAR -> v.toString();
    };
  }
}
