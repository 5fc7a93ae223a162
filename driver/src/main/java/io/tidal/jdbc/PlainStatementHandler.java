package io.tidal.jdbc;

import io.tidal.metrics.Metrics;
import io.tidal.schema.Schema;
import io.tidal.sql.LiteralParameterizer;
import io.tidal.sql.PlanCapture;
import io.tidal.sql.ScoreCallValidator;
import io.tidal.sql.ScoreQueryShape;
import io.tidal.sql.SqlStates;
import io.tidal.sql.StatementGuard;
import io.tidal.sql.StatementKind;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain {@link Statement}. Queries run on a Calcite prepared plan kept in the statement's
 * {@link PlanCache} (the same query text is planned once; a text that failed to prepare fails
 * again without re-parsing); everything else runs through a tidal prepared statement. INSERT ... VALUES with literals is first parameterized
 * ({@link LiteralParameterizer}) and served from the connection's cache of prepared shapes, so the
 * same shape with other values is planned once ({@code INSERT INTO signals} shapes then take the
 * engine fast path). A batch ({@code addBatch(sql)}) runs as one session write. The query
 * timeout and {@code cancel()} stop planning ({@link StatementGuard}); a statement stopped that way
 * fails with {@code SQLTimeoutException}.
 */
final class PlainStatementHandler extends JdbcProxy {
  private final ConnectionHandler conn;
  private final Statement proxy;
  private final PlanCache plans = new PlanCache();
  private volatile PreparedStatement running;
  private ResultSet result;
  private long updateCount = -1;
  private boolean closed;
  private int maxRows;
  private int queryTimeout;
  private final AtomicBoolean cancelFlag = new AtomicBoolean();
  private int fetchSize;
  private final List<String> batch = new ArrayList<>();

  /** What a query plan's executions are timed as (ranked, point read, other). */
  private final Map<PreparedStatement, Metrics.Statement> timedAs = new WeakHashMap<>();

  PlainStatementHandler(ConnectionHandler conn) {
    super(Statement.class);
    this.conn = conn;
    this.proxy = create(Statement.class, this);
  }

  Statement proxy() {
    return proxy;
  }

  @Override
  StatementClock.Timed timed(String name) {
    // the kind is refined by the prepared statement the text runs on, or by the plan below
    return closed ? null : conn.clock().timed(name, Metrics.Statement.OTHER);
  }

  @Override
  Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "close":
        close();
        return null;
      case "isClosed":
        return closed;
      case "getConnection":
        return conn.proxy();
      default:
        break;
    }
    if (closed) {
      throw SqlStates.create("statement is closed", SqlStates.FUNCTION_SEQUENCE, null);
    }
    switch (name) {
      case "executeQuery":
        {
          String sql = (String) args[0];
          if (StatementKind.of(sql) != StatementKind.QUERY) {
            execute(sql);
            if (result == null) {
              throw SqlStates.create(
                  "executeQuery: statement returned no result set: " + sql,
                  SqlStates.DYNAMIC_SQL_ERROR,
                  null);
            }
            return result;
          }
          execute(sql);
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
        batch.add((String) args[0]);
        return null;
      case "clearBatch":
        batch.clear();
        return null;
      case "executeBatch":
      case "executeLargeBatch":
        {
          long[] counts = executeBatch();
          return name.equals("executeLargeBatch") ? counts : Batches.toInts(counts);
        }
      case "setMaxRows":
        maxRows = (Integer) args[0];
        return null;
      case "getMaxRows":
        return maxRows;
      case "setQueryTimeout":
        if ((Integer) args[0] < 0) {
          throw SqlStates.create(
              "query timeout must be >= 0, got " + args[0], SqlStates.INVALID_PARAMETER, null);
        }
        queryTimeout = (Integer) args[0];
        return null;
      case "getQueryTimeout":
        return queryTimeout;
      case "setFetchSize":
        fetchSize = (Integer) args[0];
        return null;
      case "getFetchSize":
        return fetchSize;
      case "getGeneratedKeys":
        return ListResultSet.empty(List.of("GENERATED_KEY"));
      case "getWarnings":
        return null;
      case "clearWarnings":
      case "setEscapeProcessing":
      case "setCursorName":
      case "setPoolable":
      case "closeOnCompletion":
      case "setFetchDirection":
      case "setMaxFieldSize":
        return null;
      case "cancel":
        {
          cancelFlag.set(true);
          PreparedStatement r = running;
          if (r != null) {
            r.cancel();
          }
          return null;
        }
      case "getResultSetType":
        return ResultSet.TYPE_FORWARD_ONLY;
      case "getResultSetConcurrency":
        return ResultSet.CONCUR_READ_ONLY;
      case "getResultSetHoldability":
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      case "getFetchDirection":
        return ResultSet.FETCH_FORWARD;
      case "getMaxFieldSize":
        return 0;
      case "isPoolable":
      case "isCloseOnCompletion":
        return false;
      default:
        throw SqlStates.notSupported("Statement." + name);
    }
  }

  /**
   * Runs the batch as one session write: atomic in autocommit mode, part of the open transaction
   * otherwise (DDL in a batch runs at once, as always, and is not undone).
   *
   * @throws java.sql.BatchUpdateException with the counts of the statements before the failing one
   */
  private long[] executeBatch() throws SQLException {
    List<String> todo = new ArrayList<>(batch);
    batch.clear();
    conn.clock().batchRows(todo.size());
    closeResult();
    long[] counts = new long[todo.size()];
    int[] done = {0};
    try {
      conn.session()
          .write(
              () -> {
                for (String sql : todo) {
                  if (execute(sql)) {
                    closeResult();
                    throw SqlStates.create(
                        "a batch statement returned a result set: " + sql,
                        SqlStates.DYNAMIC_SQL_ERROR,
                        null);
                  }
                  counts[done[0]++] = updateCount;
                }
                return null;
              });
    } catch (SQLException | RuntimeException e) {
      throw Batches.failure(e, Arrays.copyOf(counts, done[0]));
    }
    updateCount = -1;
    return counts;
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
    StatementKind kind = StatementKind.of(sql);
    Schema schema = conn.session().db().schema();
    String defaultSchema = String.valueOf(conn.calcite().getSchema());
    if (kind == StatementKind.QUERY && runShape(sql)) {
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
                ScoreCallValidator.validate(q, schema);
                PreparedStatement ps;
                try (PlanCapture capture = PlanCapture.open()) {
                  ps = conn.calcite().prepareStatement(q);
                  timedAs.put(
                      ps,
                      StatementClock.ranked(capture.plan())
                          ? Metrics.Statement.RANKED_QUERY
                          : ScoreQueryShape.match(q) != null
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
      plan.setMaxRows(maxRows);
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
      LiteralParameterizer.Shape shape = LiteralParameterizer.parameterize(sql);
      if (shape != null) {
        PreparedStatement ps = conn.cached(shape.sql());
        bind(ps, shape.values());
        updateCount = ps.executeLargeUpdate();
        return false;
      }
    }
    try (PreparedStatement ps = plans.get(sql, schema, defaultSchema, false, conn::prepare)) {
      updateCount = ps.executeLargeUpdate();
    }
    return false;
  }

  /**
   * Runs a query through the connection's cached plan of its shape (the same query with other
   * timestamps and limits is planned once) when that plan runs directly; false when it does not.
   */
  private boolean runShape(String sql) throws SQLException {
    LiteralParameterizer.Shape shape = LiteralParameterizer.parameterizeQuery(sql);
    PreparedHandler h = shape == null ? null : conn.directShape(shape.sql());
    if (h == null) {
      return false;
    }
    PreparedStatement ps = h.proxy();
    conn.clock().refine(Metrics.Statement.RANKED_QUERY); // a direct plan is a TopKScan's
    bind(ps, shape.values());
    ps.setMaxRows(maxRows);
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

  private void closeResult() throws SQLException {
    if (result != null) {
      result.close();
      result = null;
    }
  }

  private void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    closeResult();
    plans.clear();
  }
}
