package io.tidal.engine.wal;

import io.tidal.engine.wal.DedupFilter.Hash;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.metrics.Metrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.Blake3;

/**
 * The write-ahead log: appends records durably with group commit, replays them on open, and drops
 * old segments at checkpoints. Thread-safe. Format in {@link WalFormat}; recovery rules in
 * {@link Recovery}.
 *
 * <p><b>Contract.</b> {@link #append} returns after its records are durable per
 * {@link WalOptions#durability()}: SYNC after the fsync of their batch, ASYNC after the write (an
 * fsync follows within 10 ms). One call is one atomic unit: it is never split across commit records,
 * however many records it has, so after a crash it is replayed whole or not at all. After any I/O
 * error or failed fsync every waiting and later call fails with {@code WRITE_PATH_FAILED} until the
 * log is reopened (an fsync is never retried: docs/notes/reliability.md item 2).
 *
 * <p><b>Design.</b> Callers filter duplicates and take sequence numbers under one lock, enqueue a
 * {@code Pending} and wait on its latch. One writer thread drains the queue: it takes whole calls
 * while the batch stays within 100 events (a larger call goes alone), encodes them with one reused BLAKE3
 * hasher, appends a COMMIT, writes, fsyncs, and releases the callers. Batch k+1 is written only
 * after batch k's fsync returned. Callers that arrive during an fsync form the next batch: that is
 * the group commit. When the previous batch came from several callers and fewer are queued, the
 * writer waits up to 10 ms for that many to return (they usually re-append at once); a lone writer
 * never waits. Checkpoint marks travel through the same queue; after the mark is fsync'd, segments
 * wholly before the previous checkpoint are deleted (a scrubbing mark, after
 * {@link #startSegment()}: every segment wholly up to the mark itself).
 *
 * <p><b>Callers write themselves when they can.</b> Handing a call to the writer thread and waking its
 * caller again cost two thread wake-ups: most of an ASYNC call's latency, and a sixth of a
 * 1,000-signal SYNC batch's. So a caller that finds the segments free ({@code io} not held) writes
 * its call, and whatever is queued before it, on its own thread (SYNC: and fsyncs), and returns.
 * Callers arriving meanwhile queue as before and the writer thread takes them once {@code io} is
 * free, so group commit still forms behind every fsync; and in SYNC mode a caller writes itself only
 * while the last batch had a single caller, so concurrent callers keep the writer thread's wait for
 * company. In ASYNC mode the writer thread also times the fsync that must follow within 10 ms (a
 * caller wakes it when the segments turn dirty). Everything that touches the segments (the
 * {@link BatchWriter}) holds {@code io}, so batches stay in sequence order: the writer thread takes
 * {@code io} before it takes a batch from the queue, and a caller tries it while it still holds
 * {@code lock}, the lock that orders sequences (lock order: {@code io}, then {@code lock}; a caller
 * holding {@code lock} only ever {@code tryLock}s {@code io}).
 *
 * <p><b>Caller's checkpoint protocol.</b> Stop applying; take S = the last sequence applied to
 * the state; in ASYNC mode call {@link #sync()} (the log must never end before the state it backs:
 * open refuses a checkpoint beyond the log's end); persist the state durably; then
 * {@link #checkpoint(long) checkpoint(S)}; open later with {@code replayFrom = S}.
 *
 * <p>Where: this class is the API and the sequence bookkeeping (dedup, sequences, checkpoint
 * marks); {@link CommitQueue} the queue, its two locks, the caller-written fast path and the writer
 * thread; {@link BatchWriter} the encoding and writing of a batch into the segments.
 */
public final class Wal implements AutoCloseable {
  /** A batch closes once it holds this many records (a larger single call still goes whole). */
  static final int MAX_BATCH_EVENTS = 100;

  /** Longest wait for more callers to join a batch. */
  static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** In ASYNC mode, the longest time written data stays without an fsync. */
  static final long ASYNC_FSYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private static final ThreadLocal<Blake3> CONTENT_HASHER =
      ThreadLocal.withInitial(Blake3::initHash);

  private final WalOptions options;
  private final DedupFilter dedup;

  /** False when the options' dedup horizon is zero: every record is new. */
  private final boolean dedups;

  /** The queue of pending calls, its locks and the writer thread. */
  private final CommitQueue queue;

  // Guarded by queue.lock.
  private long nextSeq;
  private long lastCheckpoint;

  private Wal(WalOptions options, Recovery.State st, SegmentWriter segments, DedupFilter dedup) {
    this.options = options;
    this.dedup = dedup;
    this.dedups = !options.dedupHorizon().isZero();
    this.queue = new CommitQueue(options, new BatchWriter(options, st, segments));
    this.nextSeq = st.nextSeq();
    this.lastCheckpoint = options.replayFrom();
  }

  /**
   * Opens (creating if needed) the log in {@link WalOptions#directory()} and replays to
   * {@code consumer} every committed record with a sequence after {@link WalOptions#replayFrom()},
   * in order, before returning. A torn tail is cut off and logged (WARN).
   *
   * @throws WalException {@code CORRUPT} (damage before the tail, salt mismatch, missing segment,
   *     checkpoint beyond the log; the message names file and byte offset), {@code UNSUPPORTED_FORMAT},
   *     {@code IO_ERROR}; or whatever {@code consumer} throws
   */
  public static Wal open(WalOptions options, ReplayConsumer consumer) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(consumer, "consumer");
    DedupFilter dedup =
        new DedupFilter(options.dedupHorizon().toMillis(), options.clock().millis());
    Recovery.State st = Recovery.run(options, consumer, dedup);
    SegmentWriter writer;
    try {
      writer = SegmentWriter.open(options, st);
    } catch (IOException e) {
      throw WalException.io("cannot open the WAL for writing", options.directory(), e);
    }
    Wal wal = new Wal(options, st, writer, dedup);
    wal.queue.start();
    return wal;
  }

  /**
   * Logs {@code records} as one atomic unit and returns once they are durable (see the class
   * comment). Signals with a dedup key that repeat one logged within the horizon (or earlier in
   * the same call) are dropped and reported as not new; all other records get consecutive sequences.
   *
   * @throws WalException {@code INVALID_ARGUMENT} (a record over the format's limits; nothing
   *     logged), {@code WRITE_PATH_FAILED}, {@code CLOSED}
   */
  public AppendResult append(List<WalRecord> records) {
    Objects.requireNonNull(records, "records");
    long started = Metrics.start();
    int n = records.size();
    Hash[] hashes = new Hash[n];
    byte[] scratch = new byte[16];
    for (int i = 0; i < n; i++) {
      WalRecord r = records.get(i);
      WalFormat.validate(r);
      if (dedups && r instanceof SignalRecord s && s.dedupKey() != null) {
        hashes[i] = DedupFilter.hash(s, CONTENT_HASHER.get(), scratch);
      }
    }
    boolean[] isNew = new boolean[n];
    List<WalRecord> fresh = new ArrayList<>(n);
    Pending p;
    boolean lead;
    queue.lock.lock();
    try {
      queue.checkWritable();
      dedup.advance(options.clock().millis());
      for (int i = 0; i < n; i++) {
        isNew[i] = hashes[i] == null || !dedup.seenOrAdd(hashes[i]);
        if (isNew[i]) {
          fresh.add(records.get(i));
        }
      }
      p = new Pending(fresh, nextSeq, -1, false);
      nextSeq += fresh.size();
      lead = queue.enqueueOrLead(p, fresh.size());
    } finally {
      queue.lock.unlock();
    }
    if (lead) {
      queue.writeOnCallerThread();
    }
    CommitQueue.await(p);
    Metrics.since(options.metrics().walAppend, started);
    return new AppendResult(p.firstSeq, isNew, fresh.size());
  }

  /**
   * Records that the caller's state up to {@code seq} is persisted elsewhere; returns once the mark
   * is fsync'd and every segment wholly before the previous checkpoint is deleted (one checkpoint of
   * slack, so a store that falls back one checkpoint still finds its records).
   *
   * @throws WalException {@code INVALID_ARGUMENT} ({@code seq} before the last checkpoint or after
   *     the last sequence), {@code WRITE_PATH_FAILED}, {@code CLOSED}
   */
  public void checkpoint(long seq) {
    checkpoint(seq, false);
  }

  /**
   * {@link #checkpoint(long)}; with {@code keepNone}, every segment whose records all lie up to
   * {@code seq} is deleted, leaving no slack: a scrub, after the caller made the state at {@code seq}
   * durable in a form that cannot fall back to an older one, and after {@link #startSegment()} at
   * {@code seq + 1}, so that afterwards no file holds a record up to {@code seq}.
   *
   * @throws WalException as {@link #checkpoint(long)}
   */
  public void checkpoint(long seq, boolean keepNone) {
    Pending p;
    queue.lock.lock();
    try {
      queue.checkWritable();
      if (seq < lastCheckpoint || seq > nextSeq - 1) {
        throw WalException.invalid(
            "checkpoint sequence must lie in [" + lastCheckpoint + ", " + (nextSeq - 1) + "]", seq);
      }
      lastCheckpoint = seq;
      p = new Pending(List.of(), nextSeq, seq, true, keepNone);
      queue.enqueue(p, 1);
    } finally {
      queue.lock.unlock();
    }
    CommitQueue.await(p);
  }

  /**
   * Ends the tail segment: the next record written goes into a new segment (unless the tail holds
   * no record yet), after everything written so far is fsync'd. A caller that scrubs calls it
   * while no append is in flight, right after it took the sequence S of its checkpoint: the records
   * up to S then lie in older segments only, which {@link #checkpoint(long, boolean)} can delete.
   *
   * @throws WalException {@code WRITE_PATH_FAILED} (an I/O error fails the log as any write does),
   *     {@code CLOSED}
   */
  public void startSegment() {
    queue.io.lock();
    try {
      long next;
      queue.lock.lock();
      try {
        queue.checkWritable();
        next = queue.headSequence(nextSeq);
      } finally {
        queue.lock.unlock();
      }
      queue.writer.rotate(next);
    } catch (IOException | RuntimeException e) {
      if (e instanceof WalException w) {
        throw w;
      }
      queue.fail(e, List.of());
      throw WalException.writePathFailed(e);
    } finally {
      queue.io.unlock();
    }
  }

  /**
   * Returns once every record appended before the call is fsync'd. In SYNC mode appends are durable
   * when they return anyway; in ASYNC mode a caller uses this before it persists state derived from
   * the log (its checkpoint), so the log never ends before the state it backs.
   *
   * @throws WalException {@code WRITE_PATH_FAILED}, {@code CLOSED}
   */
  public void sync() {
    Pending p;
    queue.lock.lock();
    try {
      queue.checkWritable();
      p = new Pending(List.of(), nextSeq, -1, true);
      queue.enqueue(p, 0);
    } finally {
      queue.lock.unlock();
    }
    CommitQueue.await(p);
  }

  /** A segment file, its first sequence and the length of it that holds whole, fsync'd batches. */
  public record Extent(java.nio.file.Path path, long firstSeq, long length) {}

  /**
   * Every segment file with the length that ends its last written batch: a prefix of the log that
   * opens as a log (a backup copies it). Closed segments never change; the tail only grows past its
   * length. The caller calls {@link #sync()} first with no append in flight, so the prefix is fsync'd
   * and ends at a COMMIT.
   *
   * @throws WalException {@code IO_ERROR}, {@code CLOSED}
   */
  public List<Extent> extents() {
    queue.io.lock();
    try {
      queue.lock.lock();
      try {
        queue.checkWritable();
      } finally {
        queue.lock.unlock();
      }
      return queue.writer.extents();
    } catch (IOException e) {
      throw WalException.io("cannot read the WAL segment sizes", options.directory(), e);
    } finally {
      queue.io.unlock();
    }
  }

  /**
   * The highest sequence assigned so far (replayed or appended; 0 for an empty log). It includes
   * records whose {@code append} has not returned yet (assigned, maybe not yet durable): a caller
   * that checkpoints must use the last sequence it has applied, not this.
   */
  public long lastSequence() {
    queue.lock.lock();
    try {
      return nextSeq - 1;
    } finally {
      queue.lock.unlock();
    }
  }

  /**
   * Writes and fsyncs everything queued, then releases the files. Idempotent. After a write-path
   * failure it only releases the files.
   *
   * @throws WalException {@code WRITE_PATH_FAILED} if the final write or fsync fails
   */
  @Override
  public void close() {
    queue.close(options.directory());
  }

  @Override
  public String toString() {
    return "Wal["
        + options.directory()
        + ", "
        + options.durability()
        + ", last="
        + lastSequence()
        + "]";
  }

  /** Checks the writer's invariants; for tests. */
  void checkInvariants() {
    queue.lock.lock();
    try {
      int queuedEvents = queue.queuedEvents();
      if (queuedEvents < 0 || nextSeq < 1 || lastCheckpoint > nextSeq - 1) {
        throw new IllegalStateException(
            "WAL invariant broken: queued="
                + queuedEvents
                + ", nextSeq="
                + nextSeq
                + ", checkpoint="
                + lastCheckpoint);
      }
    } finally {
      queue.lock.unlock();
    }
  }

  /**
   * Counters for tests: batches written, fsyncs, most records in one batch, waits for company,
   * batches a caller wrote on its own thread.
   */
  record Stats(long batches, long fsyncs, long largestBatch, long joinWaits, long callerWrites) {}

  Stats stats() {
    BatchWriter w = queue.writer;
    return new Stats(
        w.batches(), w.fsyncs(), w.largestBatch(), queue.joinWaits(), queue.callerWrites());
  }

  int segmentCount() {
    return queue.writer.segmentCount();
  }
}
