package io.tidal.engine.wal;

/** Receives the committed records after the checkpoint during {@link Wal#open}, in sequence order. */
@FunctionalInterface
public interface ReplayConsumer {
  /**
   * Applies one record. An exception thrown here aborts the open (the WAL is closed, files intact)
   * and propagates to the caller of {@link Wal#open}.
   */
  void accept(long sequence, WalRecord record);
}
