package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes in the middle of a hand-off of folded ledger state (signals of {@code click}, one hour
 * of retention, two days of them: most survive only folded into decay values) lose nothing and
 * count nothing twice: after the survivor serves every partition, every entity's {@code
 * DECAY_SCORE} equals a brute-force sum over every produced signal ({@code w * 2^(-(at - ts) /
 * half-life)}).
 * <ul>
 *   <li>kill -9 of the old owner during its hand-off (after publishing the revoked partitions'
 *       snapshots, or after dropping them, before its callback returns; chosen by the seed): the
 *       joiner takes every partition after the session timeout, from the snapshots and the log;
 *   <li>kill -9 of the new owner during a restore (its snapshots restored and ledger states
 *       imported, not yet made durable by the checkpoint): its restoring markers survive the
 *       crash, and after a restart it drops those partitions and restores them again.
 * </ul>
 * Nodes that are killed run in their own JVMs ({@link StepNodeMain}), stopped at the exact step;
 * seed printed.
 */
class HandOffCrashTest {
  private static final long HOUR = 3_600_000L;
  private static final long AT = Workload.T0 + 49 * HOUR; // TIMESTAMP '2026-01-03 01:00:00'
  private static final String QUERY =
      "SELECT id, DECAY_SCORE(id, 'click', INTERVAL '6' HOUR, TIMESTAMP '2026-01-03 01:00:00')"
          + " AS s FROM items ORDER BY s DESC, id";
  private static final String MARKERS =
      "SELECT COUNT(*) FROM " + OffsetTable.TABLE + " WHERE topic LIKE '%#restoring'";

  @TempDir Path tmp;

  @Test
  void killNineOfTheOldOwnerDuringTheHandOffOfFoldedState() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println(
        "HandOffCrashTest.old seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    String step = rnd.nextBoolean() ? "revoke-published" : "revoke-dropped";
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "hoc-old-" + Long.toHexString(seed);
    broker.createTopics(Map.of(topic, 3));
    ClusterNode n2 = null;
    try (ChildJvm n1 = start(broker, topic, "n1", step);
        KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      String url1 = url(n1);
      Workload work = new Workload(seed);
      Map<String, Double> oracle = produceFolded(work, producer, topic, rnd);
      new ClusterWatch(List.of(url1)).awaitCaughtUp(ends(work), Duration.ofSeconds(120));
      checkpointFolded(url1);
      assertEqualsOracle(url1, oracle, "one node");

      n2 = inProcessNode(broker, topic, "n2"); // joins: n1 revokes some partitions ...
      assertThat(n1.awaitLine("step " + step, Duration.ofSeconds(120)))
          .as("n1 reached %s, see %s", step, n1.log())
          .isNotNull();
      n1.kill(); // ... and dies there (kill -9)
      System.out.println("HandOffCrashTest.old: n1 killed at " + step);
      System.out.println(
          "HandOffCrashTest.old: "
              + new ClusterWatch(List.of(n2.url()))
                  .awaitCaughtUp(ends(work), Duration.ofSeconds(120)));
      assertThat(n2.held()).hasSize(3);
      assertEqualsOracle(n2.url(), oracle, "after n1 died at " + step);
    } finally {
      if (n2 != null) {
        n2.close();
      }
    }
  }

  @Test
  void crashDuringARestoreRestoresThePartitionAgain() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println(
        "HandOffCrashTest.new seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "hoc-new-" + Long.toHexString(seed);
    broker.createTopics(Map.of(topic, 3));
    Workload work = new Workload(seed);
    Map<String, Double> oracle;
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      ClusterNode n1 = inProcessNode(broker, topic, "n1");
      try {
        oracle = produceFolded(work, producer, topic, rnd);
        new ClusterWatch(List.of(n1.url())).awaitCaughtUp(ends(work), Duration.ofSeconds(120));
        checkpointFolded(n1.url());
      } finally {
        n1.close(); // leaves: every partition's snapshot published, its state dropped
      }
    }
    Path dir2 = tmp.resolve("n2");
    try (ChildJvm n2 = start(broker, topic, "n2", "restore-imported")) {
      assertThat(n2.awaitLine("step restore-imported", Duration.ofSeconds(120)))
          .as("n2 restored, see %s", n2.log())
          .isNotNull();
      n2.kill();
    }
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dir2);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(MARKERS)) {
      rs.next();
      assertThat(rs.getLong(1)).as("restoring markers after the crash").isEqualTo(3);
    }
    // restarted in this JVM on the same directory (only the crash needed a JVM of its own)
    ClusterNode again =
        ClusterFixture.start(broker, topic, "g-" + topic, dir2, tmp.resolve("snapshots"), "n2");
    try {
      String url = again.url();
      System.out.println(
          "HandOffCrashTest.new: "
              + new ClusterWatch(List.of(url)).awaitCaughtUp(ends(work), Duration.ofSeconds(120)));
      assertEqualsOracle(url, oracle, "after the crash during the restore and a restart");
      try (Connection c = DriverManager.getConnection("jdbc:tidal:remote:url=" + url);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(MARKERS)) {
        rs.next();
        assertThat(rs.getLong(1)).as("restoring markers after the second restore").isZero();
      }
      assertThat(again.clusterStats().get("cluster_snapshots_restored"))
          .as("partitions restored again")
          .isEqualTo(3L);
    } finally {
      again.close();
    }
  }

  /** Two days of click signals in time order; the brute-force score of each entity at AT. */
  static Map<String, Double> produceFolded(
      Workload work, KafkaProducer<byte[], byte[]> producer, String topic, Random rnd)
      throws Exception {
    int n = 600;
    Map<String, Double> oracle = new TreeMap<>();
    List<KafkaSignal> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long ts = Workload.T0 + i * (48 * HOUR / n) + rnd.nextInt(1000);
      KafkaSignal s =
          new KafkaSignal("click", "c" + rnd.nextInt(25), null, 1 + rnd.nextInt(3), ts, null);
      sent.add(s);
      oracle.merge(
          s.entityId(),
          s.weight() * Math.pow(2, -(double) (AT - s.timestamp()) / (6 * HOUR)),
          Double::sum);
    }
    work.sendAll(producer, topic, sent);
    return oracle;
  }

  /** A checkpoint folds the signals past the retention; most must be gone from the node. */
  static void checkpointFolded(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:remote:url=" + url);
        Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
      try (ResultSet rs =
          st.executeQuery("SELECT COUNT(*) FROM signals WHERE signal_type = 'click'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("signals retained after folding").isLessThan(150);
      }
    }
  }

  private static Map<Integer, Long> ends(Workload work) {
    Map<Integer, Long> end = new HashMap<>();
    for (Workload.Sent s : work.sent) {
      end.merge(s.partition(), s.offset() + 1, Math::max);
    }
    return end;
  }

  private static void assertEqualsOracle(String nodeUrl, Map<String, Double> oracle, String when)
      throws Exception {
    assertScores(ClusterDriver.PREFIX + nodeUrl + ";wait_ms=30000", oracle, when);
  }

  /** Every entity's click DECAY_SCORE at AT through {@code clusterUrl} equals the brute force. */
  static void assertScores(String clusterUrl, Map<String, Double> oracle, String when)
      throws Exception {
    List<List<Object>> expected = new ArrayList<>();
    oracle.entrySet().stream()
        .sorted(
            (a, b) ->
                a.getValue().equals(b.getValue())
                    ? a.getKey().compareTo(b.getKey())
                    : Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> expected.add(List.of(e.getKey(), e.getValue())));
    try (Connection c = DriverManager.getConnection(clusterUrl)) {
      ClusterFixture.assertSameRows(ClusterFixture.rows(c, QUERY), expected, when);
    }
  }

  private ClusterNode inProcessNode(KafkaBroker broker, String topic, String name)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Workload.createSchema("jdbc:tidal:" + dir);
    return ClusterFixture.start(
        broker, topic, "g-" + topic, dir, Files.createDirectories(tmp.resolve("snapshots")), name);
  }

  private ChildJvm start(KafkaBroker broker, String topic, String name, String step)
      throws Exception {
    return ChildJvm.start(
        StepNodeMain.class,
        List.of("-Xmx256m"),
        KafkaBroker.logDir("HandOffCrashTest")
            .resolve(topic + "-" + name + "-" + System.nanoTime() + ".log"),
        tmp.resolve(name).toString(),
        broker.bootstrap(),
        topic,
        "g-" + topic,
        Files.createDirectories(tmp.resolve("snapshots")).toString(),
        name,
        step);
  }

  private static String url(ChildJvm node) throws InterruptedException {
    String line = node.awaitLine("url ", Duration.ofSeconds(120));
    assertThat(line).as("node started, see %s", node.log()).isNotNull();
    return line.substring(4).strip();
  }
}
