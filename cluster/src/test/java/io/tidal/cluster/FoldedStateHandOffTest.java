package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
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
  @TempDir Path tmp;

  @Test
  void scoresOfFoldedSignalsMoveWithTheirPartition() throws Exception {
    long seed = System.nanoTime();
    System.out.println("FoldedStateHandOffTest seed " + seed);
    Random rnd = new Random(seed);
    try (ClusterFixture cluster = new ClusterFixture(tmp, "fold-" + seed, 3);
        KafkaProducer<byte[], byte[]> producer = cluster.broker.producer()) {
      ClusterNode n1 = cluster.addNode();
      Workload work = new Workload(seed);
      Map<String, Double> oracle =
          HandOffCrashTest.produceFolded(work, producer, cluster.topic, rnd);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(120));
      HandOffCrashTest.checkpointFolded(n1.url()); // prunes: most survive only folded
      HandOffCrashTest.assertScores(cluster.clusterUrl(30_000), oracle, "one node");

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
      HandOffCrashTest.assertScores(cluster.clusterUrl(30_000), oracle, "after the hand-off");
    }
  }
}
