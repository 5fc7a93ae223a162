package io.tidal.cluster;

import io.tidal.TidalDB;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster node's rows for signalled entities: each signal's entity gets an id-only row in its
 * signal type's table if it has none yet (no replicated image from the entities topic, {@link
 * EntityReplica}, arrived before its first signal), written in the signal's transaction, so the
 * node's ranked queries ({@code FROM items ORDER BY DECAY_SCORE(...)}) see every entity of its
 * partitions. A replicated image replaces the id-only row when it comes. Known ids are cached per
 * table; {@link #reset()} forgets them after a partition moved in or out or replicated rows were
 * deleted.
 */
final class EntityRows {
  private final Connection conn;
  private final SignalCheck check;
  private final Map<String, Set<String>> known = new HashMap<>();
  private final Map<String, List<Object>> staged = new LinkedHashMap<>();
  private final Set<String> stagedIds = new HashSet<>();

  EntityRows(Connection conn, SignalCheck check) {
    this.conn = conn;
    this.check = check;
  }

  /** Notes that {@code s}'s entity needs a row (no-op if it has one or is already noted). */
  void stage(KafkaSignal s) throws SQLException {
    String[] t = check.tableOf(s.type());
    if (t == null) {
      return; // the check dead-letters unknown types before they get here
    }
    String table = t[0];
    if (known(table, t[1]).contains(s.entityId())
        || !stagedIds.add(table + '\u0000' + s.entityId())) {
      return;
    }
    Object key = check.bigintKey(s.type()) ? (Object) Long.parseLong(s.entityId()) : s.entityId();
    staged.computeIfAbsent(table + '\u0000' + t[1], k -> new ArrayList<>()).add(key);
  }

  /** Inserts the staged rows into the open transaction. */
  void write() throws SQLException {
    TidalDB db = conn.unwrap(TidalDB.class);
    for (Map.Entry<String, List<Object>> e : staged.entrySet()) {
      String[] tc = e.getKey().split("\u0000", 2);
      try (PreparedStatement ps =
          conn.prepareStatement("INSERT INTO " + tc[0] + " (" + tc[1] + ") VALUES (?)")) {
        int n = 0;
        for (Object key : e.getValue()) {
          if (db.row(tc[0], key).isPresent()) {
            continue; // replicated meanwhile from the entities topic (EntityReplica)
          }
          ps.setObject(1, key);
          ps.addBatch();
          n++;
        }
        if (n > 0) {
          ps.executeBatch();
        }
      }
    }
  }

  void committed() {
    for (String id : stagedIds) {
      String[] ti = id.split("\u0000", 2);
      known.computeIfAbsent(ti[0], k -> new HashSet<>()).add(ti[1]);
    }
    rolledBack();
  }

  void rolledBack() {
    staged.clear();
    stagedIds.clear();
  }

  /** Forgets the cached ids (rows were restored or dropped by a partition move). */
  void reset() {
    known.clear();
    rolledBack();
  }

  private Set<String> known(String table, String column) throws SQLException {
    Set<String> ids = known.get(table);
    if (ids == null) {
      ids = new HashSet<>();
      try (Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + table)) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      known.put(table, ids);
    }
    return ids;
  }
}
