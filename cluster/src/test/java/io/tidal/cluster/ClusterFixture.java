package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test fixture: cluster nodes in this JVM on the shared broker, and the single-node oracle (one
 * tidal database that gets the same signals by plain INSERTs, in each partition's order), with the
 * queries the tests compare.
 */
final class ClusterFixture implements AutoCloseable {
  static final String AT = "TIMESTAMP '2026-01-02 00:00:00'";

  /** Q1 of W1 (top-10 by decay), a windowed top-k with a tie-breaker, and a full listing. */
  static final List<String> QUERIES =
      List.of(
          "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
              + AT
              + ") AS s FROM items ORDER BY s DESC LIMIT 10",
          "SELECT id, WINDOWED_COUNT(id, 'view', INTERVAL '7' DAY, "
              + AT
              + ") AS c FROM items ORDER BY c DESC, id LIMIT 15",
          "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
              + AT
              + ") AS s, WINDOWED_COUNT(id, 'view', INTERVAL '7' DAY, "
              + AT
              + ") AS c FROM items ORDER BY id");

  final KafkaBroker broker;
  final String topic;
  final int partitions;
  final Path root;
  final Path shared;
  final List<ClusterNode> nodes = new ArrayList<>();
  private int created;

  ClusterFixture(Path root, String topic, int partitions) throws Exception {
    this.broker = KafkaBroker.shared();
    this.topic = topic;
    this.partitions = partitions;
    this.root = root;
    this.shared = Files.createDirectories(root.resolve("snapshots"));
    broker.createTopics(Map.of(topic, partitions));
  }

  ClusterNode addNode() throws Exception {
    String name = "n" + ++created;
    Path dir = Files.createDirectories(root.resolve(name));
    Workload.createSchema("jdbc:tidal:" + dir);
    ClusterNode n = start(broker, topic, "tidal-" + topic, dir, shared, name);
    nodes.add(n);
    return n;
  }

  /** A node in this JVM on {@code dir} (its schema created), as the tests run them. */
  static ClusterNode start(
      KafkaBroker broker, String topic, String group, Path dir, Path shared, String name)
      throws SQLException {
    return ClusterNode.start(
        dir,
        new KafkaIngestConfig(broker.bootstrap(), topic, group)
            .withRetryBackoff(Duration.ofMillis(200)),
        ClusterNode.Options.of(name, shared)
            .withSessionTimeout(Duration.ofSeconds(6))
            .withSnapshotEvery(Duration.ZERO),
        0);
  }

  String clusterUrl(long waitMs) {
    StringBuilder b = new StringBuilder(ClusterDriver.PREFIX);
    for (int i = 0; i < nodes.size(); i++) {
      b.append(i == 0 ? "" : ",").append(nodes.get(i).url());
    }
    return b.append(";wait_ms=").append(waitMs).toString();
  }

  /** Waits until the running nodes hold every partition, each applied up to its end. */
  void awaitCaughtUp(Workload work, Duration timeout) throws InterruptedException {
    Map<Integer, Long> end = new HashMap<>();
    for (Workload.Sent s : work.sent) {
      end.merge(s.partition(), s.offset() + 1, Math::max);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<Integer, Long> held = new HashMap<>();
      boolean stable = true;
      for (ClusterNode n : nodes) {
        held.putAll(n.held());
        stable &= n.clusterStats().get("cluster_epoch") % 2 == 0;
      }
      boolean done = stable && held.size() == partitions;
      for (int p = 0; p < partitions && done; p++) {
        done = held.get(p) >= end.getOrDefault(p, 0L);
      }
      if (done) {
        return;
      }
      assertThat(System.nanoTime())
          .as("caught up within %s: held %s, end %s", timeout, held, end)
          .isLessThan(deadline);
      Thread.sleep(50); // polling a condition of other threads, not a synchronisation by time
    }
  }

  /** The oracle database: every produced signal INSERTed in partition order, one row per entity. */
  static String oracle(Path dir, Workload work) throws SQLException {
    String url = "jdbc:tidal:" + dir + ";durability=async"; // a test's oracle: no fsync per insert
    Workload.createSchema(url);
    List<Workload.Sent> ordered = new ArrayList<>(work.sent);
    ordered.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id) VALUES (?)")) {
        for (String id : new TreeSet<>(ordered.stream().map(s -> s.signal().entityId()).toList())) {
          ps.setString(1, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(BatchApplier.INSERT)) {
        for (Workload.Sent s : ordered) {
          BatchApplier.bind(ps, s.signal());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return url;
  }

  /** The rows of {@code sql}. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rows(rs);
    }
  }

  /** The remaining rows of {@code rs}. */
  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getObject(i));
      }
      out.add(row);
    }
    return out;
  }

  /** Equal row by row: ids exactly, numbers within 1e-9 relative (decay landmarks differ). */
  static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected, String what) {
    assertThat(actual).as(what + ": row count").hasSameSizeAs(expected);
    for (int r = 0; r < expected.size(); r++) {
      List<Object> a = actual.get(r);
      List<Object> e = expected.get(r);
      for (int c = 0; c < e.size(); c++) {
        if (e.get(c) instanceof Number en && a.get(c) instanceof Number an) {
          assertThat(an.doubleValue())
              .as("%s: row %d column %d (%s vs %s)", what, r, c, a, e)
              .isCloseTo(en.doubleValue(), within(1e-9 * Math.max(1, Math.abs(en.doubleValue()))));
        } else {
          assertThat(a.get(c))
              .as("%s: row %d column %d (%s vs %s)", what, r, c, a, e)
              .isEqualTo(e.get(c));
        }
      }
    }
  }

  /** Every query of {@link #QUERIES} answers the same through {@code cluster} as on the oracle. */
  static void assertEqualAnswers(Connection cluster, Connection oracle, String when)
      throws SQLException {
    for (String q : QUERIES) {
      assertSameRows(rows(cluster, q), rows(oracle, q), when + ": " + q);
    }
  }

  @Override
  public void close() throws Exception {
    for (ClusterNode n : nodes) {
      n.close();
    }
    nodes.clear();
  }
}
