package io.tidal.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Test data and its oracle: random signals produced to a topic (keyed by entity id, half JSON and
 * half binary), remembered with the partition and offset Kafka acknowledged, and the brute-force
 * per-entity count and weight sum over any prefix of each partition.
 */
final class Workload {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final int ITEMS = 40;

  /** One acknowledged record. */
  record Sent(KafkaSignal signal, int partition, long offset) {}

  /** Per entity: signals counted and their weight sum. */
  record Tally(long count, double weight) {}

  final List<Sent> sent = new ArrayList<>();
  private final Random rnd;
  private final int items;

  Workload(long seed) {
    this(seed, ITEMS);
  }

  /** Signals on {@code items} entities i0..i(items-1). */
  Workload(long seed, int items) {
    this.rnd = new Random(seed);
    this.items = items;
  }

  static void createSchema(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
      s.execute("CREATE TABLE users (uid BIGINT PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR)"
              + " WINDOW (INTERVAL '7' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE follow ON users HALF_LIFE (INTERVAL '1' DAY)"
              + " WINDOW (INTERVAL '7' DAY)");
      // one hour of retention: older signals survive only folded into decay values
      s.execute(
          "CREATE SIGNAL TYPE click ON items HALF_LIFE (INTERVAL '6' HOUR)"
              + " WINDOW (INTERVAL '1' HOUR) RETAIN INTERVAL '1' HOUR");
    }
  }

  KafkaSignal randomSignal() {
    String entity = "i" + rnd.nextInt(items);
    double weight = rnd.nextInt(8) - 2 + (rnd.nextBoolean() ? 0.5 : 0.0);
    long ts = T0 + rnd.nextInt(86_400_000);
    String actor = rnd.nextInt(3) == 0 ? "u" + rnd.nextInt(100) : null;
    // a few dedup keys, some repeated on purpose (the database drops the repeats, so does the
    // oracle)
    String dedup = rnd.nextInt(10) == 0 ? "k" + rnd.nextInt(30) : null;
    return new KafkaSignal("view", entity, actor, weight, ts, dedup);
  }

  /** Produces {@code n} random signals and waits for Kafka's acknowledgement of every one. */
  void produce(KafkaProducer<byte[], byte[]> producer, String topic, int n) throws Exception {
    List<KafkaSignal> signals = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      KafkaSignal s = randomSignal();
      byte[] value = rnd.nextBoolean() ? SignalCodec.toJson(s) : SignalCodec.toBinary(s);
      signals.add(s);
      acks.add(producer.send(new ProducerRecord<>(topic, s.entityId().getBytes(), value)));
    }
    producer.flush();
    for (int i = 0; i < n; i++) {
      RecordMetadata md = acks.get(i).get();
      sent.add(new Sent(signals.get(i), md.partition(), md.offset()));
    }
  }

  /** Produces {@code signals} (binary, keyed by entity id) and records each acknowledged one. */
  void sendAll(KafkaProducer<byte[], byte[]> producer, String topic, List<KafkaSignal> signals)
      throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (KafkaSignal s : signals) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic,
                  s.entityId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  SignalCodec.toBinary(s))));
    }
    producer.flush();
    for (int i = 0; i < signals.size(); i++) {
      RecordMetadata md = acks.get(i).get();
      sent.add(new Sent(signals.get(i), md.partition(), md.offset()));
    }
  }

  /**
   * The oracle: per entity, the signals among the records before {@code next.get(partition)}, the
   * first of each (type, entity, dedup key) only.
   */
  Map<String, Tally> expected(Map<Integer, Long> next) {
    List<Sent> ordered = new ArrayList<>(sent);
    ordered.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    Map<String, Tally> out = new TreeMap<>();
    Set<String> keys = new HashSet<>();
    for (Sent s : ordered) {
      if (s.offset() >= next.getOrDefault(s.partition(), 0L)) {
        continue;
      }
      KafkaSignal k = s.signal();
      if (k.dedupKey() != null && !keys.add(k.type() + "|" + k.entityId() + "|" + k.dedupKey())) {
        continue;
      }
      out.merge(
          k.entityId(),
          new Tally(1, k.weight()),
          (a, b) -> new Tally(a.count() + b.count(), a.weight() + b.weight()));
    }
    return out;
  }

  /** What the database holds: per entity, its retained signals counted (a full scan). */
  static Map<String, Tally> actual(Connection c) throws SQLException {
    Map<String, Tally> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT entity_id, COUNT(*), SUM(weight) FROM signals WHERE signal_type = 'view'"
                    + " GROUP BY entity_id")) {
      while (rs.next()) {
        out.put(rs.getString(1), new Tally(rs.getLong(2), rs.getDouble(3)));
      }
    }
    return out;
  }

  /** The stored next offsets of {@code topic}. */
  static Map<Integer, Long> storedOffsets(Connection c, String topic) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (var ps =
        c.prepareStatement(
            "SELECT partition_id, next_offset FROM " + OffsetTable.TABLE + " WHERE topic = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return out;
  }
}
