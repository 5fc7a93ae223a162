package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A read-only, forward-only ResultSet over rows held in memory: what {@link MetaDataHandler} returns.
 * Column types are inferred from the first non-null value of each column (VARCHAR when none).
 */
final class ListResultSet extends JdbcProxy {
  private final List<String> names;
  private final List<Object[]> rows;
  private final int[] types;
  private int row = -1;
  private boolean wasNull;
  private boolean closed;

  /** What {@code getStatement} returns (null: a metadata result set). */
  private Object owner;

  private ListResultSet(List<String> names, List<Object[]> rows, int[] types) {
    super(ResultSet.class);
    this.names = names;
    this.rows = rows;
    this.types = types;
  }

  /** {@link #of(List, List)} whose {@code getStatement} returns {@code owner}. */
  static ResultSet of(List<String> names, List<Object[]> rows, Object owner) {
    ResultSet rs = of(names, rows);
    ((ListResultSet) java.lang.reflect.Proxy.getInvocationHandler(rs)).owner = owner;
    return rs;
  }

  static ResultSet of(List<String> names, List<Object[]> rows) {
    int[] types = new int[names.size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = Types.VARCHAR;
      for (Object[] r : rows) {
        if (r[c] != null) {
          types[c] = typeOf(r[c]);
          break;
        }
      }
    }
    return create(
        ResultSet.class, new ListResultSet(List.copyOf(names), new ArrayList<>(rows), types));
  }

  static ResultSet empty(List<String> names) {
    return of(names, List.of());
  }

  private static int typeOf(Object o) {
    if (o instanceof Integer) {
      return Types.INTEGER;
    }
    if (o instanceof Short) {
      return Types.SMALLINT;
    }
    if (o instanceof Long) {
      return Types.BIGINT;
    }
    if (o instanceof Boolean) {
      return Types.BOOLEAN;
    }
    if (o instanceof Double) {
      return Types.DOUBLE;
    }
    return Types.VARCHAR;
  }

  /**
   * What a read-only, forward-only, in-memory result set answers to {@code name} (one of
   * getFetchSize, getFetchDirection, getType, getConcurrency, getHoldability).
   */
  static Object forwardOnly(String name) {
    return switch (name) {
      case "getFetchSize" -> 0;
      case "getFetchDirection" -> ResultSet.FETCH_FORWARD;
      case "getType" -> ResultSet.TYPE_FORWARD_ONLY;
      case "getConcurrency" -> ResultSet.CONCUR_READ_ONLY;
      default -> ResultSet.CLOSE_CURSORS_AT_COMMIT;
    };
  }

  @Override
  Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "close":
        closed = true;
        return null;
      case "isClosed":
        return closed;
      case "next":
        if (row < rows.size()) {
          row++;
        }
        return row < rows.size();
      case "getMetaData":
        return create(ResultSetMetaData.class, new Meta());
      case "findColumn":
        return column(args[0]);
      case "wasNull":
        return wasNull;
      case "getStatement":
        return owner;
      case "getWarnings":
        return null;
      case "clearWarnings":
      case "setFetchSize":
      case "setFetchDirection":
        return null;
      case "getFetchSize", "getFetchDirection", "getType", "getConcurrency", "getHoldability":
        return forwardOnly(name);
      case "getRow":
        return row >= 0 && row < rows.size() ? row + 1 : 0;
      case "isBeforeFirst":
        return row < 0 && !rows.isEmpty();
      case "isAfterLast":
        return row >= rows.size() && !rows.isEmpty();
      case "isFirst":
        return row == 0 && !rows.isEmpty();
      case "isLast":
        return row == rows.size() - 1 && !rows.isEmpty();
      default:
        break;
    }
    if (name.startsWith("get") && args.length >= 1) {
      return get(name, args[0]);
    }
    throw SqlStates.notSupported("ResultSet." + name + " on a metadata result set");
  }

  private int column(Object ref) throws SQLException {
    if (ref instanceof Integer i) {
      if (i < 1 || i > names.size()) {
        throw SqlStates.create(
            "column index " + i + " out of range 1.." + names.size(),
            SqlStates.INVALID_DESCRIPTOR_INDEX,
            null);
      }
      return i;
    }
    String label = ((String) ref).toUpperCase(Locale.ROOT);
    int i = names.indexOf(label);
    if (i < 0) {
      throw SqlStates.create(
          "no column '" + ref + "' in this result set", SqlStates.COLUMN_NOT_FOUND, null);
    }
    return i + 1;
  }

  private Object get(String getter, Object ref) throws SQLException {
    if (closed) {
      throw SqlStates.create("result set is closed", SqlStates.FUNCTION_SEQUENCE, null);
    }
    if (row < 0 || row >= rows.size()) {
      throw SqlStates.create("no current row", SqlStates.INVALID_CURSOR_STATE, null);
    }
    Object v = rows.get(row)[column(ref) - 1];
    wasNull = v == null;
    switch (getter) {
      case "getString":
      case "getNString":
        return v == null ? null : v.toString();
      case "getInt":
        return v == null ? 0 : ((Number) v).intValue();
      case "getLong":
        return v == null ? 0L : ((Number) v).longValue();
      case "getShort":
        return v == null ? (short) 0 : ((Number) v).shortValue();
      case "getByte":
        return v == null ? (byte) 0 : ((Number) v).byteValue();
      case "getDouble":
        return v == null ? 0d : ((Number) v).doubleValue();
      case "getFloat":
        return v == null ? 0f : ((Number) v).floatValue();
      case "getBigDecimal":
        return v == null ? null : new BigDecimal(v.toString());
      case "getBoolean":
        return v != null && (v instanceof Boolean b ? b : !"0".equals(v.toString()));
      case "getObject":
        return v;
      default:
        throw SqlStates.notSupported("ResultSet." + getter + " on a metadata result set");
    }
  }

  private final class Meta extends JdbcProxy {
    Meta() {
      super(ResultSetMetaData.class);
    }

    @Override
    Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
      if (name.equals("getColumnCount")) {
        return names.size();
      }
      int c = (Integer) args[0];
      if (c < 1 || c > names.size()) {
        throw SqlStates.create(
            "column index " + c + " out of range", SqlStates.INVALID_DESCRIPTOR_INDEX, null);
      }
      int t = types[c - 1];
      return switch (name) {
        case "getColumnName", "getColumnLabel" -> names.get(c - 1);
        case "getColumnType" -> t;
        case "getColumnTypeName" ->
            switch (t) {
              case Types.INTEGER -> "INTEGER";
              case Types.SMALLINT -> "SMALLINT";
              case Types.BIGINT -> "BIGINT";
              case Types.BOOLEAN -> "BOOLEAN";
              case Types.DOUBLE -> "DOUBLE";
              default -> "VARCHAR";
            };
        case "getColumnClassName" ->
            switch (t) {
              case Types.INTEGER -> Integer.class.getName();
              case Types.SMALLINT -> Short.class.getName();
              case Types.BIGINT -> Long.class.getName();
              case Types.BOOLEAN -> Boolean.class.getName();
              case Types.DOUBLE -> Double.class.getName();
              default -> String.class.getName();
            };
        case "isNullable" -> ResultSetMetaData.columnNullable;
        case "getPrecision", "getColumnDisplaySize" -> t == Types.VARCHAR ? 128 : 19;
        case "getScale" -> 0;
        case "getTableName", "getSchemaName", "getCatalogName" -> "";
        case "isAutoIncrement",
            "isCurrency",
            "isWritable",
            "isDefinitelyWritable",
            "isCaseSensitive" ->
            false;
        case "isSigned" -> t != Types.VARCHAR && t != Types.BOOLEAN;
        case "isSearchable", "isReadOnly" -> true;
        default -> throw SqlStates.notSupported("ResultSetMetaData." + name);
      };
    }
  }
}
