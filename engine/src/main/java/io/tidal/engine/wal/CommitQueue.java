package io.tidal.engine.wal;

import io.tidal.Durability;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Wal}'s queue of pending calls and the writer thread that drains it into the segments (the
 * design is in {@link Wal}'s class comment: group commit, the caller-written fast path, the wait for
 * company, fsync poisoning).
 *
 * <p>Two locks: {@link #lock} guards the queue, the failure and closing state, and {@link Wal}'s
 * sequence bookkeeping; {@link #io} is held while anything touches the segments ({@link #writer}).
 * Lock order: {@code io}, then {@code lock}; a thread holding {@code lock} only ever {@code
 * tryLock}s {@code io}.
 */
final class CommitQueue {
  /** Orders sequences; guards the queue, the failure, closing, and {@link Wal}'s sequences. */
  final ReentrantLock lock = new ReentrantLock();

  private final Condition work = lock.newCondition();

  /** Held while writing, fsyncing or rotating the segments. */
  final ReentrantLock io = new ReentrantLock();

  /** The segments and the batch bookkeeping; used only with {@code io} held. */
  final BatchWriter writer;

  private final boolean sync;
  private final Thread writerThread;

  // Guarded by lock.
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int queuedEvents;
  private Throwable failure;
  private boolean closing;
  private boolean closed;

  // Written under io, read by tests.
  private volatile long callerWrites;
  private volatile long joinWaits;

  CommitQueue(WalOptions options, BatchWriter writer) {
    this.writer = writer;
    this.sync = options.durability() == Durability.SYNC;
    this.writerThread = new Thread(this::runWriter, "tidal-wal-writer");
    writerThread.setDaemon(true);
  }

  void start() {
    writerThread.start();
  }

  // ---- callers' side (methods named "with lock held" expect the caller to hold lock) ----

  /** With {@code lock} held: fails after a write-path failure or once closing. */
  void checkWritable() {
    if (failure != null) {
      throw WalException.writePathFailed(
          failure instanceof ClosingFailure ? failure.getCause() : failure);
    }
    if (closing) {
      throw WalException.closed();
    }
  }

  /**
   * With {@code lock} held: queues {@code p} and returns whether this caller writes it itself (it
   * then holds {@code io} and must call {@link #writeOnCallerThread}). SYNC: only while callers come
   * alone; under concurrency the writer thread's wait for company (group commit) saves fsyncs.
   */
  boolean enqueueOrLead(Pending p, int events) {
    boolean lead = (!sync || writer.lastBatchCallers() <= 1) && io.tryLock();
    if (lead) {
      queue.addLast(p); // written by the caller: no need to wake the writer
      queuedEvents += events;
    } else {
      enqueue(p, events);
    }
    return lead;
  }

  /** With {@code lock} held: queues {@code p} for the writer thread. */
  void enqueue(Pending p, int events) {
    queue.addLast(p);
    queuedEvents += events;
    work.signal();
  }

  /** With {@code lock} held: the first sequence of the oldest queued call, else {@code next}. */
  long headSequence(long next) {
    return queue.isEmpty() ? next : queue.peekFirst().firstSeq;
  }

  /** With {@code lock} held: the events queued (for invariant checks). */
  int queuedEvents() {
    return queuedEvents;
  }

  /**
   * With {@code io} held (taken by {@link #enqueueOrLead}): writes (SYNC: and fsyncs) the queue's head
   * batch, which holds this caller's call unless more than a batch was queued before it, then
   * releases {@code io} and wakes the writer thread if calls remain queued or, in ASYNC mode, the
   * segments just turned dirty (it times their fsync).
   */
  void writeOnCallerThread() {
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

  /** Waits until {@code p} is written (per its durability); rethrows the batch's failure. */
  static void await(Pending p) {
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

  /**
   * Stops the writer thread after it wrote and fsync'd everything queued, then closes the segments.
   * Idempotent. After a write-path failure it only releases the files.
   *
   * @throws WalException {@code WRITE_PATH_FAILED} if the final write or fsync fails; {@code
   *     IO_ERROR} naming {@code dir} if closing the segment fails
   */
  void close(java.nio.file.Path dir) {
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
      throw WalException.io("cannot close the WAL segment", dir, closeFailure);
    }
  }

  long callerWrites() {
    return callerWrites;
  }

  long joinWaits() {
    return joinWaits;
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
      long budget = Wal.MAX_WAIT_NANOS;
      if (queuedEvents < Wal.MAX_BATCH_EVENTS
          && queue.size() < writer.lastBatchCallers()
          && !closing) {
        joinWaits++;
      }
      while (queuedEvents < Wal.MAX_BATCH_EVENTS
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
        && (batch.isEmpty() || events + events(queue.peekFirst()) <= Wal.MAX_BATCH_EVENTS)) {
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

  /**
   * Poisons the log with {@code t} (the first failure stays): fails the batch in flight and every
   * queued call.
   */
  void fail(Throwable t, List<Pending> inFlight) {
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
