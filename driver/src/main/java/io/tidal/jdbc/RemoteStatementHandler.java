package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A statement of a {@code jdbc:tidal:remote:} connection: Avatica's client statement runs it on the
 * server; {@link StatementBase} gives it the lifecycle, properties, results and batches of every
 * embedded statement, so the remote and the embedded driver answer the statement contract alike
 * (Avatica's own statement refused a max field size, reported a closed statement without a
 * SQLState and an update count of 0 before any execution).
 */
final class RemoteStatementHandler extends DelegatingStatement<String, Statement> {
  private final boolean prepared;
  private final Statement proxy;

  private RemoteStatementHandler(Connection owner, Statement delegate, boolean prepared) {
    super(prepared ? PreparedStatement.class : Statement.class, owner, delegate);
    this.prepared = prepared;
    this.proxy = prepared ? create(PreparedStatement.class, this) : create(Statement.class, this);
  }

  /** {@code delegate} (Avatica's) as a tidal statement of {@code owner}. */
  static Statement wrap(Connection owner, Statement delegate) {
    return new RemoteStatementHandler(owner, delegate, delegate instanceof PreparedStatement).proxy;
  }

  /** Avatica's object under this one, as before tidal wrapped it. */
  @Override
  Object unwrapOther(Class<?> c) {
    return unwrapFrom(delegate, c);
  }

  @Override
  Object run(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "execute" -> {
        closeResult();
        boolean query = (Boolean) forward(delegate, m, args);
        updateCount = query ? -1 : delegate.getLargeUpdateCount();
        result = query ? ResultSetHandler.remote(delegate.getResultSet(), proxy, maxRows) : null;
        return query;
      }
      case "executeQuery" -> {
        closeResult();
        updateCount = -1;
        result = ResultSetHandler.remote((ResultSet) forward(delegate, m, args), proxy, maxRows);
        return result;
      }
      case "executeUpdate", "executeLargeUpdate" -> {
        closeResult();
        Object n = forward(delegate, m, args);
        updateCount = ((Number) n).longValue();
        return n;
      }
      case "clearBatch" -> {
        delegate.clearBatch();
        return common(name, args);
      }
      default -> {
        if (args.length < 2) { // property setters have one argument, parameter setters two or more
          Object r = common(name, args);
          if (r != UNHANDLED) {
            return r;
          }
        }
        return forward(delegate, m, args);
      }
    }
  }

  @Override
  String batchEntry(Object[] args) throws SQLException {
    if (!prepared) {
      return (String) args[0];
    }
    if (args.length > 0) {
      throw SqlStates.create(
          "addBatch(String) on a PreparedStatement", SqlStates.GENERAL_ERROR, null);
    }
    ((PreparedStatement) delegate).addBatch(); // the parameter set is the delegate's
    return "";
  }

  @Override
  long[] runBatch(List<String> todo) throws SQLException {
    if (!prepared) {
      for (String sql : todo) {
        delegate.addBatch(sql);
      }
    }
    return delegate.executeLargeBatch();
  }
}
