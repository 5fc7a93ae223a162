package io.tidal.sql;

import io.tidal.RowWriter;
import io.tidal.TidalDB;
import io.tidal.Transaction;
import io.tidal.calcite.TidalSession;
import java.sql.SQLException;

/**
 * One connection's view of the database and its transaction state.
 *
 * <p>Design notes. In autocommit mode (the default) every write statement runs in a transaction of
 * its own ({@link #write}): a multi-row INSERT or an UPDATE is atomic and costs one WAL batch. With
 * autocommit off, the first write opens a transaction that stays open until {@link #commit()} or
 * {@link #rollback()}; every row read and write of the connection goes through it, so the connection
 * sees its own writes and other connections see them only after commit. Scores (DECAY_SCORE ...)
 * read the database: signals of an open transaction count only after commit. DDL is not
 * transactional. {@code commit}/{@code rollback} with nothing open are no-ops. Not thread-safe
 * beyond what JDBC promises: a connection is used by one thread at a time.
 */
public final class SqlSession implements TidalSession {
  private final TidalDB db;
  private boolean autoCommit = true;
  private Transaction tx;

  public SqlSession(TidalDB db) {
    this.db = db;
  }

  @Override
  public TidalDB db() {
    return db;
  }

  @Override
  public RowWriter writer() {
    Transaction t = tx;
    return t != null ? t : db;
  }

  public boolean autoCommit() {
    return autoCommit;
  }

  /** Switching autocommit on commits the open transaction (JDBC rule). */
  public void setAutoCommit(boolean on) throws SQLException {
    if (on && !autoCommit) {
      commit();
    }
    autoCommit = on;
  }

  /** Whether a transaction holds uncommitted writes. */
  public boolean inTransaction() {
    return tx != null;
  }

  public void commit() throws SQLException {
    Transaction t = tx;
    if (t == null) {
      return;
    }
    tx = null;
    try {
      t.commit();
    } catch (RuntimeException e) {
      closeQuietly(t, e);
      throw SqlStates.convert(e);
    }
  }

  public void rollback() throws SQLException {
    Transaction t = tx;
    if (t == null) {
      return;
    }
    tx = null;
    try {
      t.rollback();
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  /**
   * The writer a write outside Calcite should use: the open transaction (the user's, or in autocommit
   * mode an enclosing {@link #write}'s); else the database in autocommit mode; else a new user
   * transaction.
   */
  public RowWriter writeTarget() {
    if (tx != null) {
      return tx;
    }
    if (autoCommit) {
      return db;
    }
    tx = db.begin();
    return tx;
  }

  /** A write statement body. */
  @FunctionalInterface
  public interface Body<T> {
    T run() throws SQLException;
  }

  /**
   * Runs a write statement: atomically in a transaction of its own in autocommit mode (committed
   * if {@code body} returns, rolled back if it throws), or inside the open transaction: the user's,
   * or that of an enclosing {@code write} (a batch of statements is one atomic write).
   */
  public <T> T write(Body<T> body) throws SQLException {
    if (tx != null) {
      return body.run();
    }
    if (!autoCommit) {
      if (tx == null) {
        tx = db.begin();
      }
      return body.run();
    }
    Transaction t;
    try {
      t = db.begin();
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
    tx = t;
    T result;
    try {
      result = body.run();
    } catch (SQLException | RuntimeException | Error e) {
      tx = null;
      try {
        t.rollback();
      } catch (RuntimeException r) {
        e.addSuppressed(r);
      }
      if (e instanceof RuntimeException re) {
        throw SqlStates.convert(re);
      }
      throw e;
    }
    tx = null;
    try {
      t.commit();
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
    return result;
  }

  /** Discards an open transaction (connection close). */
  public void close() {
    Transaction t = tx;
    tx = null;
    if (t != null) {
      t.close();
    }
  }

  private static void closeQuietly(Transaction t, RuntimeException primary) {
    try {
      t.close();
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }
}
