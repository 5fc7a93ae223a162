package io.tidal.jdbc;

import io.tidal.RowWriter;
import io.tidal.schema.EntityTable;
import io.tidal.sql.DmlRewriter;
import io.tidal.sql.EngineValues;
import io.tidal.sql.SqlStates;
import io.tidal.sql.StatementKind;
import java.lang.reflect.Method;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * A PreparedStatement backed by a Calcite prepared statement: queries, general INSERTs, and the
 * query half of rewritten UPDATE/DELETE ({@link DmlRewriter}). Converts temporal parameters at the
 * boundary ({@link Times}), runs writes inside the session's statement transaction, and wraps result
 * sets.
 */
final class PreparedHandler extends JdbcProxy {
  private final ConnectionHandler conn;
  private final String sql;
  private final PreparedStatement delegate;
  private final StatementKind kind;
  private final DmlRewriter.Rewrite rewrite;
  private final PreparedStatement proxy;
  private ResultSet result;
  private long updateCount = -1;
  private boolean closed;

  PreparedHandler(ConnectionHandler conn, String sql, PreparedStatement delegate, StatementKind kind,
      DmlRewriter.Rewrite rewrite) {
    super(PreparedStatement.class);
    this.conn = conn;
    this.sql = sql;
    this.delegate = delegate;
    this.kind = kind;
    this.rewrite = rewrite;
    this.proxy = create(PreparedStatement.class, this);
  }

  PreparedStatement proxy() {
    return proxy;
  }

  @Override
  Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "close":
        closed = true;
        delegate.close();
        return null;
      case "isClosed":
        return closed;
      case "getConnection":
        return conn.proxy();
      default:
        break;
    }
    if (closed) {
      throw SqlStates.create("statement is closed", "HY010", null);
    }
    switch (name) {
      case "setTimestamp":
        if (args.length == 2) {
          delegate.setTimestamp((Integer) args[0],
              args[1] == null ? null : Times.toUtc((Timestamp) args[1]));
          return null;
        }
        return forward(delegate, m, args);
      case "setDate":
        if (args.length == 2) {
          delegate.setDate((Integer) args[0], args[1] == null ? null : Times.toUtc((Date) args[1]));
          return null;
        }
        return forward(delegate, m, args);
      case "setObject":
        ParamRange.check(delegate.getParameterMetaData(), (Integer) args[0], args[1]);
        return setObject(m, args);
      case "setLong":
      case "setBigDecimal":
      case "setDouble":
      case "setFloat":
        ParamRange.check(delegate.getParameterMetaData(), (Integer) args[0], args[1]);
        return forward(delegate, m, args);
      case "executeQuery":
        if (args.length > 0) {
          throw SqlStates.create("executeQuery(String) on a PreparedStatement", "HY000", null);
        }
        if (kind != StatementKind.QUERY) {
          throw SqlStates.create("executeQuery: the statement is " + kind + ", not a query; use "
              + "executeUpdate", "07000", null);
        }
        closeResult();
        result = ResultSetHandler.wrap(delegate.executeQuery(), proxy);
        return result;
      case "executeUpdate":
      case "executeLargeUpdate":
        if (args.length > 0) {
          throw SqlStates.create(name + "(String) on a PreparedStatement", "HY000", null);
        }
        long n = update();
        return name.equals("executeUpdate") ? (Object) (int) n : (Object) n;
      case "execute":
        if (args.length > 0) {
          throw SqlStates.create("execute(String) on a PreparedStatement", "HY000", null);
        }
        closeResult();
        if (kind == StatementKind.QUERY) {
          result = ResultSetHandler.wrap(delegate.executeQuery(), proxy);
          updateCount = -1;
          return true;
        }
        updateCount = update();
        return false;
      case "getResultSet":
        return result;
      case "getUpdateCount":
        return (int) updateCount;
      case "getLargeUpdateCount":
        return updateCount;
      case "getMoreResults":
        closeResult();
        updateCount = -1;
        return false;
      case "addBatch":
        if (rewrite != null) {
          throw SqlStates.notSupported("batches of UPDATE/DELETE");
        }
        if (kind == StatementKind.QUERY) {
          throw SqlStates.create("addBatch: a query cannot be batched", "HY000", null);
        }
        return forward(delegate, m, args);
      case "executeBatch":
      case "executeLargeBatch": {
        if (rewrite != null) {
          throw SqlStates.notSupported("batches of UPDATE/DELETE");
        }
        int[] counts = conn.session().write(delegate::executeBatch);
        if (name.equals("executeBatch")) {
          return counts;
        }
        long[] l = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
          l[i] = counts[i];
        }
        return l;
      }
      case "getGeneratedKeys":
        return ListResultSet.empty(List.of("GENERATED_KEY"));
      default:
        return forward(delegate, m, args);
    }
  }

  private Object setObject(Method m, Object[] args) throws Throwable {
    int i = (Integer) args[0];
    Object v = Times.param(args[1]);
    if (v instanceof Timestamp t) {
      delegate.setTimestamp(i, t);
      return null;
    }
    if (v instanceof Date d) {
      delegate.setDate(i, d);
      return null;
    }
    Object[] a = args.clone();
    a[1] = v;
    return forward(delegate, m, a);
  }

  private void closeResult() throws SQLException {
    if (result != null) {
      result.close();
      result = null;
    }
  }

  private long update() throws SQLException {
    closeResult();
    if (kind == StatementKind.QUERY) {
      throw SqlStates.create("executeUpdate: the statement is a query; use executeQuery", "07000",
          null);
    }
    if (rewrite == null) {
      return conn.session().write(delegate::executeLargeUpdate);
    }
    return conn.session().write(this::applyRewrite);
  }

  /** Runs the rewrite's query, then updates or deletes each row it returned. */
  private long applyRewrite() throws SQLException {
    EntityTable t = rewrite.table();
    int ncols = rewrite.delete() ? 1 : t.columns().size() + rewrite.setColumns().length;
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = delegate.executeQuery()) {
      while (rs.next()) {
        Object[] r = new Object[ncols];
        for (int i = 0; i < ncols; i++) {
          r[i] = rs.getObject(i + 1);
        }
        rows.add(r);
      }
    }
    RowWriter w = conn.session().writer();
    long n = 0;
    for (Object[] r : rows) {
      if (rewrite.delete()) {
        Object key = EngineValues.fromJdbc(t.keyType(), r[0]);
        n += w.deleteRow(t.name(), key) ? 1 : 0;
        continue;
      }
      Object[] row = new Object[t.columns().size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = EngineValues.fromJdbc(t.columns().get(i).type(), r[i]);
      }
      Object key = row[t.keyIndex()];
      int[] set = rewrite.setColumns();
      for (int j = 0; j < set.length; j++) {
        row[set[j]] = EngineValues.fromJdbc(t.columns().get(set[j]).type(), r[row.length + j]);
      }
      n += w.updateRow(t.name(), key, row) ? 1 : 0;
    }
    return n;
  }

  @Override
  public String toString() {
    return sql;
  }
}
