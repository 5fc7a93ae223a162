package io.tidal.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Applies one poll's records: the valid signals and the partitions' next offsets in one database
 * transaction (one WAL batch); records that are not valid signals go to the dead-letter topic first.
 * If the database refuses the batch for a reason of the data (SQLState class 22 or 23) it is
 * rolled back and replayed one record per transaction, so the record at fault is dead-lettered
 * alone and the partition keeps going; any other failure is thrown (the caller rolls back, re-reads
 * the stored offsets and retries: nothing is lost or applied twice).
 */
final class BatchApplier {
  static final String INSERT =
      "INSERT INTO signals (signal_type, entity_id, weight, ts,"
          + " dedup_key, actor_id) VALUES (?, ?, ?, ?, ?, ?)";

  private record Good(ConsumerRecord<byte[], byte[]> record, KafkaSignal signal) {}

  private final Connection conn;
  private final SignalCheck check;
  private final DeadLetters dead;
  private final OffsetTable offsets;
  private final Counters counters;
  private final PreparedStatement insert;
  private final EntityRows rows;

  BatchApplier(
      Connection conn, SignalCheck check, DeadLetters dead, OffsetTable offsets, Counters counters)
      throws SQLException {
    this(conn, check, dead, offsets, counters, null);
  }

  /** With {@code rows} (a cluster node): each signal's entity row is created if missing. */
  BatchApplier(
      Connection conn,
      SignalCheck check,
      DeadLetters dead,
      OffsetTable offsets,
      Counters counters,
      EntityRows rows)
      throws SQLException {
    this.rows = rows;
    this.conn = conn;
    this.check = check;
    this.dead = dead;
    this.offsets = offsets;
    this.counters = counters;
    conn.setAutoCommit(false);
    this.insert = conn.prepareStatement(INSERT);
  }

  /** Applies {@code records}; returns the next offset stored per partition. */
  Map<TopicPartition, Long> apply(ConsumerRecords<byte[], byte[]> records) throws SQLException {
    List<Good> good = new ArrayList<>();
    Map<TopicPartition, Long> next = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      counters.consumed.incrementAndGet();
      next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
      KafkaSignal s = screen(r);
      if (s != null) {
        good.add(new Good(r, s));
      }
    }
    dead.flush();
    try {
      commit(good, next);
    } catch (SQLException e) {
      rollback();
      if (!dataError(e)) {
        throw e;
      }
      oneByOne(good, next);
    }
    return next;
  }

  /** The record's signal, or null after dead-lettering it. */
  private KafkaSignal screen(ConsumerRecord<byte[], byte[]> r) throws SQLException {
    KafkaSignal s;
    try {
      s = SignalCodec.decode(r.value(), r.timestamp());
    } catch (PayloadException e) {
      counters.badPayloads.incrementAndGet();
      deadLetter(r, e.getMessage());
      return null;
    }
    SignalCheck.Problem p = check.problem(s);
    if (p != null) {
      (p.unknownType() ? counters.unknownTypes : counters.invalidSignals).incrementAndGet();
      deadLetter(r, p.reason());
      return null;
    }
    return s;
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
    counters.deadLettered.incrementAndGet();
    dead.send(r, reason);
  }

  private void commit(List<Good> good, Map<TopicPartition, Long> next) throws SQLException {
    if (rows != null) {
      for (Good g : good) {
        rows.stage(g.signal());
      }
      rows.write();
    }
    for (Good g : good) {
      bind(g.signal());
      insert.addBatch();
    }
    if (!good.isEmpty()) {
      insert.executeBatch();
    }
    for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
      offsets.stage(e.getKey().topic(), e.getKey().partition(), e.getValue());
    }
    conn.commit();
    offsets.committed();
    if (rows != null) {
      rows.committed();
    }
    counters.batches.incrementAndGet();
    counters.applied.addAndGet(good.size());
    counters.onBatch.run();
    counters.changed();
  }

  /** One transaction per record after a refused batch; the refused record is dead-lettered. */
  private void oneByOne(List<Good> good, Map<TopicPartition, Long> next) throws SQLException {
    for (Good g : good) {
      ConsumerRecord<byte[], byte[]> r = g.record();
      try {
        commit(List.of(g), Map.of(new TopicPartition(r.topic(), r.partition()), r.offset() + 1));
      } catch (SQLException e) {
        rollback();
        if (!dataError(e)) {
          throw e;
        }
        counters.invalidSignals.incrementAndGet();
        deadLetter(
            r,
            "refused by the database: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
        dead.flush();
      }
    }
    commit(List.of(), next);
  }

  private void bind(KafkaSignal s) throws SQLException {
    bind(insert, s);
  }

  /** Binds {@code s} to the parameters of {@link #INSERT}. */
  static void bind(PreparedStatement insert, KafkaSignal s) throws SQLException {
    insert.setString(1, s.type());
    insert.setString(2, s.entityId());
    insert.setDouble(3, s.weight());
    insert.setLong(4, s.timestamp());
    insert.setString(5, s.dedupKey());
    insert.setString(6, s.actorId());
  }

  private void rollback() throws SQLException {
    insert.clearBatch();
    offsets.rolledBack();
    if (rows != null) {
      rows.rolledBack();
    }
    conn.rollback();
  }

  private static boolean dataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }
}
