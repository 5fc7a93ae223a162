package io.tidal.engine;

import io.tidal.TidalDB;
import io.tidal.schema.EntityId;
import io.tidal.schema.SchemaException;
import io.tidal.schema.SignalType;
import java.util.Map;

/** Resolving the entity a read names: its table, its key's type, its id; and the read time's range. */
final class EntityLookup {
  private EntityLookup() {}

  /** The table of a signal type read from a schema snapshot that a concurrent DDL may have outdated. */
  static TableData liveTable(Map<String, TableData> tables, SignalType t) {
    TableData td = tables.get(t.table());
    if (td == null) {
      throw SchemaException.unknownSignalType(t.name());
    }
    return td;
  }

  static void checkAt(long at) {
    if (at < TidalDB.MIN_TIMESTAMP || at > TidalDB.MAX_TIMESTAMP) {
      throw Errors.invalidReadTime(at);
    }
  }

  static EntityId lookup(Map<String, TableData> tables, SignalType t, Object entityKey) {
    TableData td = liveTable(tables, t);
    Object key = RowCodec.entityKeyOrNull(td.table.keyType(), entityKey);
    if (key == null) {
      throw Errors.wrongEntityKey(t.name(), td.table.keyType().name(), entityKey);
    }
    return td.dictionary.lookup(key);
  }
}
