package io.tidal.engine.wal;

import io.tidal.Durability;
import io.tidal.metrics.Metrics;
import java.io.IOException;
import java.util.List;

/**
 * The write side of {@link Wal}: turns a batch of queued calls into one commit group in the
 * segments (encode, write, fsync when due) and keeps the bookkeeping that spans batches: the next
 * batch number, which batch is known durable, when the last fsync ran, how many callers the last
 * batch had (the group-commit heuristics read it) and the checkpoint whose predecessors may be
 * deleted.
 *
 * <p>Not thread-safe: every call is made with {@code Wal}'s {@code io} lock held, by the writer
 * thread or by a caller writing on its own thread. The two fields read without that lock
 * ({@link #lastBatchCallers()}, the last fsync time behind {@link #untilAsyncForce()}) are volatile.
 */
final class BatchWriter {
  private final WalOptions options;
  private final boolean sync;
  private final SegmentWriter segments;
  private long nextBatch;
  private long durableBatch;
  private long checkpoint;
  private volatile int lastBatchCallers;
  private volatile long lastForceNanos;
  // Counters for tests (written under io).
  private volatile long batches;
  private volatile long fsyncs;
  private volatile long largestBatch;

  BatchWriter(WalOptions options, Recovery.State st, SegmentWriter segments) {
    this.options = options;
    this.sync = options.durability() == Durability.SYNC;
    this.segments = segments;
    this.nextBatch = st.nextBatch();
    this.durableBatch = st.nextBatch() - 1;
    this.checkpoint = options.replayFrom();
    this.lastForceNanos = options.nanoTicker().getAsLong();
  }

  /**
   * Encodes, writes and fsyncs a batch (SYNC, requested by a call, or when {@code timedForce} and
   * the ASYNC bound passed since the last fsync); after a checkpoint mark is durable, deletes the
   * segments wholly before the previous checkpoint (a mark with {@code keepNone}: wholly up to itself). A caller writing on its own thread passes
   * {@code timedForce = false}: the writer thread times ASYNC fsyncs.
   */
  void write(List<Pending> batch, boolean timedForce) throws IOException {
    long firstSeq = batch.get(0).firstSeq;
    if (segments.maybeRotate(firstSeq, nextBatch)) {
      durableBatch = nextBatch - 1;
      lastForceNanos = options.nanoTicker().getAsLong();
    }
    int flags = durableBatch == nextBatch - 1 ? WalFormat.FLAG_PRED_DURABLE : 0;
    EntryEncoder enc = segments.encoder();
    enc.clear();
    boolean framed = enc.framed();
    if (framed) {
      enc.beginFrame(nextBatch, flags); // one checksum for the whole batch (format version 3)
    }
    int records = 0;
    int entries = 0;
    long mark = -1;
    boolean keepNone = false;
    int callers = 0;
    boolean forceRequested = false;
    for (Pending p : batch) {
      forceRequested |= p.force;
      for (int i = 0; i < p.records.size(); i++) {
        enc.record(p.records.get(i), p.firstSeq + i, nextBatch, flags);
      }
      records += p.records.size();
      entries += p.records.size();
      if (p.checkpointSeq >= 0) {
        enc.checkpoint(p.checkpointSeq, nextBatch, flags);
        entries++;
        mark = p.checkpointSeq;
        keepNone |= p.keepNone;
      } else if (!p.force) {
        callers++;
      }
    }
    lastBatchCallers = callers;
    if (entries > 0) {
      enc.commit(nextBatch, flags, firstSeq, records, entries, options.clock().millis());
      if (framed) {
        enc.endFrame();
      }
      segments.write(enc.buffer());
      nextBatch++;
      batches++;
      largestBatch = Math.max(largestBatch, records);
      if (callers > 0) {
        Metrics.size(options.metrics().groupCommitCallers, callers);
        Metrics.size(options.metrics().groupCommitRecords, records);
      }
    }
    // fsync before acknowledging (SYNC), and before a checkpoint may delete anything.
    if (segments.dirty() && (sync || forceRequested || (timedForce && asyncForceDue()))) {
      force();
    }
    if (mark >= 0) {
      segments.deleteThrough(keepNone ? mark : checkpoint);
      checkpoint = mark;
    }
  }

  /**
   * Starts a new segment at {@code nextSeq}, the sequence of the next record to be written, unless
   * the tail holds no record yet (it already starts there). Everything written before is fsync'd
   * first. A scrubbing checkpoint calls it so that no segment it keeps holds a record before it.
   */
  void rotate(long nextSeq) throws IOException {
    if (segments.rotate(nextSeq, nextBatch)) {
      durableBatch = nextBatch - 1;
      lastForceNanos = options.nanoTicker().getAsLong();
    }
  }

  java.util.List<Wal.Extent> extents() throws IOException {
    return segments.extents();
  }

  void force() throws IOException {
    long start = Metrics.start();
    segments.force();
    Metrics.since(options.metrics().walFsync, start);
    fsyncs++;
    durableBatch = nextBatch - 1;
    lastForceNanos = options.nanoTicker().getAsLong();
  }

  /** Whether written data waits for an fsync (read by the writer thread without the lock). */
  boolean dirty() {
    return segments.dirty();
  }

  boolean asyncForceDue() {
    return untilAsyncForce() <= 0;
  }

  /** Nanoseconds until the ASYNC bound since the last fsync passes (<= 0: due). */
  long untilAsyncForce() {
    return Wal.ASYNC_FSYNC_NANOS - (options.nanoTicker().getAsLong() - lastForceNanos);
  }

  /** Callers (not fsync requests or checkpoint marks) in the last batch written. */
  int lastBatchCallers() {
    return lastBatchCallers;
  }

  long batches() {
    return batches;
  }

  long fsyncs() {
    return fsyncs;
  }

  long largestBatch() {
    return largestBatch;
  }

  int segmentCount() {
    return segments.segmentCount();
  }

  void close() throws IOException {
    segments.close();
  }
}
