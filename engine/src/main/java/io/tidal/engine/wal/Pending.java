package io.tidal.engine.wal;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One caller's unit of work in {@link Wal}'s queue: records with consecutive sequences from
 * {@code firstSeq}, a checkpoint mark ({@code checkpointSeq >= 0}, with {@code keepNone} for a scrub), or a bare fsync request. The
 * caller waits on {@code done}; {@code failure} is set before the count-down if the batch failed.
 */
final class Pending {
  final List<WalRecord> records;
  final long firstSeq;
  final long checkpointSeq;
  final boolean force;

  /** For a checkpoint mark: delete every segment wholly up to the mark, with no slack (a scrub). */
  final boolean keepNone;

  final CountDownLatch done = new CountDownLatch(1);
  volatile Throwable failure;

  Pending(List<WalRecord> records, long firstSeq, long checkpointSeq, boolean force) {
    this(records, firstSeq, checkpointSeq, force, false);
  }

  Pending(
      List<WalRecord> records, long firstSeq, long checkpointSeq, boolean force, boolean keepNone) {
    this.records = records;
    this.firstSeq = firstSeq;
    this.checkpointSeq = checkpointSeq;
    this.force = force;
    this.keepNone = keepNone;
  }
}
