package io.tidal.jdbc;

import io.tidal.Config;
import io.tidal.TidalDB;
import java.util.HashMap;
import java.util.Map;

/**
 * One open engine per database (canonical directory, or {@code mem:name}) per JVM, shared by every
 * connection to it and closed when the last one closes, unless a connection asked to keep it
 * ({@code close_delay=-1}): then it stays open until the JVM exits (a memory database keeps its
 * data between connections, as a pool or Spring's {@code DriverManagerDataSource} expects). The
 * first connection's properties (durability, read_only) decide how it is opened.
 */
final class EngineRegistry {
  private static final Map<String, Entry> OPEN = new HashMap<>();

  private static final class Entry {
    final TidalDB db;
    int refs;
    boolean keep;

    Entry(TidalDB db) {
      this.db = db;
    }
  }

  private EngineRegistry() {}

  /**
   * The engine for {@code key}, opened with {@code config} if no connection holds it; {@code keep}
   * keeps it open after its last connection closes, for the JVM's life.
   */
  static synchronized TidalDB acquire(String key, Config config, boolean keep) {
    Entry e = OPEN.get(key);
    if (e == null) {
      e = new Entry(TidalDB.open(config));
      OPEN.put(key, e);
    }
    e.refs++;
    e.keep |= keep;
    return e.db;
  }

  /** Releases one reference; the last closes the engine. */
  static synchronized void release(String key, TidalDB db) {
    Entry e = OPEN.get(key);
    if (e == null || e.db != db) {
      return;
    }
    if (--e.refs == 0 && !e.keep) {
      OPEN.remove(key);
      db.close();
    }
  }
}
