package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across kill -9: a tidal node in a child JVM consumes a 3-partition topic while it is
 * killed at random moments; between kills more records are produced (every one acknowledged by
 * Kafka). After each kill the database is opened and must hold exactly the signals of the records
 * before its stored offsets (brute-force oracle over the produced records, dedup keys included):
 * the offsets and the signals were made durable together. After a last run to the end of the
 * topic, every record is counted exactly once. {@code -Pcluster} (or -Ptorture) runs 25 rounds
 * instead of 5.
 */
class ExactlyOnceTest {
  private static final boolean LONG =
      Boolean.getBoolean("tidal.torture") || Boolean.getBoolean("tidal.cluster.long");

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedRecordIsCountedOnceAcrossKillNine() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println("ExactlyOnceTest seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "eo-" + Long.toHexString(seed);
    broker.createTopics(Map.of(topic, 3));
    Path db = Files.createDirectory(tmp.resolve("db"));
    String url = "jdbc:tidal:" + db;
    Workload.createSchema(url);
    Workload work = new Workload(seed);
    int rounds = LONG ? 25 : 5;
    int perRound = 250;
    int kills = 0;
    int midStream = 0;
    try (var producer = broker.producer()) {
      for (int round = 0; round < rounds; round++) {
        work.produce(producer, topic, perRound);
        ChildJvm node = startNode(broker, db, topic, 5 + rnd.nextInt(40), "run", round);
        // odd rounds crash anywhere from the start on, even rounds once batches are committing
        String after = round % 2 == 1 ? "started" : "batch";
        assertThat(node.awaitLine(after, Duration.ofSeconds(60)))
            .as("node %s, see %s", after, node.log())
            .isNotNull();
        Thread.sleep(rnd.nextInt(after.equals("started") ? 6000 : 150)); // the crash point
        node.kill();
        kills++;
        if (checkPrefix(url, topic, work, "after kill " + kills) < work.sent.size()) {
          midStream++;
        }
      }
      ChildJvm last = startNode(broker, db, topic, 500, "drain", rounds);
      assertThat(last.awaitLine("caught-up", Duration.ofSeconds(90)))
          .as("final drain, see %s", last.log())
          .isNotNull();
      assertThat(last.waitFor(30)).isZero();
    }
    try (Connection c = DriverManager.getConnection(url)) {
      Map<Integer, Long> stored = Workload.storedOffsets(c, topic);
      for (Workload.Sent s : work.sent) {
        assertThat(stored.get(s.partition()))
            .as("partition %d fully consumed", s.partition())
            .isGreaterThan(s.offset());
      }
      assertThat(Workload.actual(c)).isEqualTo(work.expected(stored));
      long total = work.expected(stored).values().stream().mapToLong(Workload.Tally::count).sum();
      System.out.println(
          "ExactlyOnceTest: "
              + work.sent.size()
              + " records, "
              + total
              + " signals after dedup, "
              + kills
              + " kills, "
              + midStream
              + " of them mid-stream");
    }
  }

  private static ChildJvm startNode(
      KafkaBroker broker, Path db, String topic, int maxPoll, String mode, int round)
      throws Exception {
    return ChildJvm.start(
        IngestNodeMain.class,
        List.of("-Xmx256m"),
        KafkaBroker.logDir("ExactlyOnceTest").resolve("node-" + round + ".log"),
        db.toString(),
        broker.bootstrap(),
        topic,
        "tidal",
        Integer.toString(maxPoll),
        mode);
  }

  /** The database holds exactly the records before its stored offsets; returns how many. */
  private static long checkPrefix(String url, String topic, Workload work, String when)
      throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      Map<Integer, Long> stored = Workload.storedOffsets(c, topic);
      System.out.println("ExactlyOnceTest " + when + ": stored offsets " + stored);
      assertThat(Workload.actual(c))
          .as(when + ", offsets " + stored)
          .isEqualTo(work.expected(stored));
      return stored.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
