package io.tidal.jdbc;

import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.calcite.SignalRows;
import io.tidal.sql.SignalInsertShape;
import io.tidal.sql.SqlStates;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.TimeZone;

/**
 * The bound parameters of a recognised {@code INSERT INTO signals} turned into a {@link Signal}:
 * each value converted as the column wants it (text, a weight from any number or numeric text, a
 * timestamp from JDBC's types or {@code yyyy-mm-dd hh:mm:ss}), bad values refused naming them.
 */
final class SignalBinding {
  private final SignalInsertShape shape;
  private final SignalRows.KeyResolver keys;

  SignalBinding(SignalInsertShape shape, SignalRows.KeyResolver keys) {
    this.shape = shape;
    this.keys = keys;
  }

  /** The signal a bound parameter row describes; {@code zone} is the JVM's default zone. */
  Signal toSignal(TidalDB db, Object[] row, TimeZone zone) throws SQLException {
    Object[] v = new Object[6];
    int[] cols = shape.columns();
    for (int i = 0; i < cols.length; i++) {
      v[cols[i]] = row[i];
    }
    try {
      return keys.toSignal(
          db,
          text(v[0]),
          v[1] instanceof Number ? v[1] : text(v[1]),
          weight(v[2]),
          ts(v[3], zone),
          text(v[4]),
          text(v[5]));
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  private static Object text(Object o) {
    return o == null ? null : o.toString();
  }

  private static Object weight(Object o) throws SQLException {
    if (o == null || o instanceof Double) {
      return o;
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return new BigDecimal(o.toString().strip()).doubleValue();
    } catch (NumberFormatException e) {
      throw SqlStates.create(
          "weight " + io.tidal.TidalException.quote(o) + " is not a number",
          SqlStates.INVALID_CHARACTER_VALUE,
          e);
    }
  }

  private static Object ts(Object o, TimeZone zone) throws SQLException {
    if (o == null) {
      return null;
    }
    Long ms = Times.millis(o, zone);
    if (ms != null) {
      return ms;
    }
    if (o instanceof Number n) {
      return n.longValue();
    }
    if (o instanceof String s) {
      try {
        return Times.ofUtcWallClock(java.time.LocalDateTime.parse(s.strip().replace(' ', 'T')))
            .getTime();
      } catch (java.time.format.DateTimeParseException e) {
        throw SqlStates.create(
            "ts " + io.tidal.TidalException.quote(o) + " is not a timestamp (yyyy-mm-dd hh:mm:ss)",
            SqlStates.INVALID_DATETIME_FORMAT,
            e);
      }
    }
    throw SqlStates.create(
        "ts of type " + o.getClass().getSimpleName() + " is not a timestamp",
        SqlStates.INVALID_DATETIME_FORMAT,
        null);
  }
}
