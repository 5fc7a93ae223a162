package io.tidal.engine;

import java.util.List;

/**
 * Where the engine logs a batch before applying it: the WAL for a directory database, a counter plus
 * dedup memory for an in-memory one. {@link #append} returns only when the batch is as durable as the
 * configuration promises, and reports per operation its sequence number, or -1 when it was dropped
 * as a duplicate (only a signal with a dedup key can be one).
 */
interface WriteLog extends AutoCloseable {

  long[] append(List<WriteOp> ops);

  /**
   * Returns once every record appended so far is durable (fsync'd). A checkpoint calls it before it
   * makes the store durable: a store that is ahead of the log would be refused at open.
   */
  void sync();

  /** Lets the log forget everything up to {@code seq}, which a checkpoint now holds. */
  void checkpoint(long seq);

  /**
   * As {@link #checkpoint(long)}; with {@code keepNone} no file may hold a record up to {@code seq}
   * afterwards (a scrub: the caller called {@link #startSegment()} right after taking {@code seq}, and
   * its stored state cannot fall back to an older checkpoint).
   */
  void checkpoint(long seq, boolean keepNone);

  /** Makes records appended from now on go into a new log file (called with no append in flight). */
  void startSegment();

  /**
   * The log's files with the lengths that end its last written batch (see {@link Wal#extents});
   * none for an in-memory log. Called after {@link #sync()} with no append in flight.
   */
  default List<io.tidal.engine.wal.Wal.Extent> extents() {
    return List.of();
  }

  /** Sequence of the last appended record (0 before any). */
  long sequence();

  @Override
  void close();
}
