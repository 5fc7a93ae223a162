package io.tidal.engine;

import io.tidal.IndexRange;
import io.tidal.schema.EntityId;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Index;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The entries of one secondary index: indexed value (one column's value, or a list for several
 * columns) -> keys of the rows holding it, ordered by value so equality, IN and range lookups on
 * the first column are submap reads. Rows whose first indexed column is NULL are not entered (no
 * comparison with NULL is true); later columns may be NULL. Maintained by {@link TableData} under the engine's
 * row lock with every row write (so in the write's batch); readers may run concurrently.
 */
final class SecondaryIndex {
  /** Values of one column share a class; lists compare element by element. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final Comparator<Object> VALUE_ORDER =
      (a, b) -> {
        if (a instanceof List<?> x && b instanceof List<?> y) {
          for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            if (p == null || q == null) {
              if (p != q) {
                return p == null ? -1 : 1; // NULLs first (only after the first column)
              }
              continue;
            }
            int c = ((Comparable) p).compareTo(q);
            if (c != 0) {
              return c;
            }
          }
          return Integer.compare(x.size(), y.size());
        }
        return ((Comparable) a).compareTo(b);
      };

  final Index def;
  final List<Integer> columns;
  private final ConcurrentSkipListMap<Object, Set<Object>> entries =
      new ConcurrentSkipListMap<>(VALUE_ORDER);

  /** Bumped after every entry change: a cached id list stamped with an older count is stale. */
  private final java.util.concurrent.atomic.AtomicLong changes =
      new java.util.concurrent.atomic.AtomicLong();

  /** The entity ids of one value's keys, with the counts they were computed at. */
  private record CachedIds(long changes, long dictionary, long[] ids) {}

  /**
   * Value to the entity ids of its rows (single-column indexes; {@link #idsOf}): a feed asks the
   * same followed values again and again, and resolving each key through the dictionary costs a
   * hash lookup per row. At most one id per indexed row; a stale list is recomputed, never used.
   */
  private final ConcurrentHashMap<Object, CachedIds> idCache = new ConcurrentHashMap<>();

  SecondaryIndex(Index def, EntityTable table) {
    this.def = def;
    List<Integer> cs = new ArrayList<>();
    for (String c : def.columns()) {
      cs.add(table.columnIndex(c));
    }
    this.columns = List.copyOf(cs);
  }

  /**
   * The entry value of a row: the first column's value, or the list of the columns' values (later
   * columns may be NULL); null when the first column is NULL (not entered).
   */
  private Object entryValue(Object[] row) {
    Object first = TableData.uniqueOne(row[columns.get(0)]);
    if (first == null || columns.size() == 1) {
      return first;
    }
    List<Object> vs = new ArrayList<>(columns.size());
    for (int c : columns) {
      vs.add(TableData.uniqueOne(row[c]));
    }
    return vs;
  }

  void add(Object key, Object[] row) {
    Object v = entryValue(row);
    if (v != null) {
      entries.computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet()).add(key);
      changes.incrementAndGet();
    }
  }

  void remove(Object key, Object[] row) {
    Object v = entryValue(row);
    if (v != null) {
      entries.computeIfPresent(
          v,
          (x, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
          });
      changes.incrementAndGet();
    }
  }

  /**
   * The entity ids ({@code dictionary}'s, keys without one left out) of the rows whose indexed
   * value is {@code value} (a single-column index), cached until the index or the dictionary
   * changes. The counts are read before the keys, so a change made meanwhile leaves the cached
   * list stale rather than wrong.
   */
  long[] idsOf(Object value, EntityDictionary dictionary) {
    long c = changes.get();
    long d = dictionary.version();
    CachedIds hit = idCache.get(value);
    if (hit != null && hit.changes() == c && hit.dictionary() == d) {
      return hit.ids();
    }
    Set<Object> keys = entries.get(value);
    long[] ids = new long[keys == null ? 0 : keys.size()];
    int n = 0;
    if (keys != null) {
      for (Object k : keys) {
        EntityId id = dictionary.lookup(k);
        if (id != null) {
          if (n == ids.length) {
            ids = java.util.Arrays.copyOf(ids, n * 2 + 1);
          }
          ids[n++] = id.bits();
        }
      }
    }
    long[] out = n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
    idCache.put(value, new CachedIds(c, d, out));
    return out;
  }

  /**
   * The entities of table {@code table} ({@code dictionary}'s ids) whose rows' first column lies
   * in one of {@code ranges}; the points of a single-column index from {@link #idsOf}'s cache.
   */
  IdSet entitySet(String table, EntityDictionary dictionary, List<IndexRange> ranges) {
    long[][] ids = {new long[64]};
    int[] n = {0};
    java.util.function.LongConsumer add =
        id -> {
          if (n[0] == ids[0].length) {
            ids[0] = java.util.Arrays.copyOf(ids[0], n[0] * 2);
          }
          ids[0][n[0]++] = id;
        };
    for (IndexRange r : ranges) {
      if (columns.size() == 1 && isPoint(r)) {
        for (long id : idsOf(r.lo(), dictionary)) {
          add.accept(id);
        }
      } else {
        forEachKey(
            r,
            key -> {
              EntityId id = dictionary.lookup(key);
              if (id != null) {
                add.accept(id.bits());
              }
            });
      }
    }
    return IdSet.of(table, ids[0], n[0]);
  }

  /** A key other than {@code self} holding {@code value}, or null. */
  Object otherOwner(Object value, Object self) {
    Set<Object> keys = entries.get(value);
    if (keys == null) {
      return null;
    }
    for (Object k : keys) {
      if (self == null || RowCodec.KEY_ORDER.compare(k, self) != 0) {
        return k;
      }
    }
    return null;
  }

  /** The keys whose value lies in {@code r} (values of the first indexed column). */
  void keysIn(IndexRange r, Collection<Object> out) {
    forEachKey(r, out::add);
  }

  /** Calls {@code action} with the key of every row whose first column lies in {@code r}. */
  void forEachKey(IndexRange r, java.util.function.Consumer<Object> action) {
    NavigableMap<Object, Set<Object>> m = entries;
    if (columns.size() > 1) {
      for (Map.Entry<Object, Set<Object>> e : entries.entrySet()) {
        if (contains(r, ((List<?>) e.getKey()).get(0))) {
          e.getValue().forEach(action);
        }
      }
      return;
    }
    if (isPoint(r)) {
      Set<Object> keys = entries.get(r.lo()); // a point: no sub-map
      if (keys != null) {
        keys.forEach(action);
      }
      return;
    }
    if (r.lo() != null) {
      m = m.tailMap(r.lo(), r.loInclusive());
    }
    if (r.hi() != null) {
      m = m.headMap(r.hi(), r.hiInclusive());
    }
    for (Set<Object> keys : m.values()) {
      keys.forEach(action);
    }
  }

  int size() {
    return entries.size();
  }

  /** Whether {@code r} holds exactly one value (both ends inclusive and equal). */
  static boolean isPoint(IndexRange r) {
    return r.lo() != null
        && r.hi() != null
        && r.loInclusive()
        && r.hiInclusive()
        && VALUE_ORDER.compare(r.lo(), r.hi()) == 0;
  }

  /** Whether {@code v} lies in {@code r}. */
  static boolean contains(IndexRange r, Object v) {
    if (r.lo() != null) {
      int c = VALUE_ORDER.compare(v, r.lo());
      if (c < 0 || c == 0 && !r.loInclusive()) {
        return false;
      }
    }
    if (r.hi() != null) {
      int c = VALUE_ORDER.compare(v, r.hi());
      return c < 0 || c == 0 && r.hiInclusive();
    }
    return true;
  }
}
