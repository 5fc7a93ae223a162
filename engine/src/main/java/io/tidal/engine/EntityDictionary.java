package io.tidal.engine;

import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The per-table map from entity keys (the primary-key values signals refer to) to {@link EntityId}s.
 *
 * <p>Design notes. A BIGINT key needs no state: its id is {@code key ^ Long.MIN_VALUE}, which maps
 * signed order onto unsigned order, so id order is key order. A VARCHAR key gets a dense id (1, 2, ...)
 * on first use: key to id in a hash map (a sorted map cost a string comparison per level on every
 * signal), id to key in an array indexed by the id (a ranked query maps every entity it walks back
 * to its key; a map of boxed ids cost about a tenth of a top-10 query). Ids are assigned under a
 * lock (rare: once per new entity); lookups are lock-free: the array is republished by a volatile
 * write after every change, so a reader that obtained an id after its assignment sees its key. An
 * id far beyond the dense range (only from a damaged or foreign checkpoint) goes to an overflow map
 * instead of growing the array. A VARCHAR id is only meaningful together with the dictionary that assigned it: a
 * checkpoint stores both, and WAL records carry keys, never ids, so replay may assign new ids to
 * entities first seen after the checkpoint without harm.
 */
final class EntityDictionary {
  private final ColumnType keyType;
  private final Map<String, EntityId> ids = new ConcurrentHashMap<>();

  /** Key by dense id (index = id); replaced when grown, republished after every write. */
  private volatile String[] keysById = new String[1024];

  /** Keys of ids too far beyond the dense range for the array (never in practice). */
  private final Map<Long, String> overflow = new ConcurrentHashMap<>();

  private long nextId = 1;

  /** Bumped after every assignment or removal: caches of ids ({@link SecondaryIndex}) check it. */
  private volatile long version;

  /** Assignments since the last checkpoint (guarded by this). */
  private List<Map.Entry<String, EntityId>> fresh = new ArrayList<>();

  /** Whether a key was removed since the last checkpoint: its stored chunks must be rewritten (guarded by this). */
  private boolean removed;

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
    String[] a = keysById;
    long bits = id.bits();
    if (bits >= 0 && bits < a.length) {
      String k = a[(int) bits];
      if (k != null) {
        return k;
      }
    }
    return overflow.isEmpty() ? null : overflow.get(bits);
  }

  /** Records {@code key} as the key of {@code id} (caller holds this). */
  private void putKey(EntityId id, String key) {
    long bits = id.bits();
    String[] a = keysById;
    if (bits < 0 || bits > 4L * (ids.size() + 1024)) {
      overflow.put(bits, key);
      return;
    }
    if (bits >= a.length) {
      a =
          Arrays.copyOf(
              a, (int) Math.max(bits + 1, Math.min(2L * a.length, Integer.MAX_VALUE - 16)));
    }
    a[(int) bits] = key;
    keysById = a; // volatile write: publishes the new key (and a grown array)
  }

  private synchronized EntityId assign(String key) {
    EntityId id = ids.get(key);
    if (id == null) {
      id = EntityId.of(nextId++);
      putKey(id, key); // before the id becomes visible through ids
      ids.put(key, id);
      fresh.add(Map.entry(key, id));
      version++; // under this monitor: no lost update
    }
    return id;
  }

  /**
   * Forgets {@code key} (normalised: Long or String): its id maps to no key any more and a later
   * {@link #idOf} of the same key assigns a new id (ids are never reused, also across a checkpoint:
   * see {@link #nextId}). The next checkpoint rewrites the table's stored assignments without it
   * ({@link #takeRemoved}). A BIGINT key holds no state: nothing to forget. Returns whether the
   * key had an id.
   */
  synchronized boolean remove(Object key) {
    if (keyType == ColumnType.BIGINT) {
      return false;
    }
    EntityId id = ids.remove((String) key);
    if (id == null) {
      return false;
    }
    long bits = id.bits();
    String[] a = keysById;
    if (bits >= 0 && bits < a.length && key.equals(a[(int) bits])) {
      a[(int) bits] = null;
      keysById = a; // volatile write: publishes the cleared slot
    }
    overflow.remove(bits, key);
    fresh.removeIf(e -> e.getValue().equals(id));
    removed = true;
    version++;
    return true;
  }

  /** Whether a key was removed since the last call (the stored chunks must be rewritten); resets it. */
  synchronized boolean takeRemoved() {
    boolean r = removed;
    removed = false;
    return r;
  }

  /** Every assignment, ids ascending (a checkpoint rewriting the stored chunks). */
  synchronized List<Map.Entry<String, EntityId>> assignments() {
    List<Map.Entry<String, EntityId>> out = new ArrayList<>(ids.size());
    ids.forEach((k, id) -> out.add(Map.entry(k, id)));
    out.sort((x, y) -> Long.compareUnsigned(x.getValue().bits(), y.getValue().bits()));
    return out;
  }

  /** The id the next new key gets; stored with a rewrite, so a removed highest id is not reused. */
  synchronized long nextId() {
    return nextId;
  }

  /** Restores {@link #nextId} from a checkpoint (never lowers it). */
  synchronized void loadNextId(long next) {
    nextId = Math.max(nextId, next);
  }

  /** Restores an assignment from a checkpoint. */
  synchronized void load(String key, EntityId id) {
    putKey(id, key);
    ids.put(key, id);
    nextId = Math.max(nextId, id.bits() + 1);
    version++;
  }

  /** Changes with every assignment and removal (read before a cache of ids is computed). */
  long version() {
    return version;
  }

  /**
   * Ends a load: a checkpoint lists assignments in key order, not id order, so an early id can look
   * far beyond the dense range of the few loaded so far and land in the overflow map; with every
   * assignment loaded, those within the dense range move to the array.
   */
  synchronized void finishLoad() {
    for (Iterator<Map.Entry<Long, String>> it = overflow.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, String> e = it.next();
      long bits = e.getKey();
      if (bits >= 0 && bits <= 4L * (ids.size() + 1024)) {
        it.remove();
        putKey(EntityId.of(bits), e.getValue());
      }
    }
  }

  /** Assignments kept outside the id array (for tests). */
  int overflowSize() {
    return overflow.size();
  }

  /** The assignments made since the last call, in assignment order (ids ascending). */
  synchronized List<Map.Entry<String, EntityId>> takeNew() {
    List<Map.Entry<String, EntityId>> out = fresh;
    fresh = new ArrayList<>();
    return out;
  }

  void forEach(BiConsumer<String, EntityId> action) {
    ids.forEach(action);
  }

  int size() {
    return ids.size();
  }
}
