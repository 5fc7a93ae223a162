package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tidal server DIR --kafka bootstrap=...,topic=...,group=...} (the command line's main
 * class in a child JVM, with this module on its class path): the served database ingests the topic,
 * and a remote client sees the signals.
 */
class ServerKafkaTest {
  @TempDir Path tmp;

  @Test
  void serverWithKafkaOptionIngestsTheTopicAndServesIt() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "srv-" + System.nanoTime();
    broker.createTopics(Map.of(topic, 2));
    Path db = Files.createDirectory(tmp.resolve("db"));
    Workload.createSchema("jdbc:tidal:" + db);
    int n = 25;
    try (var producer = broker.producer()) {
      for (int i = 0; i < n; i++) {
        producer
            .send(
                new ProducerRecord<>(
                    topic,
                    SignalCodec.toBinary(
                        new KafkaSignal("view", "i" + (i % 5), null, 1.0, Workload.T0 + i, null))))
            .get();
      }
    }
    ChildJvm server =
        ChildJvm.start(
            io.tidal.cli.Main.class,
            List.of("-Xmx256m"),
            KafkaBroker.logDir("ServerKafkaTest").resolve("server.log"),
            "server",
            db.toString(),
            "--port",
            "0",
            "--kafka",
            "bootstrap=" + broker.bootstrap() + ",topic=" + topic + ",group=srv");
    try {
      assertThat(server.awaitLine("  kafka:", Duration.ofSeconds(60)))
          .as("see %s", server.log())
          .contains("topic=" + topic);
      String clients = server.awaitLine("  clients:", Duration.ofSeconds(60));
      assertThat(clients).as("see %s", server.log()).isNotNull();
      String url = clients.substring(clients.indexOf("jdbc:")).strip();
      // The ingest runs on its own; wait (bounded) for its stored offsets to reach the end.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long count;
      try (Connection c = DriverManager.getConnection(url)) {
        do {
          count = offsetsSum(c);
        } while (count < n && System.nanoTime() < deadline && pause());
        assertThat(count).as("stored next offsets, see %s", server.log()).isEqualTo(n);
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM signals")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(n);
        }
      }
    } finally {
      server.kill();
    }
  }

  private static long offsetsSum(Connection c) throws Exception {
    try (ResultSet rs =
        c.createStatement()
            .executeQuery("SELECT COALESCE(SUM(next_offset), 0) FROM " + OffsetTable.TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A short pause between two reads of a remote server's progress (no event to wait on). */
  private static boolean pause() throws InterruptedException {
    Thread.sleep(100);
    return true;
  }
}
