package io.tidal.cluster;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The retry loop of a cluster node's consumer threads ({@link ClusterLoop}, {@link
 * EntityReplica}): runs sessions until stopped; a failed session is counted and described (a
 * database failure, a Kafka failure, anything else with its stack trace) and the next starts after
 * the backoff, from the offsets stored in the database. A wakeup ends the loop.
 */
final class SessionLoop {
  /** One session: connect, position, consume until stopped or failed. */
  interface Session {
    void run() throws SQLException;
  }

  private SessionLoop() {}

  static void run(
      BooleanSupplier running, Session session, Counters counters, Duration backoff, String what) {
    while (running.getAsBoolean()) {
      try {
        session.run();
      } catch (WakeupException e) {
        return;
      } catch (SQLException e) {
        counters.error(
            counters.databaseErrors,
            what + ": database write failed, restarting from the stored offsets: " + e.getMessage(),
            e);
      } catch (KafkaException e) {
        counters.error(
            counters.brokerErrors, what + ": Kafka failed: " + IngestLoop.describe(e), null);
      } catch (RuntimeException e) {
        counters.error(counters.brokerErrors, what + " failed: " + IngestLoop.describe(e), e);
      }
      if (running.getAsBoolean()) {
        try {
          Thread.sleep(backoff.toMillis()); // retry backoff, not a synchronisation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
