package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across kill -9 of cluster nodes: two node JVMs share a 4-partition topic; in each
 * round more records are produced (every one acknowledged by Kafka) and a random node is killed
 * at a random moment and restarted on its directory (its partitions move to the other node and
 * back, through snapshots, the node's own state and replays). At the end every record is counted
 * exactly once: the cluster's per-entity counts equal the brute-force oracle over the produced
 * records (first of each dedup key). Seed printed; {@code -Pcluster} runs 8 rounds instead of 2.
 */
class ClusterExactlyOnceTest {
  private static final boolean LONG = Boolean.getBoolean("tidal.cluster.long");

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedRecordIsCountedOnceAcrossKillNineOfNodes() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println(
        "ClusterExactlyOnceTest seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "ceo-" + Long.toHexString(seed);
    broker.createTopics(Map.of(topic, 4));
    Workload work = new Workload(seed, 200);
    int rounds = LONG ? 8 : 2;
    int perRound = 1000 / rounds;
    ChildJvm[] nodes = new ChildJvm[2];
    String[] urls = new String[2];
    int[] starts = {0, 0};
    try (var producer = broker.producer()) {
      for (int i = 0; i < 2; i++) {
        nodes[i] = start(broker, topic, i, starts[i]++);
        urls[i] = url(nodes[i]);
      }
      for (int round = 0; round < rounds; round++) {
        work.produce(producer, topic, perRound);
        int victim = rnd.nextInt(2);
        Thread.sleep(rnd.nextInt(3000)); // the crash point
        nodes[victim].kill();
        System.out.println("ClusterExactlyOnceTest round " + round + ": killed n" + victim);
        nodes[victim] = start(broker, topic, victim, starts[victim]++);
        urls[victim] = url(nodes[victim]);
      }
      ClusterWatch watch = new ClusterWatch(List.of(urls));
      Map<Integer, Long> end = new HashMap<>();
      for (Workload.Sent s : work.sent) {
        end.merge(s.partition(), s.offset() + 1, Math::max);
      }
      System.out.println(
          "ClusterExactlyOnceTest: " + watch.awaitCaughtUp(end, Duration.ofSeconds(120)));
      Map<Integer, Long> all = new HashMap<>();
      end.forEach(all::put);
      Map<String, Long> expected = new TreeMap<>();
      work.expected(all).forEach((id, t) -> expected.put(id, t.count()));
      Map<String, Long> actual = new TreeMap<>();
      try (Connection c = DriverManager.getConnection(watch.clusterUrl(30_000));
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT id, WINDOWED_COUNT(id, 'view', INTERVAL '7' DAY, "
                      + ClusterFixture.AT
                      + ") AS c FROM items ORDER BY id")) {
        while (rs.next()) {
          actual.put(rs.getString(1), rs.getLong(2));
        }
      }
      assertThat(actual).isEqualTo(expected);
      System.out.println(
          "ClusterExactlyOnceTest: "
              + work.sent.size()
              + " records, "
              + expected.values().stream().mapToLong(Long::longValue).sum()
              + " signals after dedup, "
              + rounds
              + " kills, each counted once");
    } finally {
      for (ChildJvm n : nodes) {
        if (n != null) {
          n.kill();
        }
      }
    }
  }

  private ChildJvm start(KafkaBroker broker, String topic, int i, int run) throws Exception {
    Path dir = tmp.resolve("n" + i);
    return ChildJvm.start(
        ClusterNodeMain.class,
        List.of("-Xmx256m"),
        KafkaBroker.logDir("ClusterExactlyOnceTest").resolve(topic + "-n" + i + "-" + run + ".log"),
        dir.toString(),
        broker.bootstrap(),
        topic,
        "g-" + topic,
        Files.createDirectories(tmp.resolve("snapshots")).toString(),
        "n" + i,
        String.join(
            ";",
            "CREATE TABLE items (id VARCHAR PRIMARY KEY)",
            "CREATE TABLE users (uid BIGINT PRIMARY KEY)",
            "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR)"
                + " WINDOW (INTERVAL '7' DAY)",
            "CREATE SIGNAL TYPE follow ON users HALF_LIFE (INTERVAL '1' DAY)"
                + " WINDOW (INTERVAL '7' DAY)"));
  }

  private static String url(ChildJvm node) throws InterruptedException {
    String line = node.awaitLine("url ", Duration.ofSeconds(120));
    assertThat(line).as("node started, see %s", node.log()).isNotNull();
    return line.substring(4).strip();
  }
}
