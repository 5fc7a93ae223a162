package io.tidal.cluster;

import io.tidal.calcite.StatsSources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One node of a tidal cluster (docs/SCALE.md): a database in {@code dir}, a member of the signals
 * topic's consumer group holding the entities of its partitions (state handed off through a shared
 * snapshot directory when partitions move), served over HTTP on 127.0.0.1 to {@code
 * jdbc:tidal:remote:} and {@code jdbc:tidal:cluster:} clients. The database must already have its
 * schema (entity tables and signal types), as on every node.
 *
 * <pre>{@code
 * try (ClusterNode n = ClusterNode.start(Path.of("/data/n1"),
 *     KafkaIngestConfig.parse("bootstrap=127.0.0.1:9092,topic=signals,group=tidal"),
 *     ClusterNode.Options.of("n1", Path.of("/shared/snapshots")), 0)) {
 *   String url = n.url(); // http://127.0.0.1:PORT, one entry of a jdbc:tidal:cluster: URL
 * }
 * }</pre>
 */
public final class ClusterNode implements AutoCloseable {
  /**
   * How a node takes part: its name (a client id), the shared snapshot directory (every node
   * reads and writes it), Kafka's session timeout (how soon a dead node's partitions move), how
   * often held partitions are snapshotted (zero: only on hand-off), and an observer of the
   * hand-off's steps, called on the ingest thread with the step's name ({@code revoke-published}:
   * the revoked partitions' snapshots are published, nothing dropped yet; {@code
   * revoke-dropped}: they are dropped, the callback not returned yet; {@code restore-imported}:
   * an assignment's snapshots are restored and their ledger states imported, not yet made durable
   * by the checkpoint: the restoring markers are still there). The crash tests stop a node there.
   */
  public record Options(
      String name,
      Path shared,
      Duration sessionTimeout,
      Duration snapshotEvery,
      java.util.function.Consumer<String> steps) {
    public static Options of(String name, Path shared) {
      return new Options(name, shared, Duration.ofSeconds(10), Duration.ofSeconds(30), s -> {});
    }

    public Options withSessionTimeout(Duration d) {
      return new Options(name, shared, d, snapshotEvery, steps);
    }

    public Options withSnapshotEvery(Duration d) {
      return new Options(name, shared, sessionTimeout, d, steps);
    }

    public Options withSteps(java.util.function.Consumer<String> observer) {
      return new Options(name, shared, sessionTimeout, snapshotEvery, observer);
    }
  }

  private final Connection conn;
  private final HttpServer http;
  private final ClusterLoop loop;
  private final Thread thread;
  private final Connection replicaConn;
  private final EntityReplica replica;
  private final Thread replicaThread;
  private final Counters counters;
  private final ClusterState state;
  private final Runnable unregister;
  private final String url;

  private ClusterNode(
      Connection conn,
      HttpServer http,
      ClusterLoop loop,
      Thread thread,
      Connection replicaConn,
      EntityReplica replica,
      Thread replicaThread,
      Counters counters,
      ClusterState state,
      Runnable unregister,
      String url) {
    this.conn = conn;
    this.http = http;
    this.loop = loop;
    this.thread = thread;
    this.replicaConn = replicaConn;
    this.replica = replica;
    this.replicaThread = replicaThread;
    this.counters = counters;
    this.state = state;
    this.unregister = unregister;
    this.url = url;
  }

  /**
   * Opens the database in {@code dir}, starts serving it on 127.0.0.1:{@code port} (0: any free
   * port) and joins the group. Returns at once; Kafka problems are retried in the background.
   */
  public static ClusterNode start(Path dir, KafkaIngestConfig config, Options options, int port)
      throws SQLException {
    String jdbcUrl = "jdbc:tidal:" + dir;
    Connection conn = DriverManager.getConnection(jdbcUrl);
    Connection replicaConn = null;
    HttpServer http = null;
    try {
      OffsetTable.create(conn);
      Counters counters = new Counters();
      ClusterState state = new ClusterState();
      Runnable unregister =
          StatsSources.register(
              dir,
              () -> {
                Map<String, Long> m = new LinkedHashMap<>(counters.asStats());
                m.putAll(state.asStats());
                return m;
              });
      ServerCustomizer<Server> loopback =
          server -> {
            for (Connector c : server.getConnectors()) {
              ((ServerConnector) c).setHost("127.0.0.1");
            }
          };
      http =
          new HttpServer.Builder<Server>()
              .withHandler(
                  new LocalService(new JdbcMeta(jdbcUrl, new Properties())), Serialization.PROTOBUF)
              .withPort(port)
              .withServerCustomizers(List.of(loopback), Server.class)
              .build();
      http.start();
      ReentrantLock writes = new ReentrantLock();
      replicaConn = DriverManager.getConnection(jdbcUrl);
      EntityReplica replica =
          new EntityReplica(config, options.name(), replicaConn, writes, counters);
      ClusterLoop loop =
          new ClusterLoop(config, options, conn, counters, state, writes, replica::deletes);
      Thread rt = new Thread(replica, "tidal-cluster-entities-" + options.name());
      rt.setDaemon(true);
      rt.start();
      Thread t = new Thread(loop, "tidal-cluster-node-" + options.name());
      t.setDaemon(true);
      t.start();
      return new ClusterNode(
          conn,
          http,
          loop,
          t,
          replicaConn,
          replica,
          rt,
          counters,
          state,
          unregister,
          "http://127.0.0.1:" + http.getPort());
    } catch (SQLException | RuntimeException e) {
      if (http != null) {
        http.stop();
      }
      try {
        if (replicaConn != null) {
          replicaConn.close();
        }
        conn.close();
      } catch (SQLException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
  }

  /** {@code http://127.0.0.1:PORT}: this node's entry in a {@code jdbc:tidal:cluster:} URL. */
  public String url() {
    return url;
  }

  /** The partitions this node holds, with each one's stored next offset. */
  public Map<Integer, Long> held() {
    return state.held();
  }

  /** The {@code cluster_*} rows this node publishes in its {@code sys.stats}. */
  public Map<String, Long> clusterStats() {
    return state.asStats();
  }

  /** The ingest counters (also {@code kafka_*} rows of the node's {@code sys.stats}). */
  public IngestStats stats() {
    return counters.snapshot();
  }

  /**
   * Leaves the group: the held partitions are handed off (snapshot published, then dropped from
   * this database) before the consumer closes; then the server stops.
   */
  @Override
  public void close() throws SQLException {
    loop.stop();
    replica.stop();
    try {
      thread.join(60_000);
      replicaThread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop();
    unregister.run();
    replicaConn.close();
    conn.close();
  }

  /**
   * The next offset this node applies per partition of the entities topic ({@link
   * EntityRecords#topic}): every record before it is in this node's rows.
   */
  public Map<Integer, Long> entityOffsets() {
    return replica.applied();
  }
}
