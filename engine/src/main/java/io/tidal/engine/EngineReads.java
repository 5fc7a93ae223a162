package io.tidal.engine;

import io.tidal.EntitySet;
import io.tidal.IndexRange;
import io.tidal.Signal;
import io.tidal.schema.EntityId;
import io.tidal.schema.Names;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The engine's reads behind {@link Engine}: point scores and counts, signal scans (by entity and by
 * actor), actor and index entity sets, secondary-index lookups. Reads take no lock (see {@link
 * Engine}'s locking notes); every one checks the database is open first.
 */
final class EngineReads {
  private final Engine e;

  EngineReads(Engine e) {
    this.e = e;
  }

  java.util.Set<Object> indexKeys(String table, String index, List<IndexRange> ranges) {
    e.checkOpen();
    SecondaryIndex si = e.requireTable(table).index(Names.lookup(index));
    if (si == null) {
      return null;
    }
    java.util.Set<Object> keys = new java.util.HashSet<>();
    for (IndexRange r : ranges) {
      si.keysIn(r, keys);
    }
    return keys;
  }

  List<Object[]> indexCandidates(String table, String index, List<IndexRange> ranges) {
    e.checkOpen();
    TableData td = e.requireTable(table);
    SecondaryIndex si = td.index(Names.lookup(index));
    if (si == null) {
      return null;
    }
    java.util.Set<Object> keys = new java.util.TreeSet<>(RowCodec.KEY_ORDER);
    for (IndexRange r : ranges) {
      si.keysIn(r, keys);
    }
    List<Object[]> out = new java.util.ArrayList<>(keys.size());
    for (Object k : keys) {
      Object[] row = td.get(k);
      if (row != null) { // removed meanwhile
        out.add(row.clone());
      }
    }
    return out;
  }

  double decayScore(String type, Object entityKey, Duration halfLife, long at) {
    e.checkOpen();
    SignalType t = e.schema.requireSignalType(type);
    int hl = t.requireHalfLife(halfLife);
    checkAt(at);
    EntityId id = lookup(t, entityKey);
    if (id == null) {
      e.ledger.checkDecayAt(t, at); // an unknown entity scores 0, but only where scores are exact
      return 0.0;
    }
    return e.ledger.decayScore(t, hl, id, at);
  }

  long windowedCount(String type, Object entityKey, Duration window, long at) {
    e.checkOpen();
    SignalType t = e.schema.requireSignalType(type);
    int w = t.requireWindow(window);
    checkAt(at);
    EntityId id = lookup(t, entityKey);
    if (id == null) {
      e.ledger.checkCountAt(t, w, at);
      return 0;
    }
    return e.ledger.windowedCount(t, w, id, at);
  }

  double velocity(String type, Object entityKey, Duration window, long at) {
    return windowedCount(type, entityKey, window, at) / (window.toMillis() / 1000.0);
  }

  private TableData liveTable(SignalType t) {
    return EntityLookup.liveTable(e.tables, t);
  }

  private EntityId lookup(SignalType t, Object entityKey) {
    return EntityLookup.lookup(e.tables, t, entityKey);
  }

  private static void checkAt(long at) {
    EntityLookup.checkAt(at);
  }

  Iterator<Signal> scanSignals(String type, Object entityKey, String actorId) {
    e.checkOpen();
    List<SignalType> types = new ArrayList<>();
    if (type != null) {
      types.add(e.schema.requireSignalType(type));
    } else {
      types.addAll(e.schema.signalTypes());
      types.sort(Comparator.comparing(SignalType::name));
    }
    List<Signal> out = new ArrayList<>();
    for (SignalType t : types) {
      TableData td = EntityLookup.liveTable(e.tables, t);
      EntityId only = null;
      if (entityKey != null) {
        Object k = Erasure.keyFor(td.table.keyType(), entityKey);
        if (k == null && type != null) {
          throw Errors.wrongEntityKey(t.name(), td.table.keyType().name(), entityKey);
        }
        only = k == null ? null : td.dictionary.lookup(k);
        if (only == null) {
          continue; // no such entity in this type's table: no signals
        }
      }
      out.addAll(
          actorId == null
              ? e.warm.signals(t, td.dictionary, only)
              : e.warm.signalsByActor(t, td.dictionary, actorId, only));
    }
    return out.iterator();
  }

  java.util.Set<Object> actorEntities(String type, String actorId) {
    e.checkOpen();
    SignalType t = e.schema.requireSignalType(type);
    TableData td = EntityLookup.liveTable(e.tables, t);
    java.util.Set<Object> out = new java.util.HashSet<>();
    if (actorId != null) {
      for (long id : e.warm.actorIds(t.name(), actorId)) {
        Object key = td.dictionary.keyOf(EntityId.of(id));
        if (key != null) {
          out.add(key);
        }
      }
    }
    return out;
  }

  EntitySet actorEntitySet(String type, String actorId) {
    e.checkOpen();
    SignalType t = e.schema.requireSignalType(type);
    TableData td = EntityLookup.liveTable(e.tables, t);
    long[] ids = actorId == null ? new long[0] : e.warm.actorIds(t.name(), actorId);
    return IdSet.of(td.name(), ids, ids.length);
  }

  EntitySet indexEntitySet(String table, String index, List<IndexRange> ranges) {
    e.checkOpen();
    TableData td = e.requireTable(table);
    SecondaryIndex si = td.index(Names.lookup(index));
    if (si == null) {
      return null;
    }
    return new IndexEntities(td, si, ranges);
  }
}
