package io.tidal.wal;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One caller's unit of work in {@link Wal}'s queue: records with consecutive sequences from
 * {@code firstSeq}, a checkpoint mark ({@code checkpointSeq >= 0}), or a bare fsync request. The
 * caller waits on {@code done}; {@code failure} is set before the count-down if the batch failed.
 */
final class Pending {
  final List<WalRecord> records;
  final long firstSeq;
  final long checkpointSeq;
  final boolean force;
  final CountDownLatch done = new CountDownLatch(1);
  volatile Throwable failure;

  Pending(List<WalRecord> records, long firstSeq, long checkpointSeq, boolean force) {
    this.records = records;
    this.firstSeq = firstSeq;
    this.checkpointSeq = checkpointSeq;
    this.force = force;
  }
}
