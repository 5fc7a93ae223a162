package io.tidal.cluster;

import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.Transaction;
import io.tidal.schema.EntityTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A cluster node's copy of every entity row: consumes the whole compacted {@code <topic>.entities}
 * topic ({@link EntityRecords}; manual assignment of all its partitions, not the group: every node
 * needs every row) and applies each poll's records in topic order as one transaction of the
 * engine's Java API together with the next offsets ({@code tidal_kafka_offsets}, topic {@code
 * <topic>.entities}): the exactly-once mechanism of the signals, so every node applies the same
 * changes in the same order and ends with the same rows. A row image replaces the row (or creates
 * it); a tombstone deletes it (and, on the entity's owner, its signals, as a row delete does). A
 * record that does not decode, names an unknown table or is refused by the database is skipped
 * and counted ({@code kafka_bad_payloads}), never stops the topic. Batches run under the node's
 * write lock, so they never interleave with a signal batch or a partition hand-off.
 */
final class EntityReplica implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaIngestConfig config;
  private final String topic;
  private final String name;
  private final Connection conn;
  private final Lock writes;
  private final Counters counters;
  private final Map<Integer, Long> next = new ConcurrentHashMap<>();
  private final AtomicLong deletes = new AtomicLong();
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  EntityReplica(
      KafkaIngestConfig config, String name, Connection conn, Lock writes, Counters counters) {
    this.config = config;
    this.topic = EntityRecords.topic(config.topic());
    this.name = name;
    this.conn = conn;
    this.writes = writes;
    this.counters = counters;
  }

  /** The next offset to apply per partition of the entities topic (what this node has applied). */
  Map<Integer, Long> applied() {
    return Map.copyOf(next);
  }

  /** How many row deletes were applied (the signal ingest then forgets its known rows). */
  long deletes() {
    return deletes.get();
  }

  @Override
  public void run() {
    SessionLoop.run(() -> running, this::session, counters, config.retryBackoff(), "entity rows");
  }

  private void session() throws SQLException {
    Properties p = IngestLoop.consumerProps(config);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tidal-entities-" + name);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      if (!running) {
        return;
      }
      IngestLoop.ensureTopic(config, topic, 1, Map.of("cleanup.policy", "compact"));
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      c.assign(parts);
      OffsetTable offsets = new OffsetTable(conn);
      Map<Integer, Long> stored = offsets.load(topic);
      for (TopicPartition tp : parts) {
        Long o = stored.get(tp.partition());
        if (o == null) {
          c.seekToBeginning(List.of(tp));
          next.put(tp.partition(), 0L);
        } else {
          c.seek(tp, o);
          next.put(tp.partition(), o);
        }
      }
      while (running) {
        ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
        if (!records.isEmpty()) {
          apply(records);
        }
      }
    } finally {
      consumer = null;
    }
  }

  /** One poll's records and their next offsets, in one transaction (per record if refused). */
  private void apply(ConsumerRecords<byte[], byte[]> records) throws SQLException {
    TidalDB db = conn.unwrap(TidalDB.class);
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    records.forEach(all::add);
    writes.lock();
    try {
      try (Transaction tx = db.begin()) {
        for (ConsumerRecord<byte[], byte[]> r : all) {
          write(db, tx, r);
        }
        offsets(tx, all);
        tx.commit();
      } catch (TidalException e) {
        // one record the database refuses (a NOT NULL column, a unique value) fails the batch:
        // apply it record by record so only that one is skipped
        for (ConsumerRecord<byte[], byte[]> r : all) {
          try (Transaction tx = db.begin()) {
            write(db, tx, r);
            offsets(tx, List.of(r));
            tx.commit();
          } catch (TidalException refused) {
            bad(r, refused.getMessage());
            try (Transaction tx = db.begin()) {
              offsets(tx, List.of(r));
              tx.commit();
            }
          }
        }
      }
    } catch (TidalException e) {
      throw new SQLException(
          "cannot apply entity rows: " + e.getMessage(), io.tidal.sql.SqlStates.IO_ERROR, e);
    } finally {
      writes.unlock();
    }
    for (ConsumerRecord<byte[], byte[]> r : all) {
      next.put(r.partition(), r.offset() + 1);
    }
    counters.changed();
  }

  private void write(TidalDB db, Transaction tx, ConsumerRecord<byte[], byte[]> r) {
    try {
      EntityTable table = db.schema().table(EntityRecords.table(r.key())).orElse(null);
      if (table == null) {
        throw new PayloadException(
            "unknown table '" + EntityRecords.table(r.key()) + "' in entity record");
      }
      Object key = EntityRecords.keyOf(r.key(), table);
      if (r.value() == null) {
        if (tx.deleteRow(table.name(), key)) {
          deletes.incrementAndGet();
        }
        return;
      }
      Object[] row = EntityRecords.row(r.value(), table);
      if (!key.equals(row[table.keyIndex()])) {
        throw new PayloadException(
            "entity record key " + key + " differs from its row's key " + row[table.keyIndex()]);
      }
      if (!tx.updateRow(table.name(), key, row)) {
        tx.insertRow(table.name(), row);
      }
    } catch (PayloadException e) {
      bad(r, e.getMessage());
    }
  }

  private void offsets(Transaction tx, List<ConsumerRecord<byte[], byte[]>> rs) {
    Map<Integer, Long> last = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : rs) {
      last.put(r.partition(), r.offset() + 1);
    }
    last.forEach((p, o) -> PartitionSnapshots.put(tx, topic + "/" + p, topic, p, o));
  }

  private void bad(ConsumerRecord<byte[], byte[]> r, String why) {
    counters.badPayloads.incrementAndGet();
    counters.lastError =
        "entity record " + topic + "/" + r.partition() + "@" + r.offset() + ": " + why;
    System.getLogger(EntityReplica.class.getName())
        .log(System.Logger.Level.WARNING, counters.lastError);
  }

  void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}
