package io.tidal;

import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The per-table map from entity keys (the primary-key values signals refer to) to {@link EntityId}s.
 *
 * <p>Design notes. A BIGINT key needs no state: its id is {@code key ^ Long.MIN_VALUE}, which maps
 * signed order onto unsigned order, so id order is key order. A VARCHAR key gets a dense id (1, 2, ...)
 * on first use, kept in both directions in hash maps (a sorted map cost a string comparison per
 * level on every signal). Ids are assigned under a lock (rare: once per new entity); lookups are
 * lock-free. A VARCHAR id is only meaningful together with the dictionary that assigned it: a
 * checkpoint stores both, and WAL records carry keys, never ids, so replay may assign new ids to
 * entities first seen after the checkpoint without harm.
 */
final class EntityDictionary {
  private final ColumnType keyType;
  private final Map<String, EntityId> ids = new ConcurrentHashMap<>();
  private final Map<Long, String> keys = new ConcurrentHashMap<>();
  private long nextId = 1;
  /** Assignments since the last checkpoint (guarded by this). */
  private List<Map.Entry<String, EntityId>> fresh = new ArrayList<>();

  EntityDictionary(ColumnType keyType) {
    this.keyType = keyType;
  }

  ColumnType keyType() {
    return keyType;
  }

  /** The id of {@code key} (normalised: Long or String), assigning one if new. */
  EntityId idOf(Object key) {
    if (keyType == ColumnType.BIGINT) {
      return EntityId.of((Long) key ^ Long.MIN_VALUE);
    }
    EntityId id = ids.get((String) key);
    return id != null ? id : assign((String) key);
  }

  /** The id of {@code key}, or null if it was never seen. */
  EntityId lookup(Object key) {
    if (keyType == ColumnType.BIGINT) {
      return EntityId.of((Long) key ^ Long.MIN_VALUE);
    }
    return ids.get((String) key);
  }

  /** The key of {@code id}, or null if unknown. */
  Object keyOf(EntityId id) {
    if (keyType == ColumnType.BIGINT) {
      return id.bits() ^ Long.MIN_VALUE;
    }
    return keys.get(id.bits());
  }

  private synchronized EntityId assign(String key) {
    EntityId id = ids.get(key);
    if (id == null) {
      id = EntityId.of(nextId++);
      keys.put(id.bits(), key);
      ids.put(key, id);
      fresh.add(Map.entry(key, id));
    }
    return id;
  }

  /** Restores an assignment from a checkpoint. */
  synchronized void load(String key, EntityId id) {
    keys.put(id.bits(), key);
    ids.put(key, id);
    nextId = Math.max(nextId, id.bits() + 1);
  }

  /** Hands the assignments made since the last call to {@code sink}. */
  synchronized void drainNew(BiConsumer<String, EntityId> sink) {
    fresh.forEach(e -> sink.accept(e.getKey(), e.getValue()));
    fresh = new ArrayList<>();
  }

  void forEach(BiConsumer<String, EntityId> action) {
    ids.forEach(action);
  }

  int size() {
    return ids.size();
  }
}
