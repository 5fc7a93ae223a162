package io.tidal.cluster;

import io.tidal.sql.SqlStates;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JDBC objects of a {@code jdbc:tidal:cluster:} connection, as dynamic proxies (the cluster
 * connection is read-only and small: queries, prepared queries with parameters, forward-only
 * result sets over the merged rows). A method outside that set fails with SQLState 0A000 naming
 * it.
 */
final class ClusterJdbc {
  private ClusterJdbc() {}

  /** Shared behaviour: Object methods, unwrap, close, warnings. */
  private abstract static class Base implements InvocationHandler {
    boolean closed;

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      switch (name) {
        case "toString":
          return getClass().getSimpleName() + "@" + Integer.toHexString(hashCode());
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
          }
          throw new SQLException("not a wrapper for " + args[0], SqlStates.NOT_SUPPORTED);
        case "isWrapperFor":
          return ((Class<?>) args[0]).isInstance(proxy);
        case "isClosed":
          return closed;
        case "getWarnings":
          return null;
        case "clearWarnings":
          return null;
        case "close":
          closed = true;
          onClose();
          return null;
        default:
          if (closed) {
            throw new SQLException(kind() + " is closed", SqlStates.CONNECTION_CLOSED);
          }
          return handle(proxy, name, args == null ? new Object[0] : args, m);
      }
    }

    void onClose() {}

    abstract String kind();

    abstract Object handle(Object proxy, String name, Object[] args, Method m) throws SQLException;

    SQLException unsupported(Method m) {
      return new SQLFeatureNotSupportedException(
          kind() + "." + m.getName() + " is not supported by jdbc:tidal:cluster:",
          SqlStates.NOT_SUPPORTED);
    }
  }

  static Connection connection(FanOut fanOut) {
    return proxy(Connection.class, new ConnectionHandler(fanOut));
  }

  private static <T> T proxy(Class<T> iface, InvocationHandler h) {
    return iface.cast(
        Proxy.newProxyInstance(ClusterJdbc.class.getClassLoader(), new Class<?>[] {iface}, h));
  }

  private static final class ConnectionHandler extends Base {
    private final FanOut fanOut;

    ConnectionHandler(FanOut fanOut) {
      this.fanOut = fanOut;
    }

    @Override
    String kind() {
      return "Connection";
    }

    @Override
    void onClose() {
      fanOut.close();
    }

    @Override
    Object handle(Object proxy, String name, Object[] args, Method m) throws SQLException {
      switch (name) {
        case "createStatement":
          return proxy(Statement.class, new StatementHandler((Connection) proxy, fanOut, null));
        case "prepareStatement":
          MergePlan.of((String) args[0]); // refuse what cannot merge at prepare time
          return proxy(
              PreparedStatement.class,
              new StatementHandler((Connection) proxy, fanOut, (String) args[0]));
        case "getAutoCommit":
        case "isReadOnly":
          return true;
        case "isValid":
          return !closed;
        case "setAutoCommit":
        case "setReadOnly":
        case "commit":
        case "rollback":
        case "setClientInfo":
          return null;
        case "getTransactionIsolation":
          return Connection.TRANSACTION_NONE;
        case "getHoldability":
          return ResultSet.CLOSE_CURSORS_AT_COMMIT;
        case "getCatalog":
        case "getSchema":
          return null;
        case "nativeSQL":
          return args[0];
        default:
          throw unsupported(m);
      }
    }
  }

  private static final class StatementHandler extends Base {
    private final Connection conn;
    private final FanOut fanOut;
    private final String sql;
    private final Map<Integer, Object> params = new TreeMap<>();
    private ResultSet current;

    StatementHandler(Connection conn, FanOut fanOut, String sql) {
      this.conn = conn;
      this.fanOut = fanOut;
      this.sql = sql;
    }

    @Override
    String kind() {
      return sql == null ? "Statement" : "PreparedStatement";
    }

    @Override
    Object handle(Object proxy, String name, Object[] args, Method m) throws SQLException {
      switch (name) {
        case "executeQuery":
        case "execute":
          String q = args.length > 0 ? (String) args[0] : sql;
          if (q == null) {
            throw new SQLException(
                "no SQL: use prepareStatement or executeQuery(sql)", SqlStates.INVALID_PARAMETER);
          }
          if (sql != null && args.length > 0) {
            throw new SQLException(
                "PreparedStatement." + name + "(String) is not allowed (JDBC)", SqlStates.SYNTAX);
          }
          FanOut.Answer a = fanOut.query(q, sql == null ? Map.of() : params);
          current = proxy(ResultSet.class, new RowsHandler((Statement) proxy, a));
          return name.equals("execute") ? (Object) Boolean.TRUE : current;
        case "getResultSet":
          return current;
        case "getUpdateCount":
          return -1;
        case "getMoreResults":
          current = null;
          return false;
        case "getConnection":
          return conn;
        case "clearParameters":
          params.clear();
          return null;
        case "setNull":
          params.put((Integer) args[0], null);
          return null;
        case "setMaxRows":
        case "setFetchSize":
        case "setQueryTimeout":
        case "setEscapeProcessing":
        case "setPoolable":
        case "setCursorName":
        case "closeOnCompletion":
          return null;
        case "getFetchSize":
        case "getMaxRows":
        case "getQueryTimeout":
          return 0;
        default:
          if (sql != null
              && name.startsWith("set")
              && args.length >= 2
              && args[0] instanceof Integer) {
            params.put((Integer) args[0], args[1]);
            return null;
          }
          if (name.startsWith("executeUpdate")
              || name.startsWith("executeLargeUpdate")
              || name.startsWith("executeBatch")
              || name.equals("addBatch")) {
            throw new SQLFeatureNotSupportedException(
                "jdbc:tidal:cluster: is read-only: signals reach the cluster through its Kafka"
                    + " topic",
                SqlStates.NOT_SUPPORTED);
          }
          throw unsupported(m);
      }
    }
  }

  private static final class RowsHandler extends Base {
    private final Statement statement;
    private final FanOut.Columns cols;
    private final List<Object[]> rows;
    private int at = -1;
    private boolean wasNull;

    RowsHandler(Statement statement, FanOut.Answer a) {
      this.statement = statement;
      this.cols = a.columns();
      this.rows = a.rows();
    }

    @Override
    String kind() {
      return "ResultSet";
    }

    @Override
    Object handle(Object proxy, String name, Object[] args, Method m) throws SQLException {
      switch (name) {
        case "next":
          if (at < rows.size()) {
            at++;
          }
          return at < rows.size();
        case "wasNull":
          return wasNull;
        case "getMetaData":
          return proxy(ResultSetMetaData.class, new MetaHandler(cols));
        case "findColumn":
          return column(args[0]) + 1;
        case "getStatement":
          return statement;
        case "getRow":
          return at >= 0 && at < rows.size() ? at + 1 : 0;
        case "isBeforeFirst":
          return at < 0 && !rows.isEmpty();
        case "isAfterLast":
          return at >= rows.size() && !rows.isEmpty();
        case "getType":
          return ResultSet.TYPE_FORWARD_ONLY;
        case "getConcurrency":
          return ResultSet.CONCUR_READ_ONLY;
        case "getFetchSize":
          return 0;
        case "setFetchSize":
          return null;
        default:
          if (name.startsWith("get") && args.length >= 1) {
            return convert(name, value(args[0]), m);
          }
          throw unsupported(m);
      }
    }

    private int column(Object key) throws SQLException {
      if (key instanceof Integer i) {
        if (i < 1 || i > cols.labels().size()) {
          throw new SQLException(
              "column " + i + " out of range 1.." + cols.labels().size(),
              SqlStates.INVALID_PARAMETER);
        }
        return i - 1;
      }
      for (int c = 0; c < cols.labels().size(); c++) {
        if (cols.labels().get(c).equalsIgnoreCase((String) key)) {
          return c;
        }
      }
      throw new SQLException(
          "no column '" + key + "' in " + cols.labels(), SqlStates.INVALID_PARAMETER);
    }

    private Object value(Object key) throws SQLException {
      if (at < 0 || at >= rows.size()) {
        throw new SQLException("the result set is not on a row", SqlStates.INVALID_PARAMETER);
      }
      Object v = rows.get(at)[column(key)];
      wasNull = v == null;
      return v;
    }

    private Object convert(String name, Object v, Method m) throws SQLException {
      Class<?> t = m.getReturnType();
      if (name.equals("getObject") || t == Object.class) {
        return v;
      }
      if (t.isPrimitive()) {
        if (v == null) {
          return t == boolean.class ? (Object) false : zero(t);
        }
        Number n = v instanceof Number x ? x : parse(v);
        return switch (t.getName()) {
          case "boolean" -> v instanceof Boolean b ? b : n.doubleValue() != 0;
          case "int" -> n.intValue();
          case "long" -> n.longValue();
          case "double" -> n.doubleValue();
          case "float" -> n.floatValue();
          case "short" -> n.shortValue();
          case "byte" -> n.byteValue();
          default -> throw unsupported(m);
        };
      }
      if (v == null) {
        return null;
      }
      if (t == String.class) {
        return v.toString();
      }
      if (t == BigDecimal.class) {
        return v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
      }
      if (t.isInstance(v)) {
        return v;
      }
      throw new SQLException(
          "cannot read a " + v.getClass().getSimpleName() + " with " + name,
          SqlStates.INVALID_PARAMETER);
    }

    private static Number parse(Object v) throws SQLException {
      if (v instanceof Boolean b) {
        return b ? 1 : 0;
      }
      try {
        return new BigDecimal(v.toString().strip());
      } catch (NumberFormatException e) {
        throw new SQLException("'" + v + "' is not a number", SqlStates.INVALID_PARAMETER);
      }
    }

    private static Object zero(Class<?> t) {
      return switch (t.getName()) {
        case "int" -> 0;
        case "long" -> 0L;
        case "double" -> 0.0;
        case "float" -> 0.0f;
        case "short" -> (short) 0;
        default -> (byte) 0;
      };
    }
  }

  private static final class MetaHandler extends Base {
    private final FanOut.Columns cols;

    MetaHandler(FanOut.Columns cols) {
      this.cols = cols;
    }

    @Override
    String kind() {
      return "ResultSetMetaData";
    }

    @Override
    Object handle(Object proxy, String name, Object[] args, Method m) throws SQLException {
      if (name.equals("getColumnCount")) {
        return cols.labels().size();
      }
      int c = (Integer) args[0] - 1;
      if (c < 0 || c >= cols.labels().size()) {
        throw new SQLException("column " + args[0] + " out of range", SqlStates.INVALID_PARAMETER);
      }
      return switch (name) {
        case "getColumnLabel", "getColumnName" -> cols.labels().get(c);
        case "getColumnType" -> cols.types()[c];
        case "getColumnTypeName" -> cols.typeNames()[c];
        case "getColumnClassName" -> cols.classNames()[c];
        case "isNullable" -> ResultSetMetaData.columnNullableUnknown;
        case "isReadOnly" -> true;
        case "isWritable", "isDefinitelyWritable", "isAutoIncrement", "isCaseSensitive" -> false;
        case "isSearchable" -> true;
        case "isSigned" -> true;
        case "getSchemaName", "getTableName", "getCatalogName" -> "";
        case "getPrecision", "getScale" -> 0;
        case "getColumnDisplaySize" -> 20;
        case "isCurrency" -> false;
        default -> throw unsupported(m);
      };
    }
  }
}
