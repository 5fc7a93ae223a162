package io.tidal.engine.wal;

import io.tidal.Durability;
import io.tidal.engine.wal.DedupFilter.Hash;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import io.tidal.metrics.Metrics;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Size (over the project's 500 lines): the append and checkpoint protocol (sequences, batches,
 * the caller-written fast path and the writer thread, fsync poisoning) shares one lock and one queue;
 * the write side already moved to {@link BatchWriter}, and issue 19 names the next split (the
 * writer thread's loop and the caller's side apart).
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
  private final boolean sync;
  private final DedupFilter dedup;

  /** False when the options' dedup horizon is zero: every record is new. */
  private final boolean dedups;

  /** The segments and the batch bookkeeping; used only with {@code io} held. */
  private final BatchWriter writer;

  private final Thread writerThread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();

  /** Held while writing, fsyncing or rotating the segments (see the class comment). */
  private final ReentrantLock io = new ReentrantLock();

  // Guarded by lock.
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int queuedEvents;
  private long nextSeq;
  private long lastCheckpoint;
  private Throwable failure;
  private boolean closing;
  private boolean closed;

  // Written under io, read by tests.
  private volatile long callerWrites;
  private volatile long joinWaits;

  private Wal(WalOptions options, Recovery.State st, SegmentWriter segments, DedupFilter dedup) {
    this.options = options;
    this.sync = options.durability() == Durability.SYNC;
    this.dedup = dedup;
    this.dedups = !options.dedupHorizon().isZero();
    this.writer = new BatchWriter(options, st, segments);
    this.nextSeq = st.nextSeq();
    this.lastCheckpoint = options.replayFrom();
    this.writerThread = new Thread(this::runWriter, "tidal-wal-writer");
    writerThread.setDaemon(true);
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
    wal.writerThread.start();
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
    lock.lock();
    try {
      checkWritable();
      dedup.advance(options.clock().millis());
      for (int i = 0; i < n; i++) {
        isNew[i] = hashes[i] == null || !dedup.seenOrAdd(hashes[i]);
        if (isNew[i]) {
          fresh.add(records.get(i));
        }
      }
      p = new Pending(fresh, nextSeq, -1, false);
      nextSeq += fresh.size();
      // SYNC: only while callers come alone; under concurrency the writer thread's wait for company
      // (group commit) saves fsyncs
      lead = (!sync || writer.lastBatchCallers() <= 1) && io.tryLock();
      if (lead) {
        queue.addLast(p); // written below by this thread: no need to wake the writer
        queuedEvents += fresh.size();
      } else {
        enqueue(p, fresh.size());
      }
    } finally {
      lock.unlock();
    }
    if (lead) {
      writeOnCallerThread();
    }
    await(p);
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
    lock.lock();
    try {
      checkWritable();
      if (seq < lastCheckpoint || seq > nextSeq - 1) {
        throw WalException.invalid(
            "checkpoint sequence must lie in [" + lastCheckpoint + ", " + (nextSeq - 1) + "]", seq);
      }
      lastCheckpoint = seq;
      p = new Pending(List.of(), nextSeq, seq, true, keepNone);
      enqueue(p, 1);
    } finally {
      lock.unlock();
    }
    await(p);
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
    io.lock();
    try {
      long next;
      lock.lock();
      try {
        checkWritable();
        next = queue.isEmpty() ? nextSeq : queue.peekFirst().firstSeq;
      } finally {
        lock.unlock();
      }
      writer.rotate(next);
    } catch (IOException | RuntimeException e) {
      if (e instanceof WalException w) {
        throw w;
      }
      fail(e, List.of());
      throw WalException.writePathFailed(e);
    } finally {
      io.unlock();
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
    lock.lock();
    try {
      checkWritable();
      p = new Pending(List.of(), nextSeq, -1, true);
      enqueue(p, 0);
    } finally {
      lock.unlock();
    }
    await(p);
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
    io.lock();
    try {
      lock.lock();
      try {
        checkWritable();
      } finally {
        lock.unlock();
      }
      return writer.extents();
    } catch (IOException e) {
      throw WalException.io("cannot read the WAL segment sizes", options.directory(), e);
    } finally {
      io.unlock();
    }
  }

  /**
   * The highest sequence assigned so far (replayed or appended; 0 for an empty log). It includes
   * records whose {@code append} has not returned yet (assigned, maybe not yet durable): a caller
   * that checkpoints must use the last sequence it has applied, not this.
   */
  public long lastSequence() {
    lock.lock();
    try {
      return nextSeq - 1;
    } finally {
      lock.unlock();
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
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closing = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    Throwable closeFailure = null;
    io.lock();
    try {
      writer.close();
    } catch (IOException e) {
      closeFailure = e;
    } finally {
      io.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      if (failure instanceof ClosingFailure cf) {
        throw WalException.writePathFailed(cf.getCause());
      }
    } finally {
      lock.unlock();
    }
    if (closeFailure != null && failure == null) {
      throw WalException.io("cannot close the WAL segment", options.directory(), closeFailure);
    }
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
    lock.lock();
    try {
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
      lock.unlock();
    }
  }

  /**
   * Counters for tests: batches written, fsyncs, most records in one batch, waits for company,
   * batches a caller wrote on its own thread.
   */
  record Stats(long batches, long fsyncs, long largestBatch, long joinWaits, long callerWrites) {}

  Stats stats() {
    return new Stats(
        writer.batches(), writer.fsyncs(), writer.largestBatch(), joinWaits, callerWrites);
  }

  int segmentCount() {
    return writer.segmentCount();
  }

  // ---- callers' side ----

  private void checkWritable() {
    if (failure != null) {
      throw WalException.writePathFailed(
          failure instanceof ClosingFailure ? failure.getCause() : failure);
    }
    if (closing) {
      throw WalException.closed();
    }
  }

  private void enqueue(Pending p, int events) {
    queue.addLast(p);
    queuedEvents += events;
    work.signal();
  }

  /**
   * With {@code io} held (taken by {@link #append}): writes (SYNC: and fsyncs) the queue's head batch,
   * which holds this caller's call unless more than a batch was queued before it, then releases
   * {@code io} and wakes the writer thread if calls remain queued or, in ASYNC mode, the segments
   * just turned dirty (it times their fsync).
   */
  private void writeOnCallerThread() {
    List<Pending> batch = List.of();
    try {
      boolean wasDirty = writer.dirty();
      batch = drainBatch();
      if (!batch.isEmpty()) {
        writer.write(batch, false);
        callerWrites++;
        complete(batch, null);
      }
      batch = List.of();
      if ((!sync && !wasDirty) || !queueEmpty()) {
        wakeWriter();
      }
    } catch (Throwable t) {
      fail(t, batch);
    } finally {
      io.unlock();
    }
  }

  private boolean queueEmpty() {
    lock.lock();
    try {
      return queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  private void wakeWriter() {
    lock.lock();
    try {
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  private static void await(Pending p) {
    boolean interrupted = false;
    while (true) {
      try {
        p.done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (p.failure != null) {
      throw WalException.writePathFailed(p.failure);
    }
  }

  // ---- writer thread ----

  /** Marks a failure of the final fsync at close. */
  private static final class ClosingFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ClosingFailure(Throwable cause) {
      super(cause);
    }
  }

  private void runWriter() {
    List<Pending> batch = List.of();
    try {
      while (awaitWork()) {
        io.lock();
        try {
          batch = takeBatch();
          if (!batch.isEmpty()) {
            writer.write(batch, true);
            complete(batch, null);
          } else if (!sync && writer.dirty() && writer.asyncForceDue()) {
            writer.force();
          } // else a caller took the queue, or wrote just now: wait again
          batch = List.of();
        } finally {
          io.unlock();
        }
      }
      io.lock();
      try {
        if (writer.dirty() && !failed()) {
          writer.force();
        }
      } finally {
        io.unlock();
      }
    } catch (Throwable t) {
      fail(closingNow() && batch.isEmpty() ? new ClosingFailure(t) : t, batch);
    }
  }

  private boolean failed() {
    lock.lock();
    try {
      return failure != null;
    } finally {
      lock.unlock();
    }
  }

  private boolean closingNow() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until calls are queued or an ASYNC fsync is due; false once closed (or failed) and
   * drained. Holds no {@code io}: a caller may write meanwhile.
   */
  private boolean awaitWork() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (failure != null || closing) {
          return false;
        }
        if (!sync && writer.dirty()) {
          long wait = writer.untilAsyncForce();
          if (wait <= 0) {
            return true;
          }
          work.awaitNanos(wait);
        } else {
          work.await();
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * With {@code io} held: the next batch, after waiting up to 10 ms for the company of the last
   * batch's callers; empty when nothing is queued (a caller took it).
   */
  private List<Pending> takeBatch() throws InterruptedException {
    lock.lock();
    try {
      if (queue.isEmpty()) {
        return List.of();
      }
      long budget = MAX_WAIT_NANOS;
      if (queuedEvents < MAX_BATCH_EVENTS && queue.size() < writer.lastBatchCallers() && !closing) {
        joinWaits++;
      }
      while (queuedEvents < MAX_BATCH_EVENTS
          && queue.size() < writer.lastBatchCallers()
          && budget > 0
          && !closing) {
        budget = work.awaitNanos(budget);
      }
      return pollBatch();
    } finally {
      lock.unlock();
    }
  }

  /** With {@code io} held: the queue's head batch, taken without waiting (may be empty). */
  private List<Pending> drainBatch() {
    lock.lock();
    try {
      return pollBatch();
    } finally {
      lock.unlock();
    }
  }

  /** With {@code lock} held: removes and returns the head calls, up to the batch limit. */
  private List<Pending> pollBatch() {
    List<Pending> batch = new ArrayList<>();
    int events = 0;
    while (!queue.isEmpty()
        && (batch.isEmpty() || events + events(queue.peekFirst()) <= MAX_BATCH_EVENTS)) {
      Pending p = queue.removeFirst();
      int e = events(p);
      queuedEvents -= e;
      events += e;
      batch.add(p);
    }
    return batch;
  }

  /** What a pending unit counts toward the 100-event batch limit (as added to queuedEvents). */
  private static int events(Pending p) {
    return p.checkpointSeq >= 0 ? 1 : p.records.size();
  }

  private static void complete(List<Pending> batch, Throwable t) {
    for (Pending p : batch) {
      p.failure = t;
      p.done.countDown();
    }
  }

  private void fail(Throwable t, List<Pending> inFlight) {
    List<Pending> queued;
    lock.lock();
    try {
      if (failure == null) {
        failure = t;
      }
      queued = new ArrayList<>(queue);
      queue.clear();
      queuedEvents = 0;
    } finally {
      lock.unlock();
    }
    Throwable cause = t instanceof ClosingFailure ? t.getCause() : t;
    complete(inFlight, cause);
    complete(queued, cause);
  }
}
