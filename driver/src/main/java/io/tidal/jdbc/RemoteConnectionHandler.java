package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A {@code jdbc:tidal:remote:} connection: Avatica's client connection, whose statements are
 * {@link RemoteStatementHandler}s (the statement contract of the embedded driver) and are closed
 * with it; a call on the closed connection fails with 08003, and the holdability is the served
 * database's ({@code CLOSE_CURSORS_AT_COMMIT}), as on an embedded one. Everything else is Avatica's.
 */
final class RemoteConnectionHandler extends LifecycleProxy {
  private final Connection delegate;
  private final Connection proxy;

  /** Open statements (weakly held: a statement never closed must not leak), closed by close(). */
  private final Set<Statement> statements = Collections.newSetFromMap(new WeakHashMap<>());

  private RemoteConnectionHandler(Connection delegate) {
    super(Connection.class);
    this.delegate = delegate;
    this.proxy = create(Connection.class, this);
  }

  /** Avatica's connection {@code delegate} as a tidal connection. */
  static Connection wrap(Connection delegate) {
    return new RemoteConnectionHandler(delegate).proxy;
  }

  @Override
  Object evenClosed(String name, Object[] args) {
    return name.equals("isValid") && isClosed() ? Boolean.FALSE : UNHANDLED;
  }

  @Override
  SQLException closedError() {
    return SqlStates.create("connection is closed", SqlStates.CONNECTION_CLOSED, null);
  }

  /** Avatica's object under this one, as before tidal wrapped it. */
  @Override
  Object unwrapOther(Class<?> c) {
    return unwrapFrom(delegate, c);
  }

  @Override
  Object run(Object p, Method m, String name, Object[] args) throws Throwable {
    if (name.equals("createStatement") || name.equals("prepareStatement")) {
      Statement s = RemoteStatementHandler.wrap(proxy, (Statement) forward(delegate, m, args));
      statements.add(s);
      return s;
    }
    if (name.equals("getHoldability")) {
      return ResultSet.CLOSE_CURSORS_AT_COMMIT; // the served connection's, not Avatica's default
    }
    return forward(delegate, m, args);
  }

  @Override
  void closing() throws SQLException {
    try {
      for (Statement s : new ArrayList<>(statements)) {
        s.close(); // closes its result set too (JDBC: closing a connection closes both)
      }
      statements.clear();
    } finally {
      delegate.close();
    }
  }
}
