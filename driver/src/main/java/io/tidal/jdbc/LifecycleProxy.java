package io.tidal.jdbc;

import java.lang.reflect.Method;
import java.sql.SQLException;

/**
 * A JDBC proxy with a lifecycle: {@code close} (idempotent) and {@code isClosed} are answered here,
 * and once closed every other call fails with {@link #closedError} unless {@link #evenClosed}
 * answers it. Connections and statements, embedded and remote, share it.
 */
abstract class LifecycleProxy extends JdbcProxy {
  /** What {@link #evenClosed} and a statement's {@code common} return for a call they do not handle. */
  static final Object UNHANDLED = new Object();

  private boolean closed;

  LifecycleProxy(Class<?> iface) {
    super(iface);
  }

  /** Whether {@code close} was called. */
  final boolean isClosed() {
    return closed;
  }

  @Override
  final Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "close" -> {
        close();
        return null;
      }
      case "isClosed" -> {
        return closed;
      }
      default -> {
        // the calls below
      }
    }
    Object r = evenClosed(name, args);
    if (r != UNHANDLED) {
      return r;
    }
    if (closed) {
      throw closedError();
    }
    return run(p, m, name, args);
  }

  /** Closes once: the first call runs {@link #closing}, later ones do nothing. */
  final void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    closing();
  }

  /** A call answered whether closed or not ({@code getConnection}, {@code isValid}), or UNHANDLED. */
  Object evenClosed(String name, Object[] args) throws SQLException {
    return UNHANDLED;
  }

  /** The error of a call on the closed object (HY010 for a statement, 08003 for a connection). */
  abstract SQLException closedError();

  /** Releases what the object holds; called once, by the first {@code close}. */
  abstract void closing() throws SQLException;

  /** Handles a call on the open object. */
  abstract Object run(Object p, Method m, String name, Object[] args) throws Throwable;
}
