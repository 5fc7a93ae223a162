package io.tidal.jdbc;

import io.tidal.metrics.Metrics;
import io.tidal.schema.Schema;
import io.tidal.sql.LiteralParameterizer;
import io.tidal.sql.ParsedStatement;
import io.tidal.sql.PlanCapture;
import io.tidal.sql.SqlStates;
import io.tidal.sql.StatementGuard;
import io.tidal.sql.StatementKind;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain {@link Statement}. Queries run on a Calcite prepared plan kept in the statement's
 * {@link PlanCache} (the same query text is planned once; a text that failed to prepare fails
 * again without re-parsing); everything else runs through a tidal prepared statement. The text is
 * classified once ({@link ParsedStatement}, one lexing pass) and every step below reads its
 * tokens. INSERT ... VALUES with literals is first parameterized ({@link LiteralParameterizer}) and
 * served from the connection's cache of prepared shapes, so the
 * same shape with other values is planned once ({@code INSERT INTO signals} shapes then take the
 * engine fast path). A batch ({@code addBatch(sql)}) runs as one session write. The query
 * timeout and {@code cancel()} stop planning ({@link StatementGuard}); a statement stopped that way
 * fails with {@code SQLTimeoutException}.
 */
final class PlainStatementHandler extends StatementBase<String> {
  private final Statement proxy;
  private final PlanCache plans = new PlanCache();
  private volatile PreparedStatement running;
  private final AtomicBoolean cancelFlag = new AtomicBoolean();

  /** What a query plan's executions are timed as (ranked, point read, other). */
  private final Map<PreparedStatement, Metrics.Statement> timedAs = new WeakHashMap<>();

  PlainStatementHandler(ConnectionHandler conn) {
    super(Statement.class, conn, false);
    this.proxy = create(Statement.class, this);
  }

  Statement proxy() {
    return proxy;
  }

  @Override
  StatementClock.Timed timed(String name) {
    // the kind is refined by the prepared statement the text runs on, or by the plan below
    return isClosed() ? null : conn.clock().timed(name, Metrics.Statement.OTHER);
  }

  @Override
  Object run(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "executeQuery":
        {
          String sql = (String) args[0];
          execute(sql);
          if (result == null) {
            throw SqlStates.create(
                "executeQuery: statement returned no result set: " + sql,
                SqlStates.DYNAMIC_SQL_ERROR,
                null);
          }
          return result;
        }
      case "executeUpdate":
      case "executeLargeUpdate":
        {
          if (execute((String) args[0])) {
            throw SqlStates.create(
                name + ": statement returned a result set: " + args[0],
                SqlStates.DYNAMIC_SQL_ERROR,
                null);
          }
          return name.equals("executeUpdate") ? (Object) (int) updateCount : (Object) updateCount;
        }
      case "execute":
        return execute((String) args[0]);
      default:
        break;
    }
    Object r = common(name, args);
    if (r == UNHANDLED) {
      throw SqlStates.notSupported("Statement." + name);
    }
    return r;
  }

  @Override
  void cancel() throws SQLException {
    cancelFlag.set(true);
    PreparedStatement r = running;
    if (r != null) {
      r.cancel();
    }
  }

  @Override
  void closed() {
    plans.clear();
  }

  @Override
  String batchEntry(Object[] args) {
    return (String) args[0];
  }

  /**
   * Runs the batch as one session write: atomic in autocommit mode, part of the open transaction
   * otherwise (DDL in a batch runs at once, as always, and is not undone).
   */
  @Override
  long[] runBatch(List<String> todo) throws SQLException {
    return inOneWrite(
        todo,
        sql -> {
          if (execute(sql)) {
            closeResult();
            throw SqlStates.create(
                "a batch statement returned a result set: " + sql,
                SqlStates.DYNAMIC_SQL_ERROR,
                null);
          }
          return updateCount;
        });
  }

  private boolean execute(String sql) throws SQLException {
    try (StatementGuard guard = StatementGuard.open(cancelFlag, queryTimeout)) {
      try {
        return run(sql);
      } catch (SQLException | RuntimeException e) {
        SQLException stopped = guard.failure(e);
        if (stopped != null) {
          plans.evict(sql); // never remember a failure that only the timeout or cancel caused
          throw stopped;
        }
        throw e;
      }
    }
  }

  private boolean run(String sql) throws SQLException {
    closeResult();
    updateCount = -1;
    if (sql == null) {
      throw SqlStates.create("SQL must not be null", SqlStates.SYNTAX, null);
    }
    ParsedStatement st = ParsedStatement.of(sql); // the one lexing pass
    StatementKind kind = st.kind();
    Schema schema = conn.session().db().schema();
    String defaultSchema = String.valueOf(conn.calcite().getSchema());
    if (kind == StatementKind.QUERY && runShape(st)) {
      return true;
    }
    if (kind == StatementKind.QUERY) {
      PreparedStatement plan =
          plans.get(
              sql,
              schema,
              defaultSchema,
              true,
              q -> {
                st.validated(schema); // q is st's text
                PreparedStatement ps;
                try (PlanCapture capture = PlanCapture.open()) {
                  ps = conn.calcite().prepareStatement(q);
                  timedAs.put(
                      ps,
                      StatementClock.ranked(capture.plan())
                          ? Metrics.Statement.RANKED_QUERY
                          : st.scoreQuery() != null
                              ? Metrics.Statement.POINT_READ
                              : Metrics.Statement.OTHER);
                }
                if (ps.getParameterMetaData().getParameterCount() > 0) {
                  ps.close();
                  throw SqlStates.create(
                      "a plain Statement cannot run a statement with parameters (?);"
                          + " use a PreparedStatement: "
                          + q,
                      SqlStates.WRONG_PARAMETER_COUNT,
                      null);
                }
                return ps;
              });
      plan.setLargeMaxRows(maxRows);
      plan.setQueryTimeout(queryTimeout);
      conn.clock().refine(timedAs.getOrDefault(plan, Metrics.Statement.OTHER));
      running = plan;
      try {
        result = ResultSetHandler.wrap(plan.executeQuery(), proxy, maxRows);
      } catch (SQLException | RuntimeException | Error e) {
        if (PlanCache.brokenClass(e)) {
          plans.evict(sql);
        }
        throw e;
      } finally {
        running = null;
      }
      return true;
    }
    if (kind == StatementKind.INSERT) {
      LiteralParameterizer.Shape shape = st.valuesShape();
      if (shape != null) {
        PreparedStatement ps = conn.cached(shape.sql());
        bind(ps, shape.values());
        updateCount = ps.executeLargeUpdate();
        return false;
      }
    }
    try (PreparedStatement ps =
        plans.get(sql, schema, defaultSchema, false, q -> conn.prepare(st))) {
      updateCount = ps.executeLargeUpdate();
    }
    return false;
  }

  /**
   * Runs a query through the connection's cached plan of its shape (the same query with other
   * timestamps and limits is planned once) when that plan runs directly; false when it does not.
   */
  private boolean runShape(ParsedStatement st) throws SQLException {
    LiteralParameterizer.Shape shape = st.queryShape();
    PreparedHandler h = shape == null ? null : conn.directShape(shape.sql());
    if (h == null) {
      return false;
    }
    PreparedStatement ps = h.proxy();
    conn.clock().refine(Metrics.Statement.RANKED_QUERY); // a direct plan is a TopKScan's
    bind(ps, shape.values());
    ps.setLargeMaxRows(maxRows);
    ps.setQueryTimeout(queryTimeout);
    result = h.queryFor(proxy);
    return true;
  }

  private static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
    ps.clearParameters();
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      int at = i + 1;
      if (v instanceof String s) {
        ps.setString(at, s);
      } else if (v instanceof Long l) {
        ps.setObject(at, l);
      } else if (v instanceof BigDecimal d) {
        ps.setBigDecimal(at, d);
      } else if (v instanceof Double d) {
        ps.setDouble(at, d);
      } else if (v instanceof LocalDateTime t) {
        ps.setObject(at, t);
      } else if (v instanceof LocalDate d) {
        ps.setObject(at, d);
      } else {
        ps.setObject(at, v);
      }
    }
  }
}
