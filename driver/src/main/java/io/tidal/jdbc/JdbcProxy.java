package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;

/**
 * Base of the JDBC proxies: one place that turns every failure into an {@link SQLException} with a
 * SQLState (no unchecked exception escapes a JDBC method), answers {@code unwrap}/{@code isWrapperFor}
 * for the proxied interface only, and implements the Object methods.
 *
 * <p>Design notes. {@link Proxy} keeps each wrapper to the methods tidal changes; everything else is
 * forwarded to Calcite's object by {@link #forward}. The dispatch costs tens of nanoseconds, small
 * beside a statement execution.
 */
abstract class JdbcProxy implements InvocationHandler {
  private final Class<?> iface;

  JdbcProxy(Class<?> iface) {
    this.iface = iface;
  }

  /** A proxy implementing {@code iface} handled by {@code h}. */
  static <T> T create(Class<T> iface, JdbcProxy h) {
    return iface.cast(
        Proxy.newProxyInstance(JdbcProxy.class.getClassLoader(), new Class<?>[] {iface}, h));
  }

  @Override
  public final Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
    String name = m.getName();
    if (m.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default ->
            "tidal "
                + iface.getSimpleName()
                + "@"
                + Integer.toHexString(System.identityHashCode(proxy));
      };
    }
    if (name.equals("unwrap") && args != null && args.length == 1) {
      Class<?> c = (Class<?>) args[0];
      if (c.isInstance(proxy)) {
        return proxy;
      }
      Object other = unwrapOther(c);
      if (other != null) {
        return other;
      }
      throw SqlStates.create("not a wrapper for " + c.getName(), SqlStates.GENERAL_ERROR, null);
    }
    if (name.equals("isWrapperFor") && args != null && args.length == 1) {
      return ((Class<?>) args[0]).isInstance(proxy) || unwrapOther((Class<?>) args[0]) != null;
    }
    try {
      StatementClock.Timed timed = timed(name);
      if (timed == null) {
        return handle(proxy, m, name, args == null ? new Object[0] : args);
      }
      timed.begin();
      boolean ok = false;
      try {
        Object r = handle(proxy, m, name, args == null ? new Object[0] : args);
        ok = true;
        return r;
      } finally {
        timed.end(ok);
      }
    } catch (InvocationTargetException e) {
      throw SqlStates.convert(e.getCause());
    } catch (SQLException e) {
      throw SqlStates.convert(e);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      throw SqlStates.convert(e);
    }
  }

  /**
   * The timing of call {@code name} when it executes a statement ({@link StatementClock}), else
   * null: statement handlers override it.
   */
  StatementClock.Timed timed(String name) {
    return null;
  }

  /** What {@code unwrap(c)} returns besides the proxy itself (null: nothing). */
  Object unwrapOther(Class<?> c) {
    return null;
  }

  /** What {@code w} unwraps to as a {@code c}, or null (a remote proxy reaches Avatica's objects). */
  static Object unwrapFrom(java.sql.Wrapper w, Class<?> c) {
    try {
      return w.isWrapperFor(c) ? w.unwrap(c) : null;
    } catch (SQLException e) {
      return null;
    }
  }

  /** Handles one JDBC call (never an Object method, unwrap or isWrapperFor). */
  abstract Object handle(Object proxy, Method m, String name, Object[] args) throws Throwable;

  /** Calls {@code m} on {@code target}. */
  static Object forward(Object target, Method m, Object[] args) throws Throwable {
    return m.invoke(target, args);
  }
}
