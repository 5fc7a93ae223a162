package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every tidal statement shares, whatever runs it: the lifecycle (closed state, {@code close}
 * closing the current result set), the properties ({@code setMaxRows}, {@code setQueryTimeout},
 * fetch size and direction, max field size, poolable: validated once, here), the current result
 * and update count, warnings, generated keys and the batch list. The execution paths ({@link
 * PlainStatementHandler}, {@link PreparedHandler}, {@link LocalStatementHandler}, the remote {@link
 * RemoteStatementHandler}) keep only
 * execution: they handle their calls in {@link #run} and hand the rest to {@link #common}.
 *
 * <p>Design notes. Every property setter has one argument and every parameter setter two or more,
 * so a prepared statement can send parameter setters straight to its own path ({@code args.length
 * >= 2}) without passing through {@link #common}: the execution of a prepared statement does no
 * more work than before this class existed. A negative max rows, query timeout, fetch size or max
 * field size is refused with 22023 by every kind of statement (the handlers used to validate,
 * ignore or forward them to Calcite, which disagreed). A max field size is accepted and not applied
 * ({@code getMaxFieldSize} stays 0: no limit), as before in the plain and local handlers.
 *
 * @param <B> one batched entry (a statement text, a parameter set)
 */
abstract class StatementBase<B> extends LifecycleProxy {
  /** The embedded connection that made the statement; null for a remote statement. */
  final ConnectionHandler conn;

  /** What {@code getConnection} returns: the tidal connection proxy. */
  private final java.sql.Connection owner;

  /** The current result set (closed when the next execution starts or the statement closes). */
  ResultSet result;

  /** The current update count; -1 when the last execution returned a result set or none ran. */
  long updateCount = -1;

  /** {@code setMaxRows}: at most this many rows per result set (0: no limit). */
  long maxRows;

  /** {@code setQueryTimeout}, in seconds (0: none). */
  int queryTimeout;

  private int fetchSize;
  private boolean poolable;
  private final List<B> batch = new ArrayList<>();

  StatementBase(Class<?> iface, ConnectionHandler conn, boolean poolable) {
    super(iface);
    this.conn = conn;
    this.owner = conn.proxy();
    this.poolable = poolable;
  }

  /** A statement of a remote connection ({@code owner}): no embedded session, no statement clock. */
  StatementBase(Class<?> iface, java.sql.Connection owner, boolean poolable) {
    super(iface);
    this.conn = null;
    this.owner = owner;
    this.poolable = poolable;
  }

  @Override
  final Object evenClosed(String name, Object[] args) {
    return name.equals("getConnection") ? owner : UNHANDLED;
  }

  @Override
  final SQLException closedError() {
    return SqlStates.create("statement is closed", SqlStates.FUNCTION_SEQUENCE, null);
  }

  /**
   * Handles a call on the open statement: the execution path's own calls, then {@link #common} for
   * the rest.
   */
  @Override
  abstract Object run(Object p, Method m, String name, Object[] args) throws Throwable;

  /** One batch entry for {@code addBatch(args)}; throws when this statement cannot be batched. */
  abstract B batchEntry(Object[] args) throws SQLException;

  /**
   * Runs the batched entries (never empty), in one session write.
   *
   * @return the update count of each
   */
  abstract long[] runBatch(List<B> todo) throws SQLException;

  /** After {@code setMaxRows}: pass it on (a Calcite delegate). */
  void maxRowsChanged() throws SQLException {}

  /** After {@code setQueryTimeout}: pass it on (a Calcite delegate). */
  void queryTimeoutChanged() throws SQLException {}

  /** {@code cancel()}: stop the running execution, if any (default: nothing to stop). */
  void cancel() throws SQLException {}

  /** After the statement closed and its result set: release what the execution path holds. */
  void closed() throws SQLException {}

  /**
   * The calls every kind of statement answers the same way: results, properties, warnings,
   * batches.
   *
   * @return the call's result, or {@link #UNHANDLED}
   */
  final Object common(String name, Object[] args) throws Throwable {
    switch (name) {
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
      case "setMaxRows":
        maxRows = atLeastZero("max rows", ((Integer) args[0]).longValue());
        maxRowsChanged();
        return null;
      case "setLargeMaxRows":
        maxRows = atLeastZero("max rows", (Long) args[0]);
        maxRowsChanged();
        return null;
      case "getMaxRows":
        return (int) Math.min(Integer.MAX_VALUE, maxRows);
      case "getLargeMaxRows":
        return maxRows;
      case "setQueryTimeout":
        queryTimeout = (int) atLeastZero("query timeout", (Integer) args[0]);
        queryTimeoutChanged();
        return null;
      case "getQueryTimeout":
        return queryTimeout;
      case "setFetchSize":
        fetchSize = (int) atLeastZero("fetch size", (Integer) args[0]); // a hint
        return null;
      case "getFetchSize":
        return fetchSize;
      case "setMaxFieldSize":
        atLeastZero("max field size", (Integer) args[0]); // accepted, not applied
        return null;
      case "getMaxFieldSize":
        return 0;
      case "setFetchDirection":
        int d = (Integer) args[0];
        if (d != ResultSet.FETCH_FORWARD
            && d != ResultSet.FETCH_REVERSE
            && d != ResultSet.FETCH_UNKNOWN) {
          throw SqlStates.create("unknown fetch direction " + d, SqlStates.INVALID_PARAMETER, null);
        }
        return null; // a hint; result sets are forward-only
      case "getFetchDirection":
        return ResultSet.FETCH_FORWARD;
      case "getResultSetType":
        return ResultSet.TYPE_FORWARD_ONLY;
      case "getResultSetConcurrency":
        return ResultSet.CONCUR_READ_ONLY;
      case "getResultSetHoldability":
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      case "setPoolable":
        poolable = (Boolean) args[0];
        return null;
      case "isPoolable":
        return poolable;
      case "isCloseOnCompletion":
        return false;
      case "getWarnings":
        return null;
      case "clearWarnings", "setEscapeProcessing", "setCursorName", "closeOnCompletion":
        return null;
      case "getGeneratedKeys":
        return ListResultSet.empty(List.of("GENERATED_KEY"));
      case "cancel":
        cancel();
        return null;
      case "addBatch":
        batch.add(batchEntry(args));
        return null;
      case "clearBatch":
        batch.clear();
        return null;
      case "executeBatch", "executeLargeBatch":
        {
          long[] counts = executeBatch();
          return name.equals("executeLargeBatch") ? counts : Batches.toInts(counts);
        }
      default:
        return UNHANDLED;
    }
  }

  private long[] executeBatch() throws SQLException {
    closeResult();
    List<B> todo = new ArrayList<>(batch);
    batch.clear();
    if (conn != null) {
      conn.clock().batchRows(todo.size());
    }
    long[] counts = todo.isEmpty() ? new long[0] : runBatch(todo);
    updateCount = -1;
    return counts;
  }

  /**
   * Runs {@code each} entry in one session write (atomic in autocommit mode, part of the open
   * transaction otherwise).
   *
   * @throws java.sql.BatchUpdateException with the counts of the entries before the failing one
   */
  final long[] inOneWrite(List<B> todo, BatchStep<B> each) throws SQLException {
    long[] counts = new long[todo.size()];
    int[] done = {0};
    try {
      conn.session()
          .write(
              () -> {
                for (B entry : todo) {
                  counts[done[0]] = each.run(entry);
                  done[0]++;
                }
                return null;
              });
    } catch (SQLException | RuntimeException e) {
      throw Batches.failure(e, Arrays.copyOf(counts, done[0]));
    }
    return counts;
  }

  /** One entry of a batch run by {@link #inOneWrite}. */
  interface BatchStep<B> {
    long run(B entry) throws SQLException;
  }

  private static long atLeastZero(String what, long v) throws SQLException {
    if (v < 0) {
      throw SqlStates.create(what + " must be >= 0, got " + v, SqlStates.INVALID_PARAMETER, null);
    }
    return v;
  }

  final void closeResult() throws SQLException {
    if (result != null) {
      ResultSet r = result;
      result = null;
      r.close();
    }
  }

  @Override
  final void closing() throws SQLException {
    batch.clear();
    try {
      closeResult();
    } finally {
      closed();
    }
  }
}
