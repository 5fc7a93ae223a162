package io.tidal.jdbc;

import io.tidal.sql.DmlRewriter;
import io.tidal.sql.SqlStates;
import io.tidal.sql.StatementKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PreparedStatement backed by a Calcite prepared statement: queries, general INSERTs, and the
 * query half of rewritten UPDATE/DELETE ({@link DmlRewriter}). Converts temporal parameters at the
 * boundary ({@link Times}), runs writes inside the session's statement transaction, and wraps result
 * sets. A batch keeps each parameter set as the setter calls that made it and replays them, one
 * execution per set (an UPDATE/DELETE: one query and its row writes), all in one session write, so
 * the counts before a failing set are known (Calcite's own batch is a loop of executions too).
 */
final class PreparedHandler extends DelegatingStatement<Map<Integer, Object[]>, PreparedStatement> {
  private final String sql;
  private final StatementKind kind;
  private final DmlRewriter.Rewrite rewrite;
  private final PreparedStatement proxy;

  /** The direct executor of a recognised query plan ({@link DirectQuery}), or null. */
  private DirectQuery direct;

  /** Write statements only: the current parameter setter calls by index, {method, args}. */
  private final Map<Integer, Object[]> params = new TreeMap<>();

  private boolean replaying;

  PreparedHandler(
      ConnectionHandler conn,
      String sql,
      PreparedStatement delegate,
      StatementKind kind,
      DmlRewriter.Rewrite rewrite) {
    super(PreparedStatement.class, conn, delegate);
    this.sql = sql;
    this.kind = kind;
    this.rewrite = rewrite;
    this.proxy = create(PreparedStatement.class, this);
  }

  PreparedStatement proxy() {
    return proxy;
  }

  /** What an execution is timed as ({@link StatementClock}). */
  private io.tidal.metrics.Metrics.Statement timedAs = io.tidal.metrics.Metrics.Statement.OTHER;

  /** Runs the query through {@code d} instead of Calcite's execution (null: the general path). */
  PreparedHandler direct(DirectQuery d) {
    this.direct = d;
    return this;
  }

  /** Times executions as {@code k} (default {@code OTHER}; batches are always {@code BATCH}). */
  PreparedHandler timedAs(io.tidal.metrics.Metrics.Statement k) {
    this.timedAs = k;
    return this;
  }

  /** Whether executions run through a {@link DirectQuery} (tests compare both paths). */
  boolean isDirect() {
    return direct != null;
  }

  /** Executes the query: directly when the plan was recognised, else through Calcite. */
  private ResultSet query() throws SQLException {
    return queryFor(proxy);
  }

  /**
   * Executes the query for {@code owner} (what the result set's {@code getStatement} returns: this
   * statement, or a plain Statement running a cached shape).
   */
  ResultSet queryFor(Object owner) throws SQLException {
    if (direct != null) {
      ResultSet rs = direct.execute(delegate, owner);
      if (rs != null) {
        return rs;
      }
    }
    return ResultSetHandler.wrap(delegate.executeQuery(), owner, delegate.getLargeMaxRows());
  }

  @Override
  StatementClock.Timed timed(String name) {
    return isClosed() ? null : conn.clock().timed(name, timedAs);
  }

  @Override
  Map<Integer, Object[]> batchEntry(Object[] args) throws SQLException {
    if (kind == StatementKind.QUERY) {
      throw SqlStates.create("addBatch: a query cannot be batched", SqlStates.GENERAL_ERROR, null);
    }
    if (args.length > 0) {
      throw SqlStates.create(
          "addBatch(String) on a PreparedStatement", SqlStates.GENERAL_ERROR, null);
    }
    return new TreeMap<>(params);
  }

  @Override
  Object run(Object p, Method m, String name, Object[] args) throws Throwable {
    if ((name.equals("setBinaryStream") || name.equals("setBlob")) && args.length >= 2) {
      byte[] bytes = Lobs.read(args); // recorded as setBytes: a stream is read only once
      Method setBytes = PreparedStatement.class.getMethod("setBytes", int.class, byte[].class);
      return run(p, setBytes, "setBytes", new Object[] {args[0], bytes});
    }
    if (kind != StatementKind.QUERY && !replaying) {
      record(m, name, args);
    }
    switch (name) {
      case "setTimestamp":
        if (args.length == 2) {
          delegate.setTimestamp(
              (Integer) args[0], args[1] == null ? null : Times.toUtc((Timestamp) args[1]));
          return null;
        }
        return forward(delegate, m, args);
      case "setTime":
        if (args.length == 2) {
          delegate.setTime(
              (Integer) args[0],
              args[1] == null ? null : Times.ofUtcTime(((java.sql.Time) args[1]).toLocalTime()));
          return null;
        }
        return forward(delegate, m, args);
      case "setDate":
        if (args.length == 2) {
          delegate.setDate((Integer) args[0], args[1] == null ? null : Times.toUtc((Date) args[1]));
          return null;
        }
        return forward(delegate, m, args);
      case "setString":
        if (args[1] != null) {
          return setObject(m, args);
        }
        return forward(delegate, m, args);
      case "setObject":
        ParamRange.check(delegate.getParameterMetaData(), (Integer) args[0], args[1]);
        if (ParamRange.setAsInt(delegate, (Integer) args[0], args[1])) {
          return null;
        }
        return setObject(m, args);
      case "setLong":
      case "setShort":
      case "setByte":
      case "setBigDecimal":
        ParamRange.check(delegate.getParameterMetaData(), (Integer) args[0], args[1]);
        if (ParamRange.setAsInt(delegate, (Integer) args[0], args[1])) {
          return null;
        }
        return forward(delegate, m, args);
      case "setDouble":
      case "setFloat":
        ParamRange.check(delegate.getParameterMetaData(), (Integer) args[0], args[1]);
        return forward(delegate, m, args);
      case "executeQuery":
        if (args.length > 0) {
          throw SqlStates.create(
              "executeQuery(String) on a PreparedStatement", SqlStates.GENERAL_ERROR, null);
        }
        if (kind != StatementKind.QUERY) {
          throw SqlStates.create(
              "executeQuery: the statement is " + kind + ", not a query; use " + "executeUpdate",
              SqlStates.DYNAMIC_SQL_ERROR,
              null);
        }
        closeResult();
        result = query();
        return result;
      case "executeUpdate":
      case "executeLargeUpdate":
        if (args.length > 0) {
          throw SqlStates.create(
              name + "(String) on a PreparedStatement", SqlStates.GENERAL_ERROR, null);
        }
        long n = update();
        return name.equals("executeUpdate") ? (Object) (int) n : (Object) n;
      case "execute":
        if (args.length > 0) {
          throw SqlStates.create(
              "execute(String) on a PreparedStatement", SqlStates.GENERAL_ERROR, null);
        }
        closeResult();
        if (kind == StatementKind.QUERY) {
          result = query();
          updateCount = -1;
          return true;
        }
        updateCount = update();
        return false;
      case "getMetaData":
        return DeclaredMetaData.wrap(delegate.getMetaData(), conn.session().db().schema());
      default:
        if (args.length < 2) { // property setters have one argument, parameter setters two or more
          Object r = common(name, args);
          if (r != UNHANDLED) {
            return r;
          }
        }
        return forward(delegate, m, args);
    }
  }

  /** Remembers a parameter setter call (batches replay them per parameter set). */
  private void record(Method m, String name, Object[] args) {
    if (name.equals("clearParameters")) {
      params.clear();
    } else if (name.startsWith("set") && args.length >= 2 && args[0] instanceof Integer i) {
      params.put(i, new Object[] {m, args.clone()});
    }
  }

  private Object setObject(Method m, Object[] args) throws Throwable {
    int i = (Integer) args[0];
    Object v =
        args[1] instanceof String text && args.length == 2
            ? TextParams.temporal(delegate.getParameterMetaData(), i, text)
            : args[1];
    if (v instanceof String) {
      return forward(delegate, m, args);
    }
    if (v instanceof java.sql.Time t) {
      v = t.toLocalTime(); // before Times.param: java.sql.Time has no Instant
    }
    if (v instanceof java.time.LocalTime lt) {
      delegate.setTime(i, Times.ofUtcTime(lt));
      return null;
    }
    v = Times.param(v);
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

  private long update() throws SQLException {
    closeResult();
    if (kind == StatementKind.QUERY) {
      throw SqlStates.create(
          "executeUpdate: the statement is a query; use executeQuery",
          SqlStates.DYNAMIC_SQL_ERROR,
          null);
    }
    if (rewrite == null) {
      return conn.session().write(delegate::executeLargeUpdate);
    }
    return conn.session().write(this::applyRewrite);
  }

  /** Runs the rewrite's query, then updates or deletes each row it returned (in {@code sql}). */
  private long applyRewrite() throws SQLException {
    return rewrite.execute(delegate, conn.session().writer());
  }

  /**
   * Runs the batched parameter sets in one session write (atomic in autocommit mode, part of the
   * open transaction otherwise), then restores the current parameters.
   */
  @Override
  long[] runBatch(List<Map<Integer, Object[]>> todo) throws SQLException {
    try {
      return inOneWrite(
          todo,
          set -> {
            bind(set);
            return rewrite != null ? applyRewrite() : delegate.executeLargeUpdate();
          });
    } finally {
      bind(params);
    }
  }

  /** Replays recorded parameter setter calls on the delegate (through {@link #handle}). */
  private void bind(Map<Integer, Object[]> set) throws SQLException {
    delegate.clearParameters();
    replaying = true;
    try {
      for (Object[] call : set.values()) {
        run(proxy, (Method) call[0], ((Method) call[0]).getName(), (Object[]) call[1]);
      }
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw SqlStates.convert(e instanceof InvocationTargetException i ? i.getCause() : e);
    } finally {
      replaying = false;
    }
  }

  @Override
  public String toString() {
    return sql;
  }
}
