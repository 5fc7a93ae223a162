package io.tidal.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * The rows of a table as read from a checkpoint, in the order storage returned them, viewed as a
 * read-only {@link SortedMap} in {@link RowCodec#KEY_ORDER}: handed to the constructor of
 * {@link java.util.concurrent.ConcurrentSkipListMap}, which then builds its levels in one linear
 * pass from the entries instead of searching for each. Only {@link #comparator} and iteration are
 * used by it; the other views are not supported.
 *
 * <p>Stored row keys sort by their encoded bytes, which is key order ({@link RowCodec}); {@link
 * #add} still checks each key against the one before (one comparison per row), and a sequence that
 * is not strictly ascending reports {@link #inKeyOrder} false: the caller then inserts row by row.
 */
final class SortedRows extends AbstractMap<Object, Object[]>
    implements SortedMap<Object, Object[]> {
  private final List<Object> keys;
  private final List<Object[]> rows;
  private boolean ascending = true;

  SortedRows(int expected) {
    keys = new ArrayList<>(expected);
    rows = new ArrayList<>(expected);
  }

  /** Appends a row; its key should sort after the previous one. */
  void add(Object key, Object[] row) {
    if (ascending
        && !keys.isEmpty()
        && RowCodec.KEY_ORDER.compare(keys.get(keys.size() - 1), key) >= 0) {
      ascending = false;
    }
    keys.add(key);
    rows.add(row);
  }

  /** Whether the keys were strictly ascending in key order. */
  boolean inKeyOrder() {
    return ascending;
  }

  Object key(int i) {
    return keys.get(i);
  }

  Object[] row(int i) {
    return rows.get(i);
  }

  @Override
  public int size() {
    return keys.size();
  }

  @Override
  public Comparator<Object> comparator() {
    return RowCodec.KEY_ORDER;
  }

  @Override
  public Set<Map.Entry<Object, Object[]>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.size();
      }

      @Override
      public Iterator<Map.Entry<Object, Object[]>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.size();
          }

          @Override
          public Map.Entry<Object, Object[]> next() {
            if (next >= keys.size()) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys.get(i), rows.get(i));
          }
        };
      }
    };
  }

  @Override
  public Object firstKey() {
    if (keys.isEmpty()) {
      throw new NoSuchElementException();
    }
    return keys.get(0);
  }

  @Override
  public Object lastKey() {
    if (keys.isEmpty()) {
      throw new NoSuchElementException();
    }
    return keys.get(keys.size() - 1);
  }

  @Override
  public SortedMap<Object, Object[]> subMap(Object fromKey, Object toKey) {
    throw new UnsupportedOperationException("a load-time view");
  }

  @Override
  public SortedMap<Object, Object[]> headMap(Object toKey) {
    throw new UnsupportedOperationException("a load-time view");
  }

  @Override
  public SortedMap<Object, Object[]> tailMap(Object fromKey) {
    throw new UnsupportedOperationException("a load-time view");
  }
}
