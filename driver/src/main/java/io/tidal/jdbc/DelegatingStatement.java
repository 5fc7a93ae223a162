package io.tidal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement that an underlying JDBC statement executes (Calcite's for {@link PreparedHandler},
 * Avatica's client for {@link RemoteStatementHandler}): max rows and the query timeout are passed
 * on to it, {@code cancel} cancels it, closing closes it.
 *
 * @param <B> one batched entry
 * @param <S> the underlying statement's type
 */
abstract class DelegatingStatement<B, S extends Statement> extends StatementBase<B> {
  /** The statement that executes. */
  final S delegate;

  DelegatingStatement(Class<?> iface, ConnectionHandler conn, S delegate) {
    super(iface, conn, true);
    this.delegate = delegate;
  }

  DelegatingStatement(Class<?> iface, Connection owner, S delegate) {
    super(iface, owner, true);
    this.delegate = delegate;
  }

  @Override
  final void maxRowsChanged() throws SQLException {
    delegate.setLargeMaxRows(maxRows); // read by the execution (the delegate's or DirectQuery's)
  }

  @Override
  final void queryTimeoutChanged() throws SQLException {
    delegate.setQueryTimeout(queryTimeout);
  }

  @Override
  final void cancel() throws SQLException {
    delegate.cancel();
  }

  @Override
  final void closed() throws SQLException {
    delegate.close();
  }
}
