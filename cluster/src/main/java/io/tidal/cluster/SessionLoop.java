package io.tidal.cluster;

import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The retry loop of the ingest threads ({@link IngestLoop}, {@link ClusterLoop}): run a consumer
 * session until stopped; a failure is reported (each loop names and counts its own failures), then
 * the loop backs off and starts a new session; a wake-up ends it. When it ends, the counters say
 * {@code stopped}.
 */
final class SessionLoop {
  private SessionLoop() {}

  /** One consumer session: runs until it fails or the loop is stopped. */
  interface Session {
    void run() throws SQLException;
  }

  static void run(
      BooleanSupplier running,
      Session session,
      Consumer<Exception> report,
      Runnable backoff,
      Counters counters) {
    while (running.getAsBoolean()) {
      try {
        session.run();
      } catch (WakeupException e) {
        break;
      } catch (SQLException | RuntimeException e) {
        report.accept(e);
      }
      backoff.run();
    }
    counters.state = "stopped";
    counters.changed();
  }
}
