package io.tidal.jdbc;

import io.tidal.sql.SqlStates;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The result set a {@link DirectQuery} hands out: a class, not a {@link JdbcProxy}, so that the
 * calls a reader makes for every row ({@code next}, the common getters by index and label,
 * {@code wasNull}) are plain virtual calls instead of two reflective proxy dispatches each (issue
 * 18: the proxies were a tenth of a prepared top-10's time).
 *
 * <p>Design notes. The rows, the cursor state and the getters are {@link DirectResultSet}'s; every
 * call this class does not answer itself goes to the proxy pair Calcite's result sets get
 * ({@link ResultSetHandler} over the {@code DirectResultSet} proxy), made on first use, so that the
 * rare calls (time types, LOBs, {@code getObject} with a class, metadata) keep that one
 * implementation. What this class answers it answers as the pair does: the statement's
 * {@code maxRows} caps {@code next}, {@code getObject} turns times to their wall-clock form
 * ({@link ResultSetHandler#local}), and every failure is a SQLException with a SQLState
 * ({@link SqlStates#convert}).
 */
final class DirectRows extends ForwardingResultSet {
  private final DirectResultSet rows;
  private final Object statement;
  private final long maxRows;
  private long returned;
  private ResultSet fallback;

  DirectRows(DirectResultSet rows, Object statement, long maxRows) {
    this.rows = rows;
    this.statement = statement;
    this.maxRows = maxRows;
  }

  @Override
  ResultSet target() {
    if (fallback == null) {
      fallback = ResultSetHandler.wrap(JdbcProxy.create(ResultSet.class, rows), statement, maxRows);
    }
    return fallback;
  }

  @Override
  public boolean next() throws SQLException {
    try {
      if (maxRows > 0 && returned >= maxRows) {
        return false;
      }
      if (rows.next()) {
        returned++;
        return true;
      }
      return false;
    } catch (SQLException | RuntimeException | LinkageError | AssertionError e) {
      throw SqlStates.convert(e);
    }
  }

  @Override
  public String getString(int i) throws SQLException {
    try {
      return rows.accessor(i).getString();
    } catch (SQLException | RuntimeException | LinkageError | AssertionError e) {
      throw SqlStates.convert(e);
    }
  }

  @Override
  public int getInt(int i) throws SQLException {
    try {
      return rows.accessor(i).getInt();
    } catch (SQLException | RuntimeException | LinkageError | AssertionError e) {
      throw SqlStates.convert(e);
    }
  }

  @Override
  public long getLong(int i) throws SQLException {
    try {
      return rows.accessor(i).getLong();
    } catch (SQLException | RuntimeException | LinkageError | AssertionError e) {
      throw SqlStates.convert(e);
    }
  }

  @Override
  public double getDouble(int i) throws SQLException {
    try {
      return rows.accessor(i).getDouble();
    } catch (SQLException | RuntimeException | LinkageError | AssertionError e) {
      throw SqlStates.convert(e);
    }
  }

  @Override
  public Object getObject(int i) throws SQLException {
    try {
      return ResultSetHandler.local(rows.object(i));
    } catch (SQLException | RuntimeException | LinkageError | AssertionError e) {
      throw SqlStates.convert(e);
    }
  }

  @Override
  public boolean wasNull() throws SQLException {
    return rows.wasNull();
  }

  @Override
  public int findColumn(String label) throws SQLException {
    return rows.column(label);
  }

  @Override
  public Statement getStatement() {
    return statement instanceof Statement s ? s : null;
  }

  @Override
  public void close() throws SQLException {
    rows.close();
  }

  @Override
  public boolean isClosed() {
    return rows.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> c) throws SQLException {
    if (c.isInstance(this)) {
      return c.cast(this);
    }
    throw SqlStates.create("not a wrapper for " + c.getName(), SqlStates.GENERAL_ERROR, null);
  }

  @Override
  public boolean isWrapperFor(Class<?> c) {
    return c.isInstance(this);
  }

  @Override
  public String toString() {
    return "tidal ResultSet@" + Integer.toHexString(System.identityHashCode(this));
  }
}
