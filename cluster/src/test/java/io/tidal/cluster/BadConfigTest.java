package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad --kafka option is refused naming the bad key or value; an unreachable broker and a
 * missing topic are retried, counted and described while the database keeps answering queries,
 * and once the topic appears its records are consumed: nothing is lost.
 */
class BadConfigTest {
  @TempDir Path tmp;

  @Test
  void aBadOptionIsRefusedNamingIt() {
    assertThatThrownBy(() -> KafkaIngestConfig.parse("bootstrap=h:1,group=g"))
        .hasMessageContaining("topic is required");
    assertThatThrownBy(() -> KafkaIngestConfig.parse("bootstrap=nohost,topic=t,group=g"))
        .hasMessageContaining("bootstrap server 'nohost' is not host:port");
    assertThatThrownBy(() -> KafkaIngestConfig.parse("bootstrap=h:1,topic=t,group=g,colour=red"))
        .hasMessageContaining("unknown --kafka key 'colour'");
    assertThatThrownBy(() -> KafkaIngestConfig.parse("bootstrap=h:1,topic=a b,group=g"))
        .hasMessageContaining("topic 'a b' is not a Kafka topic name");
    assertThatThrownBy(() -> KafkaIngestConfig.parse("bootstrap=h:1,topic=t,group=g,dlq=t"))
        .hasMessageContaining("must differ from topic 't'");
    assertThatThrownBy(
            () -> KafkaIngestConfig.parse("bootstrap=h:1,topic=t,group=g,max_poll_records=0"))
        .hasMessageContaining("max_poll_records must be 1..100000, got 0");
    assertThatThrownBy(() -> KafkaIngestConfig.parse("bootstrap=h:1,topic=t,topic=u,group=g"))
        .hasMessageContaining("'topic' is given twice");
    KafkaIngestConfig ok = KafkaIngestConfig.parse("bootstrap=a:1;b:2,topic=s,group=g");
    assertThat(ok.kafkaBootstrap()).isEqualTo("a:1,b:2");
    assertThat(ok.deadLetterTopic()).isEqualTo("s.dlq");
  }

  @Test
  void anUnreachableBrokerIsCountedAndDescribedWhileTheDatabaseServes() throws Exception {
    String url = database();
    int port = KafkaBroker.freePort(); // nothing listens there
    KafkaIngestConfig config =
        new KafkaIngestConfig("127.0.0.1:" + port, "signals", "g")
            .withRetryBackoff(Duration.ofMillis(100));
    try (KafkaIngest ingest = KafkaIngest.start(url, config)) {
      assertThat(ingest.awaitStats(s -> s.brokerErrors() >= 1, Duration.ofSeconds(30)))
          .as("%s", ingest.stats())
          .isTrue();
      IngestStats st = ingest.stats();
      assertThat(st.state()).isEqualTo("retrying");
      assertThat(st.lastError()).contains("cannot reach Kafka at 127.0.0.1:" + port);
      assertServing(url);
      assertThat(sysStat(url, "kafka_broker_errors")).isPositive();
    }
  }

  @Test
  void aMissingTopicIsCountedAndItsRecordsAreConsumedOnceItExists() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String url = database();
    String topic = "late-" + System.nanoTime();
    KafkaIngestConfig config =
        new KafkaIngestConfig(broker.bootstrap(), topic, "g")
            .withRetryBackoff(Duration.ofMillis(100));
    try (KafkaIngest ingest = KafkaIngest.start(url, config)) {
      assertThat(ingest.awaitStats(s -> s.topicErrors() >= 1, Duration.ofSeconds(30)))
          .as("%s", ingest.stats())
          .isTrue();
      assertThat(ingest.stats().lastError())
          .contains("topic '" + topic + "' does not exist at " + broker.bootstrap());
      assertServing(url);
      assertThat(sysStat(url, "kafka_topic_errors")).isPositive();

      broker.createTopics(Map.of(topic, 2));
      try (var producer = broker.producer()) {
        for (int i = 0; i < 10; i++) {
          producer
              .send(
                  new ProducerRecord<>(
                      topic,
                      SignalCodec.toJson(
                          new KafkaSignal("view", "i" + i, null, 1.0, Workload.T0 + i, null))))
              .get();
        }
      }
      assertThat(ingest.awaitStats(s -> s.applied() == 10, Duration.ofSeconds(60)))
          .as("%s", ingest.stats())
          .isTrue();
      assertThat(ingest.stats().state()).isEqualTo("running");
    }
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM signals")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(10);
    }
  }

  private String database() throws Exception {
    Path db = Files.createDirectory(tmp.resolve("db"));
    String url = "jdbc:tidal:" + db;
    Workload.createSchema(url);
    return url;
  }

  /** A row of sys.stats, read through SQL. */
  static long sysStat(String url, String name) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        var ps = c.prepareStatement("SELECT \"VALUE\" FROM sys.stats WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("sys.stats row %s", name).isTrue();
        return rs.getLong(1);
      }
    }
  }

  /** A query on another connection answers while the ingest is failing. */
  private static void assertServing(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sys.signal_types")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(3); // view, follow, click (Workload.createSchema)
    }
  }
}
