package io.tidal.cluster;

import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.Transaction;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import io.tidal.sql.SqlStates;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of one topic partition on a node, and its hand-off through a shared directory: {@link
 * #write} exports the partition's entity rows, retained signals and next offset into {@code
 * <shared>/<topic>/p-<N>.snap} (written to a temporary file, fsync'd, renamed: a reader sees the
 * old snapshot or the new one, never half of one); {@link #restore} loads a snapshot into the
 * database in one transaction (missing rows, signals and the offsets row together); {@link #drop}
 * deletes the partition's signals and ledger states (keeping its rows) and its offsets row in one
 * transaction.
 * The file format is described in docs/SCALE.md.
 */
final class PartitionSnapshots {
  private static final int MAGIC = 0x7469_6453; // "tidS"
  private static final int VERSION = 2;

  /** One entity's ledger state in one signal type ({@link TidalDB#exportState}). */
  record State(String type, String entity, byte[] bytes) {}

  /** One partition's exported state. */
  record Snapshot(
      String topic,
      int partition,
      long nextOffset,
      Map<String, List<String>> rows,
      List<KafkaSignal> signals,
      List<State> states) {}

  private final Path shared;
  private final Connection conn;
  private final SignalCheck check;
  private final Map<String, Boolean> bigint = new java.util.HashMap<>();

  PartitionSnapshots(Path shared, Connection conn, SignalCheck check) {
    this.shared = shared;
    this.conn = conn;
    this.check = check;
  }

  private Path file(String topic, int partition) {
    return shared.resolve(topic).resolve("p-" + partition + ".snap");
  }

  /** Reads this database's state of {@code partition} (null if it holds no offset for it). */
  Snapshot export(String topic, int partition, int partitions, Long nextOffset)
      throws SQLException {
    if (nextOffset == null) {
      return null;
    }
    Map<String, List<String>> rows = new java.util.TreeMap<>();
    try (Statement st = conn.createStatement()) {
      for (Map.Entry<String, String> t : check.entityTables().entrySet()) {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT " + t.getValue() + " FROM " + t.getKey())) {
          while (rs.next()) {
            String id = rs.getString(1);
            if (Partitions.of(id, partitions) == partition) {
              ids.add(id);
            }
          }
        }
        rows.put(t.getKey(), ids);
      }
      List<KafkaSignal> signals = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT signal_type, entity_id, weight, ts, dedup_key, actor_id FROM signals")) {
        while (rs.next()) {
          String entity = rs.getString(2);
          if (Partitions.of(entity, partitions) != partition) {
            continue;
          }
          Timestamp ts = rs.getTimestamp(4);
          long ms = ts.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
          signals.add(
              new KafkaSignal(
                  rs.getString(1), entity, rs.getString(6), rs.getDouble(3), ms, rs.getString(5)));
        }
      }
      return new Snapshot(topic, partition, nextOffset, rows, signals, states(rows));
    }
  }

  /** The ledger states of the partition's entities, every signal type of their tables. */
  private List<State> states(Map<String, List<String>> rows) throws SQLException {
    TidalDB db = conn.unwrap(TidalDB.class);
    List<State> out = new ArrayList<>();
    try {
      for (SignalType t : db.schema().signalTypes()) {
        List<String> ids = rows.get(t.table().toLowerCase(Locale.ROOT));
        for (String id : ids == null ? List.<String>of() : ids) {
          byte[] b = db.exportState(t.name(), key(t.table(), id));
          if (b != null) {
            out.add(new State(t.name(), id, b));
          }
        }
      }
    } catch (TidalException e) {
      throw failed("cannot export ledger states: " + e.getMessage(), e);
    }
    return out;
  }

  /** Publishes {@code s} atomically; returns its size in bytes. */
  long write(Snapshot s) throws IOException {
    Path target = file(s.topic(), s.partition());
    Files.createDirectories(target.getParent());
    Path tmp =
        target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(s.topic());
      out.writeInt(s.partition());
      out.writeLong(s.nextOffset());
      out.writeInt(s.rows().size());
      for (Map.Entry<String, List<String>> t : s.rows().entrySet()) {
        out.writeUTF(t.getKey());
        out.writeInt(t.getValue().size());
        for (String id : t.getValue()) {
          out.writeUTF(id);
        }
      }
      out.writeInt(s.signals().size());
      for (KafkaSignal k : s.signals()) {
        out.writeUTF(k.type());
        out.writeUTF(k.entityId());
        out.writeDouble(k.weight());
        out.writeLong(k.timestamp());
        writeNullable(out, k.dedupKey());
        writeNullable(out, k.actorId());
      }
      out.writeInt(s.states().size());
      for (State st : s.states()) {
        out.writeUTF(st.type());
        out.writeUTF(st.entity());
        out.writeInt(st.bytes().length);
        out.write(st.bytes());
      }
      out.writeInt(MAGIC);
      out.flush();
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    return Files.size(target);
  }

  /** The published snapshot of a partition, or null if none was published. */
  Snapshot read(String topic, int partition) throws IOException {
    Path f = file(topic, partition);
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a tidal partition snapshot (version " + VERSION + "): " + f);
      }
      String t = in.readUTF();
      int p = in.readInt();
      long next = in.readLong();
      Map<String, List<String>> rows = new java.util.TreeMap<>();
      for (int n = in.readInt(); n > 0; n--) {
        String table = in.readUTF();
        List<String> ids = new ArrayList<>();
        for (int k = in.readInt(); k > 0; k--) {
          ids.add(in.readUTF());
        }
        rows.put(table, ids);
      }
      List<KafkaSignal> signals = new ArrayList<>();
      for (int n = in.readInt(); n > 0; n--) {
        String type = in.readUTF();
        String entity = in.readUTF();
        double weight = in.readDouble();
        long ts = in.readLong();
        String dedup = readNullable(in);
        String actor = readNullable(in);
        signals.add(new KafkaSignal(type, entity, actor, weight, ts, dedup));
      }
      List<State> states = new ArrayList<>();
      for (int n = in.readInt(); n > 0; n--) {
        String type = in.readUTF();
        String entity = in.readUTF();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        states.add(new State(type, entity, b));
      }
      if (in.readInt() != MAGIC) {
        throw new IOException("truncated partition snapshot: " + f);
      }
      return new Snapshot(t, p, next, rows, signals, states);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Loads {@code s} into the database: rows, retained signals, the offsets row and the restoring
   * marker in one transaction of the engine's Java API (no SQL per row), then the ledger states.
   */
  void restore(Snapshot s) throws SQLException {
    TidalDB db = conn.unwrap(TidalDB.class);
    try (Transaction tx = db.begin()) {
      for (Map.Entry<String, List<String>> t : s.rows().entrySet()) {
        EntityTable table = db.schema().table(t.getKey()).orElse(null);
        if (table == null) {
          continue;
        }
        for (String id : t.getValue()) {
          Object key = key(t.getKey(), id);
          if (tx.row(t.getKey(), key).isPresent()) {
            continue; // replicated to every node (EntityReplica), or kept by an earlier drop
          }
          Object[] row = new Object[table.columns().size()];
          row[table.keyIndex()] = key;
          tx.insertRow(t.getKey(), row);
        }
      }
      for (KafkaSignal k : s.signals()) {
        String table = db.schema().requireSignalType(k.type()).table();
        tx.signal(
            new Signal(
                k.type(),
                key(table, k.entityId()),
                k.weight(),
                k.timestamp(),
                k.dedupKey(),
                k.actorId()));
      }
      put(tx, s.topic() + "/" + s.partition(), s.topic(), s.partition(), s.nextOffset());
      put(
          tx,
          OffsetTable.restoringId(s.topic(), s.partition()),
          s.topic() + "#restoring",
          s.partition(),
          0);
      tx.commit();
    } catch (TidalException e) {
      throw failed("cannot restore partition " + s.partition() + ": " + e.getMessage(), e);
    }
    // The ledger states replace those the retained signals just built (adding what was folded).
    // An import is not logged: it is durable at the checkpoint, and only then does the marker
    // go; a crash before leaves the marker, and the partition is dropped and restored again.
    try {
      for (State st : s.states()) {
        String table = db.schema().requireSignalType(st.type()).table();
        db.importState(st.type(), key(table, st.entity()), st.bytes());
      }
    } catch (TidalException e) {
      throw failed(
          "cannot import the ledger states of partition " + s.partition() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Makes the imports of {@link #restore} durable (a checkpoint), then removes the partitions'
   * restoring markers.
   */
  void finishRestores(String topic, Collection<Integer> restored) throws SQLException {
    if (restored.isEmpty()) {
      return;
    }
    TidalDB db = conn.unwrap(TidalDB.class);
    try {
      db.checkpoint();
      try (Transaction tx = db.begin()) {
        for (int p : restored) {
          tx.deleteRow(OffsetTable.TABLE, OffsetTable.restoringId(topic, p));
        }
        tx.commit();
      }
    } catch (TidalException e) {
      throw failed("cannot finish restoring partitions " + restored + ": " + e.getMessage(), e);
    }
  }

  /**
   * A hand-off step the engine refused, as an SQLException (the cluster reaches the SQL module's
   * constants only, never its code).
   */
  private static SQLException failed(String message, TidalException e) {
    return new SQLException(message, SqlStates.IO_ERROR, e);
  }

  /** Inserts or replaces a row of {@value OffsetTable#TABLE}. */
  static void put(Transaction tx, String id, String topic, int partition, long next) {
    Object[] row = {id, topic, partition, next};
    if (!tx.updateRow(OffsetTable.TABLE, id, row)) {
      tx.insertRow(OffsetTable.TABLE, row);
    }
  }

  /** {@code id} as a key of {@code table} (BIGINT keys as Long). */
  private Object key(String table, String id) throws SQLException {
    return isBigint(table.toLowerCase(Locale.ROOT)) ? (Object) Long.parseLong(id) : id;
  }

  /**
   * Deletes the partition's signals and ledger states (a row delete, then the same row again: the
   * rows stay) and offsets row, in one transaction of the engine's Java API: one row delete per entity through SQL costs a Calcite
   * DML execution each (~1-2 ms), through {@link Transaction#deleteRow} a map operation.
   */
  void drop(String topic, Collection<Integer> dropped, int partitions) throws SQLException {
    if (dropped.isEmpty()) {
      return;
    }
    TidalDB db = conn.unwrap(TidalDB.class);
    try {
      // A row delete filters the signals not yet checkpointed (the warm tier's pending blocks) of
      // its type: with them in storage first, deleting n entities costs O(n), not O(n x pending).
      db.checkpoint();
      try (Transaction tx = db.begin()) {
        for (String table : check.entityTables().keySet()) {
          Iterator<Map.Entry<Object, Object[]>> it = db.scanKeyedRows(table);
          while (it.hasNext()) {
            Map.Entry<Object, Object[]> row = it.next();
            if (dropped.contains(Partitions.of(row.getKey().toString(), partitions))) {
              // the delete takes the entity's signals and ledger states; the row itself stays
              // (rows are on every node: replicated, docs/SCALE.md), re-inserted in this same
              // transaction, where the node's partition filter hides it from its answers
              tx.deleteRow(table, row.getKey());
              tx.insertRow(table, row.getValue());
            }
          }
        }
        for (int p : dropped) {
          tx.deleteRow(OffsetTable.TABLE, topic + "/" + p);
          tx.deleteRow(OffsetTable.TABLE, OffsetTable.restoringId(topic, p));
        }
        tx.commit();
      }
    } catch (TidalException e) {
      throw failed("cannot drop partitions " + dropped + ": " + e.getMessage(), e);
    }
  }

  private boolean isBigint(String table) throws SQLException {
    Boolean known = bigint.get(table);
    if (known != null) {
      return known;
    }
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT key_type FROM sys.tables WHERE LOWER(table_name) = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        boolean b = rs.next() && "BIGINT".equalsIgnoreCase(rs.getString(1));
        bigint.put(table, b);
        return b;
      }
    }
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
