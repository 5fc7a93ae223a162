package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition's hand-off carries the ledger state, not only the retained signals: signals older
 * than a type's retention (one hour for {@code click}) survive on their node only folded into
 * decay values, and after the node leaves, its successor (restoring every partition from the
 * published snapshots) answers {@code DECAY_SCORE}s that still equal a
 * brute-force sum over every signal ever produced ({@code w * 2^(-(at - ts) / half-life)}).
 */
class FoldedStateHandOffTest {
  private static final long HOUR = 3_600_000L;
  private static final long AT = Workload.T0 + 48 * HOUR + HOUR; // TIMESTAMP '2026-01-03 01:00:00'
  private static final String QUERY =
      "SELECT id, DECAY_SCORE(id, 'click', INTERVAL '6' HOUR, TIMESTAMP '2026-01-03 01:00:00')"
          + " AS s FROM items ORDER BY s DESC, id";

  @TempDir Path tmp;

  @Test
  void scoresOfFoldedSignalsMoveWithTheirPartition() throws Exception {
    long seed = System.nanoTime();
    System.out.println("FoldedStateHandOffTest seed " + seed);
    Random rnd = new Random(seed);
    int n = 600;
    Map<String, Double> oracle = new TreeMap<>();
    try (ClusterFixture cluster = new ClusterFixture(tmp, "fold-" + seed, 3);
        KafkaProducer<byte[], byte[]> producer = cluster.broker.producer()) {
      ClusterNode n1 = cluster.addNode();
      Workload work = new Workload(seed);
      List<KafkaSignal> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // two days of signals in time order: each partition folds as its horizon moves on
        long ts = Workload.T0 + i * (48 * HOUR / n) + rnd.nextInt(1000);
        KafkaSignal s =
            new KafkaSignal("click", "c" + rnd.nextInt(25), null, 1 + rnd.nextInt(3), ts, null);
        sent.add(s);
        oracle.merge(
            s.entityId(),
            s.weight() * Math.pow(2, -(double) (AT - s.timestamp()) / (6 * HOUR)),
            Double::sum);
      }
      work.sendAll(producer, cluster.topic, sent);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(120));
      long retained;
      try (Connection c = DriverManager.getConnection("jdbc:tidal:remote:url=" + n1.url());
          Statement st = c.createStatement()) {
        st.execute("CHECKPOINT"); // prunes the retained signals older than the horizon
        try (ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM signals WHERE signal_type = 'click'")) {
          rs.next();
          retained = rs.getLong(1);
        }
      }
      assertThat(retained).as("signals retained after folding").isLessThan(n / 4);
      assertEqualsOracle(cluster, oracle, "one node");

      // n1 leaves (publishing its partitions), then n2 takes them all from the snapshots: one
      // rebalance, not the two of a join followed by a leave (RebalanceTest covers those)
      n1.close();
      cluster.nodes.remove(n1);
      ClusterNode n2 = cluster.addNode();
      cluster.awaitCaughtUp(work, Duration.ofSeconds(120));
      assertThat(n2.held()).hasSize(3);
      assertThat(n2.clusterStats().get("cluster_snapshots_restored"))
          .as("partitions restored from snapshots")
          .isEqualTo(3L);
      assertEqualsOracle(cluster, oracle, "after the hand-off");
    }
  }

  private static void assertEqualsOracle(
      ClusterFixture cluster, Map<String, Double> oracle, String when) throws Exception {
    List<List<Object>> expected = new ArrayList<>();
    oracle.entrySet().stream()
        .sorted(
            (a, b) ->
                a.getValue().equals(b.getValue())
                    ? a.getKey().compareTo(b.getKey())
                    : Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> expected.add(List.of(e.getKey(), e.getValue())));
    try (Connection c = DriverManager.getConnection(cluster.clusterUrl(30_000))) {
      ClusterFixture.assertSameRows(ClusterFixture.rows(c, QUERY), expected, when);
    }
  }
}
