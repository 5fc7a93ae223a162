package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that cannot become signals (unparsable JSON, unknown fields, a bad binary header, an
 * empty value, an unknown signal type, an entity id that is not a BIGINT key, a NaN weight, a
 * timestamp out of range, a dedup key the database refuses in the middle of a batch) go to the
 * dead-letter topic with their reason and source offset, are
 * counted by kind, and never stop the partition: every valid record around them is recorded, and
 * the database holds exactly those (oracle over the valid records).
 */
class DeadLetterTest {
  @TempDir Path tmp;

  /** A record to produce and, for a bad one, the words its dead-letter reason must contain. */
  private record Case(byte[] value, String reason) {}

  @Test
  void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndThePartitionKeepsGoing() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "dl-" + System.nanoTime();
    broker.createTopics(Map.of(topic, 1));
    Path db = Files.createDirectory(tmp.resolve("db"));
    String url = "jdbc:tidal:" + db;
    Workload.createSchema(url);

    List<Case> cases = new ArrayList<>();
    List<KafkaSignal> valid = new ArrayList<>();
    Workload gen = new Workload(42);
    List<Case> bad =
        List.of(
            new Case(utf8("{\"type\":\"view\",\"entity\":\"i1\""), "not JSON: unexpected end"),
            new Case(
                utf8("{\"type\":\"view\",\"entity\":\"i1\",\"wieght\":2}"),
                "unknown field \"wieght\""),
            new Case(utf8("{\"type\":\"view\"}"), "field \"entity\" is missing"),
            new Case(
                utf8("{\"type\":\"view\",\"entity\":\"i1\",\"weight\":\"x\"}"),
                "\"weight\" \"x\" is not a number"),
            new Case(
                utf8("{\"v\":2,\"type\":\"view\",\"entity\":\"i1\"}"), "\"v\" 2 is not supported"),
            new Case(new byte[0], "empty record value"),
            new Case(new byte[] {(byte) 0xD1, 9, 0}, "shorter than its 19-byte header"),
            new Case(header(2, 4), "binary signal version 2"),
            new Case(utf8("{\"type\":\"nope\",\"entity\":\"i1\"}"), "unknown signal type 'nope'"),
            new Case(
                utf8("{\"type\":\"follow\",\"entity\":\"abc\"}"),
                "entity id 'abc' is not a BIGINT key"),
            new Case(
                SignalCodec.toBinary(
                    new KafkaSignal("view", "i2", null, Double.NaN, Workload.T0, null)),
                "weight NaN is not finite"),
            new Case(
                utf8("{\"type\":\"view\",\"entity\":\"i1\",\"ts\":-9000000000000000}"),
                "timestamp -9000000000000000 is outside"),
            // not pre-checked: the database refuses the batch (22018) and it is replayed record by
            // record
            new Case(
                utf8(
                    "{\"type\":\"view\",\"entity\":\"i1\",\"dedup\":\""
                        + "k".repeat(70_000)
                        + "\"}"),
                "refused by the database: dedup key of a 'view' signal must have at most 1024 UTF-8 bytes"));
    for (Case b : bad) {
      for (int i = 0; i < 3; i++) {
        KafkaSignal s = gen.randomSignal();
        valid.add(s);
        cases.add(new Case(i % 2 == 0 ? SignalCodec.toJson(s) : SignalCodec.toBinary(s), null));
      }
      cases.add(b);
    }
    KafkaSignal bigint = new KafkaSignal("follow", "77", "u1", 1.0, Workload.T0, null);
    cases.add(
        new Case(
            utf8("{\"type\":\"FOLLOW\",\"entity\":77,\"actor\":\"u1\",\"ts\":" + Workload.T0 + "}"),
            null));
    try (var producer = broker.producer()) {
      for (Case c : cases) {
        producer.send(new ProducerRecord<>(topic, c.value())).get();
      }
    }

    KafkaIngestConfig config =
        new KafkaIngestConfig(broker.bootstrap(), topic, "dl")
            .withMaxPollRecords(7)
            .withRetryBackoff(Duration.ofMillis(200));
    try (KafkaIngest ingest = KafkaIngest.start(url, config)) {
      assertThat(ingest.awaitCaughtUp(Duration.ofSeconds(60)))
          .as("caught up: %s", ingest.stats())
          .isTrue();
      IngestStats st = ingest.stats();
      System.out.println("DeadLetterTest: " + st);
      assertThat(st.deadLettered()).isEqualTo(bad.size());
      assertThat(st.unknownTypes()).isEqualTo(1);
      assertThat(st.invalidSignals()).isEqualTo(4);
      assertThat(st.badPayloads()).isEqualTo(bad.size() - 5);
      assertThat(st.applied()).isEqualTo(valid.size() + 1);
      assertThat(BadConfigTest.sysStat(url, "kafka_dead_lettered")).isEqualTo(bad.size());
      assertThat(BadConfigTest.sysStat(url, "kafka_unknown_types")).isEqualTo(1);
      assertThat(BadConfigTest.sysStat(url, "kafka_lag")).isZero();
      try (Connection c = DriverManager.getConnection(url)) {
        Workload oracle = new Workload(0);
        for (KafkaSignal s : valid) {
          oracle.sent.add(new Workload.Sent(s, 0, 0));
        }
        assertThat(Workload.actual(c)).isEqualTo(oracle.expected(Map.of(0, 1L)));
        assertThat(Workload.storedOffsets(c, topic)).isEqualTo(Map.of(0, (long) cases.size()));
        try (var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM signals WHERE signal_type = 'follow' AND entity_id = '77'")) {
          rs.next();
          assertThat(rs.getLong(1)).as(bigint.toString()).isEqualTo(1);
        }
      }
    }

    List<ConsumerRecord<byte[], byte[]>> letters =
        readAll(broker, config.deadLetterTopic(), bad.size());
    Map<Long, String> expectedReasons = new TreeMap<>();
    for (int i = 0; i < cases.size(); i++) {
      if (cases.get(i).reason() != null) {
        expectedReasons.put((long) i, cases.get(i).reason());
      }
    }
    assertThat(letters).hasSize(bad.size());
    for (ConsumerRecord<byte[], byte[]> r : letters) {
      String source = header(r, "tidal.source");
      long offset = Long.parseLong(source.substring(source.lastIndexOf('/') + 1));
      assertThat(source).isEqualTo(topic + "/0/" + offset);
      assertThat(header(r, "tidal.reason")).contains(expectedReasons.get(offset));
      assertThat(r.value()).isEqualTo(cases.get((int) offset).value());
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker broker, String topic, int n) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      assertThat(end).as("records on %s", topic).isEqualTo(n);
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A binary header with the given version and flags and nothing after it. */
  private static byte[] header(int version, int flags) {
    return ByteBuffer.allocate(19)
        .put((byte) 0xD1)
        .put((byte) version)
        .put((byte) flags)
        .putDouble(1.0)
        .putLong(0)
        .array();
  }
}
