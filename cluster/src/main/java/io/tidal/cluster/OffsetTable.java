package io.tidal.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumed positions, kept in the database itself: table {@value #TABLE}, one row per topic
 * partition holding the offset of the next record to apply. A batch's signals and its rows here are
 * written in one transaction, which the engine logs as one WAL batch (all or nothing at recovery)
 * and persists in its checkpoints like any row: so the stored position always matches the
 * signals recorded. Nothing else in the database knows about Kafka.
 */
final class OffsetTable {
  static final String TABLE = "tidal_kafka_offsets";

  private final Connection conn;
  private final Set<String> present = new HashSet<>();
  private final Set<String> staged = new HashSet<>();
  private PreparedStatement update;
  private PreparedStatement insert;

  OffsetTable(Connection conn) {
    this.conn = conn;
  }

  /** Creates the table if missing (DDL: its own durable statement, outside any transaction). */
  static void create(Connection conn) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLE
              + " (id VARCHAR PRIMARY KEY,"
              + " topic VARCHAR NOT NULL, partition_id INTEGER NOT NULL, next_offset BIGINT NOT NULL)");
    }
  }

  /** The stored next offset per partition of {@code topic}. */
  Map<Integer, Long> load(String topic) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT id, partition_id, next_offset FROM " + TABLE + " WHERE topic = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          present.add(rs.getString(1));
          out.put(rs.getInt(2), rs.getLong(3));
        }
      }
    }
    return out;
  }

  /** Writes a partition's next offset into the open transaction. */
  void stage(String topic, int partition, long next) throws SQLException {
    String id = topic + "/" + partition;
    if (present.contains(id) || staged.contains(id)) {
      if (update == null) {
        update = conn.prepareStatement("UPDATE " + TABLE + " SET next_offset = ? WHERE id = ?");
      }
      update.setLong(1, next);
      update.setString(2, id);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    if (insert == null) {
      insert =
          conn.prepareStatement(
              "INSERT INTO "
                  + TABLE
                  + " (id, topic, partition_id, next_offset) VALUES (?, ?, ?, ?)");
    }
    insert.setString(1, id);
    insert.setString(2, topic);
    insert.setInt(3, partition);
    insert.setLong(4, next);
    insert.executeUpdate();
    staged.add(id);
  }

  /**
   * The id of the marker row that says a partition's restore is not durable yet (its ledger
   * states were imported after the restore's transaction and are durable only at the next
   * checkpoint): a partition with the marker is dropped and restored again.
   */
  static String restoringId(String topic, int partition) {
    return topic + "/" + partition + "#restoring";
  }

  /** The partitions of {@code topic} whose restore did not complete (a crash in between). */
  List<Integer> restoring(String topic) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT partition_id FROM " + TABLE + " WHERE topic = ?")) {
      ps.setString(1, topic + "#restoring");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
    }
    return out;
  }

  /** After commit: the staged rows exist. */
  void committed() {
    present.addAll(staged);
    staged.clear();
  }

  /** After rollback: the staged inserts never happened. */
  void rolledBack() {
    staged.clear();
  }
}
