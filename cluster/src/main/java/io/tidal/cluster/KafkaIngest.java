package io.tidal.cluster;

import io.tidal.calcite.StatsSources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Signals from a Kafka topic into a tidal database, exactly once: each poll's records are recorded
 * together with the topic partitions' next offsets in one database transaction (table
 * {@code tidal_kafka_offsets}, written in the same WAL batch as the signals), and a (re)started
 * ingest seeks to those stored offsets. A crash at any point therefore neither loses nor
 * double-counts a record (docs/SCALE.md). Records that are not signals go to a dead-letter topic
 * with the reason; an unreachable broker or a missing topic is retried, counted in
 * {@link #stats()}, and never stops the database from serving.
 *
 * <pre>{@code
 * try (KafkaIngest in = KafkaIngest.start("jdbc:tidal:/data/db",
 *     KafkaIngestConfig.parse("bootstrap=127.0.0.1:9092,topic=signals,group=tidal"))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>One ingest per database and topic: it consumes every partition of the topic (manual
 * assignment); the consumer group only receives the offsets for monitoring tools.
 */
public final class KafkaIngest implements AutoCloseable {
  private final Connection conn;
  private final IngestLoop loop;
  private final Thread thread;
  private final Counters counters;
  private final Runnable unregisterStats;

  private KafkaIngest(
      Connection conn,
      IngestLoop loop,
      Thread thread,
      Counters counters,
      Runnable unregisterStats) {
    this.conn = conn;
    this.loop = loop;
    this.thread = thread;
    this.counters = counters;
    this.unregisterStats = unregisterStats;
  }

  /**
   * Opens {@code jdbcUrl} (a {@code jdbc:tidal:} database in this JVM; it shares the engine with
   * the other connections to it), creates the offsets table if missing and starts consuming on a
   * daemon thread. Returns at once: Kafka problems are retried in the background (see
   * {@link #stats()}).
   *
   * @throws SQLException if the database cannot be opened or written
   */
  public static KafkaIngest start(String jdbcUrl, KafkaIngestConfig config) throws SQLException {
    Connection conn = DriverManager.getConnection(jdbcUrl);
    try {
      OffsetTable.create(conn);
      Counters counters = new Counters();
      IngestLoop loop = new IngestLoop(config, conn, counters);
      Path dir = directoryOf(jdbcUrl);
      Runnable unregister = dir == null ? () -> {} : StatsSources.register(dir, counters::asStats);
      Thread t = new Thread(loop, "tidal-kafka-ingest-" + config.topic());
      t.setDaemon(true);
      t.start();
      return new KafkaIngest(conn, loop, t, counters, unregister);
    } catch (SQLException | RuntimeException e) {
      try {
        conn.close();
      } catch (SQLException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  /** The directory of a {@code jdbc:tidal:DIR[;props]} URL; null for memory or remote URLs. */
  static Path directoryOf(String jdbcUrl) {
    String prefix = "jdbc:tidal:";
    if (!jdbcUrl.startsWith(prefix)) {
      return null;
    }
    String rest = jdbcUrl.substring(prefix.length());
    int semi = rest.indexOf(';');
    rest = semi < 0 ? rest : rest.substring(0, semi);
    if (rest.isEmpty() || rest.startsWith("mem:") || rest.startsWith("remote:")) {
      return null;
    }
    return Path.of(rest);
  }

  /** The counters; also listed in the database's {@code sys.stats} as {@code kafka_*} rows. */
  public IngestStats stats() {
    return counters.snapshot();
  }

  /**
   * Waits until the ingest has applied everything the topic held when it last looked (lag 0).
   *
   * @return false if {@code timeout} passed first or the ingest stopped
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return loop.awaitCaughtUp(timeout);
  }

  /**
   * Waits until the counters satisfy {@code condition} (checked after every batch and failure).
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitStats(java.util.function.Predicate<IngestStats> condition, Duration timeout)
      throws InterruptedException {
    return counters.await(condition, timeout);
  }

  /** Runs {@code hook} on the ingest thread after each committed batch (for tests). */
  void onBatch(Runnable hook) {
    counters.onBatch = hook;
  }

  /** Stops consuming (a batch being applied completes or rolls back) and closes the connection. */
  @Override
  public void close() throws SQLException {
    loop.stop();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    unregisterStats.run();
    conn.close();
  }
}
