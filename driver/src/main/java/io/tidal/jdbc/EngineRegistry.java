package io.tidal.jdbc;

import io.tidal.Config;
import io.tidal.TidalDB;
import java.util.HashMap;
import java.util.Map;

/**
 * One open engine per database (canonical directory, or {@code mem:name}) per JVM, shared by every
 * connection to it and closed when the last one closes. The first connection's properties
 * (durability, read_only) decide how it is opened.
 */
final class EngineRegistry {
  private static final Map<String, Entry> OPEN = new HashMap<>();

  private static final class Entry {
    final TidalDB db;
    int refs;

    Entry(TidalDB db) {
      this.db = db;
    }
  }

  private EngineRegistry() {}

  /** The engine for {@code key}, opened with {@code config} if no connection holds it. */
  static synchronized TidalDB acquire(String key, Config config) {
    Entry e = OPEN.get(key);
    if (e == null) {
      e = new Entry(TidalDB.open(config));
      OPEN.put(key, e);
    }
    e.refs++;
    return e.db;
  }

  /** Releases one reference; the last closes the engine. */
  static synchronized void release(String key, TidalDB db) {
    Entry e = OPEN.get(key);
    if (e == null || e.db != db) {
      return;
    }
    if (--e.refs == 0) {
      OPEN.remove(key);
      db.close();
    }
  }
}
