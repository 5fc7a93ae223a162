package io.tidal.cluster;

import io.tidal.TidalDB;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a decoded signal against this database before it joins a batch (a batch is all or
 * nothing, so one bad signal must not reach it): the type exists (the catalog is re-read when a
 * type is missing, at most once a second, so a type created later is found), a BIGINT-keyed
 * type's entity id is a decimal integer, the weight is finite, the timestamp in range, the actor
 * at most 1,024 bytes. The database re-checks everything; what this misses is caught per record.
 */
final class SignalCheck {
  /** Why a signal is refused, and which counter it goes to. */
  record Problem(boolean unknownType, String reason) {}

  private static final int MAX_ACTOR_BYTES = 1024;
  private final Connection conn;
  private Map<String, Boolean> bigintKeyByType = Map.of();
  private Map<String, String[]> tableByType = Map.of();
  private long loadedAt = Long.MIN_VALUE;

  SignalCheck(Connection conn) throws SQLException {
    this.conn = conn;
    reload();
  }

  /** Null when the signal may be written. */
  Problem problem(KafkaSignal s) throws SQLException {
    String type = s.type().toLowerCase(Locale.ROOT);
    Boolean bigint = bigintKeyByType.get(type);
    if (bigint == null && System.nanoTime() - loadedAt > 1_000_000_000L) {
      reload();
      bigint = bigintKeyByType.get(type);
    }
    if (bigint == null) {
      return new Problem(
          true,
          "unknown signal type '"
              + s.type()
              + "' (this database has "
              + (bigintKeyByType.isEmpty()
                  ? "none"
                  : String.join(", ", new java.util.TreeSet<>(bigintKeyByType.keySet())))
              + ")");
    }
    if (bigint && !isLong(s.entityId())) {
      return new Problem(
          false, "entity id '" + s.entityId() + "' is not a BIGINT key of type '" + s.type() + "'");
    }
    if (!Double.isFinite(s.weight())) {
      return new Problem(false, "weight " + s.weight() + " is not finite");
    }
    if (s.timestamp() < TidalDB.MIN_TIMESTAMP || s.timestamp() > TidalDB.MAX_TIMESTAMP) {
      return new Problem(
          false, "timestamp " + s.timestamp() + " is outside 1900-01-01 .. 9999-12-31");
    }
    if (s.actorId() != null
        && s.actorId().getBytes(StandardCharsets.UTF_8).length > MAX_ACTOR_BYTES) {
      return new Problem(
          false,
          "actor id of "
              + s.actorId().getBytes(StandardCharsets.UTF_8).length
              + " bytes is longer than "
              + MAX_ACTOR_BYTES);
    }
    return null;
  }

  /**
   * The entity table of a known signal type and its primary key column: {@code {table, column}}
   * (lower case); null for an unknown type.
   */
  String[] tableOf(String type) {
    return tableByType.get(type.toLowerCase(Locale.ROOT));
  }

  /** Whether the entity table of a known signal type has a BIGINT key. */
  boolean bigintKey(String type) {
    return Boolean.TRUE.equals(bigintKeyByType.get(type.toLowerCase(Locale.ROOT)));
  }

  /** The entity tables that signal types apply to: table name to primary key column. */
  Map<String, String> entityTables() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String[] t : tableByType.values()) {
      out.put(t[0], t[1]);
    }
    return out;
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void reload() throws SQLException {
    Map<String, String> keyTypes = new HashMap<>();
    Map<String, String> keyColumns = new HashMap<>();
    Map<String, Boolean> out = new HashMap<>();
    Map<String, String[]> tables = new HashMap<>();
    try (Statement st = conn.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT table_name, key_type, primary_key FROM sys.tables")) {
        while (rs.next()) {
          keyTypes.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
          keyColumns.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT name, table_name FROM sys.signal_types")) {
        while (rs.next()) {
          String table = rs.getString(2).toLowerCase(Locale.ROOT);
          String type = rs.getString(1).toLowerCase(Locale.ROOT);
          out.put(type, "BIGINT".equalsIgnoreCase(keyTypes.get(table)));
          tables.put(type, new String[] {table, keyColumns.get(table)});
        }
      }
    }
    bigintKeyByType = out;
    tableByType = tables;
    loadedAt = System.nanoTime();
  }
}
