package io.tidal;

import io.tidal.schema.EntityId;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The warm tier: raw signals retained per signal type, ordered by (entity id, timestamp, arrival
 * sequence), backing {@link TidalDB#scanSignals}.
 *
 * <p>Retention: a signal is kept while its timestamp is later than (clock at the last checkpoint minus
 * the type's longest window); {@link #prune} drops older ones at checkpoints. So every signal inside
 * the longest window of "now" is listed, and older ones may still be listed until the next checkpoint.
 */
final class WarmSignals {
  record Key(EntityId id, long timestamp, long seq) {}

  record Raw(double weight, String dedupKey) {}

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::id)
      .thenComparingLong(Key::timestamp).thenComparingLong(Key::seq);

  private final Map<String, ConcurrentSkipListMap<Key, Raw>> byType = new ConcurrentHashMap<>();

  void addType(String type) {
    byType.put(type, new ConcurrentSkipListMap<>(ORDER));
  }

  void dropType(String type) {
    byType.remove(type);
  }

  void add(String type, EntityId id, long ts, long seq, double weight, String dedupKey) {
    byType.get(type).put(new Key(id, ts, seq), new Raw(weight, dedupKey));
  }

  /** Signals of {@code type} on {@code id} (all entities when null), in (id, ts, seq) order. */
  Iterator<Map.Entry<Key, Raw>> scan(String type, EntityId id) {
    ConcurrentSkipListMap<Key, Raw> m = byType.get(type);
    if (m == null) {
      return java.util.Collections.emptyIterator();
    }
    NavigableMap<Key, Raw> view = id == null ? m
        : m.subMap(new Key(id, Long.MIN_VALUE, Long.MIN_VALUE), true, new Key(id, Long.MAX_VALUE, Long.MAX_VALUE), true);
    return view.entrySet().iterator();
  }

  /** Drops signals of {@code type} with timestamp at or before {@code cutoff}; returns how many. */
  long prune(String type, long cutoff) {
    ConcurrentSkipListMap<Key, Raw> m = byType.get(type);
    long n = 0;
    if (m != null) {
      for (Iterator<Key> it = m.keySet().iterator(); it.hasNext();) {
        if (it.next().timestamp() <= cutoff) {
          it.remove();
          n++;
        }
      }
    }
    return n;
  }

  long size() {
    long n = 0;
    for (ConcurrentSkipListMap<Key, Raw> m : byType.values()) {
      n += m.size();
    }
    return n;
  }
}
