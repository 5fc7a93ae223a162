package io.tidal;

/**
 * A unit of work: its row writes and signals become visible and durable together at {@link #commit()}
 * (one WAL batch, one fsync) or are discarded by {@link #rollback()}. Reads through the transaction
 * see its own row writes. Not thread-safe: one thread at a time. Schema changes are not transactional.
 */
public interface Transaction extends RowWriter, AutoCloseable {

  /**
   * Makes all buffered writes durable and visible, atomically.
   *
   * @throws TidalException {@code DUPLICATE_KEY} if a key inserted here was taken by a concurrent
   *     commit (nothing of this transaction is applied), or any write-path error
   */
  void commit();

  /** Discards all buffered writes. Harmless when nothing was written. */
  void rollback();

  /** Rolls back unless committed. */
  @Override
  void close();
}
