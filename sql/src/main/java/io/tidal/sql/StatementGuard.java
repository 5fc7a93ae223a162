package io.tidal.sql;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cancel flag and query timeout of one statement execution, seen by Calcite's planner:
 * planning of a statement whose flag is set stops at the planner's next rule ("preparation
 * aborted"), and {@link #failure} turns that into a {@link SQLTimeoutException}.
 *
 * <p>Design notes. Calcite's own query timeout only reaches its JDBC adapter's result sets, and its
 * planner checks nothing but a {@code CancelFlag} found in the planner context; the prepare hook
 * ({@link TidalPrepare}) finds the flag of the statement executing on the calling thread here
 * (preparing is synchronous, on the caller's thread, between {@link #open} and {@link #close}).
 * The flag is set by {@code Statement.cancel()} (any thread) or by a timer at the deadline; the
 * timer is one shared daemon thread, started on the first statement with a timeout. Calcite's
 * Volcano planner answers a set flag by ending its search with the best plan so far rather than by
 * failing, so {@link TidalPrepare} checks the flag once more after planning and refuses that plan
 * (a timeout during planning then always fails the statement, whatever the timing). Execution is
 * not interrupted: Calcite's generated code checks no flag; the caller checks between rows.
 */
public final class StatementGuard implements AutoCloseable {
  private static final ThreadLocal<AtomicBoolean> CURRENT = new ThreadLocal<>();

  private final AtomicBoolean flag;
  private final AtomicBoolean previous;
  private final AtomicBoolean expired = new AtomicBoolean();
  private final ScheduledFuture<?> timer;
  private final int timeoutSeconds;

  private StatementGuard(AtomicBoolean flag, int timeoutSeconds) {
    this.flag = flag;
    this.timeoutSeconds = timeoutSeconds;
    this.previous = CURRENT.get();
    this.timer =
        timeoutSeconds <= 0
            ? null
            : Timer.INSTANCE.schedule(
                () -> {
                  expired.set(true);
                  flag.set(true);
                },
                timeoutSeconds,
                TimeUnit.SECONDS);
    CURRENT.set(flag);
  }

  /**
   * Starts guarding one execution on this thread: clears {@code flag} (the statement's cancel
   * flag) and, if {@code timeoutSeconds > 0}, arms a timer that sets it at the deadline.
   */
  public static StatementGuard open(AtomicBoolean flag, int timeoutSeconds) {
    flag.set(false);
    return new StatementGuard(flag, timeoutSeconds);
  }

  /** The cancel flag of the statement executing on this thread, or null. */
  static AtomicBoolean currentFlag() {
    return CURRENT.get();
  }

  /** Whether the statement was cancelled or its timeout expired. */
  public boolean stopped() {
    return flag.get();
  }

  /**
   * The exception to throw for a stopped statement ({@code HYT00} timeout or {@code 57014}
   * cancelled), {@code cause} attached; null when the statement was not stopped.
   */
  public SQLException failure(Throwable cause) {
    if (!flag.get()) {
      return null;
    }
    SQLException e =
        expired.get()
            ? new SQLTimeoutException(
                "statement timed out after " + timeoutSeconds + " s (query timeout)",
                SqlStates.TIMEOUT_EXPIRED)
            : new SQLTimeoutException("statement cancelled", SqlStates.QUERY_CANCELED);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** Disarms the timer and restores the previous guard of this thread. */
  @Override
  public void close() {
    if (timer != null) {
      timer.cancel(false);
    }
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /** Lazily started shared timer thread. */
  private static final class Timer {
    static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor e =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "tidal-statement-timeout");
                t.setDaemon(true);
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      return e;
    }
  }
}
