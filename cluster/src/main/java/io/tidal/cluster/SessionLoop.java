package io.tidal.cluster;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The one retry loop of tidal's consumer threads ({@link IngestLoop}, {@link ClusterLoop}, {@link
 * EntityReplica}): run a consumer session until stopped; a failed session is reported (counted and
 * described), then the loop backs off and starts a new session from the offsets stored in the
 * database; a wake-up or an interrupt ends it. The caller records that its thread stopped.
 */
final class SessionLoop {
  private SessionLoop() {}

  /** One consumer session: connect, position, consume until stopped or failed. */
  interface Session {
    void run() throws SQLException;
  }

  /** The loop with the caller's own failure reports and backoff. */
  static void run(
      BooleanSupplier running, Session session, Consumer<Exception> report, Runnable backoff) {
    while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        session.run();
      } catch (WakeupException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        report.accept(e);
      }
      if (running.getAsBoolean()) {
        backoff.run();
      }
    }
  }

  /**
   * The loop of a cluster node's threads: a database failure, a Kafka failure and anything else
   * (with its stack trace) are counted under {@code what}; the backoff is a plain sleep.
   */
  static void run(
      BooleanSupplier running, Session session, Counters counters, Duration backoff, String what) {
    run(running, session, e -> report(counters, what, e), () -> sleep(backoff));
  }

  private static void report(Counters counters, String what, Exception e) {
    if (e instanceof SQLException) {
      counters.error(
          counters.databaseErrors,
          what + ": database write failed, restarting from the stored offsets: " + e.getMessage(),
          e);
    } else if (e instanceof KafkaException) {
      counters.error(
          counters.brokerErrors, what + ": Kafka failed: " + IngestLoop.describe(e), null);
    } else {
      counters.error(counters.brokerErrors, what + " failed: " + IngestLoop.describe(e), e);
    }
  }

  private static void sleep(Duration backoff) {
    try {
      Thread.sleep(backoff.toMillis()); // retry backoff, not a synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // ends the loop
    }
  }
}
