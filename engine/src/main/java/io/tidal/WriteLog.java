package io.tidal;

import java.util.List;

/**
 * Where the engine logs a batch before applying it: the WAL for a directory database, a counter plus
 * dedup memory for an in-memory one. {@link #append} returns only when the batch is as durable as the
 * configuration promises, and reports per operation whether it is new (only a signal with a dedup key
 * can be a duplicate).
 */
interface WriteLog extends AutoCloseable {

  boolean[] append(List<WriteOp> ops);

  /** Sequence of the last appended record (0 before any). */
  long sequence();

  @Override
  void close();
}
