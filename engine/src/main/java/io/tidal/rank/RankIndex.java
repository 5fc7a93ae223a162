package io.tidal.rank;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An ordered index of entities by a rank key, best first: {@code (cls desc, key desc, id asc
 * unsigned)}. {@code cls} separates classes that a single double cannot order (positive, zero and
 * negative decay scores); {@code key} orders within a class.
 *
 * <p>A concurrent skip list: {@link #add} and {@link #remove} are O(log N) and lock-free, iteration
 * is weakly consistent (never fails, may or may not reflect concurrent updates). Writers that move
 * an entity add its new entry before removing the old one, so a concurrent walk never loses the
 * entity; it may meet it twice, and walkers de-duplicate by id. Keys are compared with
 * {@link Double#compare}, so a key must be recomputed bit for bit to remove its entry: key
 * functions use {@link StrictMath}.
 *
 * <p>{@link #rebuild} replaces the whole content from unsorted entries in O(N log N) (an array sort
 * and the skip list's linear build from sorted input), much faster than N inserts: recovery uses it.
 */
public final class RankIndex {
  /** Class of a positive score. */
  public static final byte POSITIVE = 2;
  /** Class of a zero score. */
  public static final byte ZERO = 1;
  /** Class of a negative score. */
  public static final byte NEGATIVE = 0;

  private static final Comparator<Entry> ORDER = (x, y) -> {
    if (x.cls != y.cls) {
      return x.cls > y.cls ? -1 : 1;
    }
    int c = Double.compare(y.key, x.key);
    return c != 0 ? c : Long.compareUnsigned(x.id, y.id);
  };

  private volatile ConcurrentSkipListMap<Entry, Boolean> entries = new ConcurrentSkipListMap<>(ORDER);

  /** Adds an entry; returns false when an equal one is present. */
  public boolean add(long id, byte cls, double key) {
    return entries.putIfAbsent(new Entry(id, cls, key), Boolean.TRUE) == null;
  }

  /** Removes the entry equal to (id, cls, key); returns whether it was present. */
  public boolean remove(long id, byte cls, double key) {
    return entries.remove(new Entry(id, cls, key)) != null;
  }

  /** Entries best first, weakly consistent. */
  public Iterator<Entry> iterator() {
    return entries.keySet().iterator();
  }

  /** Number of entries, O(N): for statistics and tests only. */
  public long size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
  }

  /** A new entry, for {@link #rebuild}. */
  public static Entry entry(long id, byte cls, double key) {
    return new Entry(id, cls, key);
  }

  /**
   * Replaces the content with the first {@code n} of {@code all} (distinct ids, any order; the array
   * is sorted in place). Not atomic: callers run it while nothing else uses this index.
   */
  public void rebuild(Entry[] all, int n) {
    Arrays.sort(all, 0, n, ORDER);
    entries = new ConcurrentSkipListMap<>(new SortedView(all, n));
  }

  /** A sorted array seen as the SortedMap the skip list's linear bulk constructor reads. */
  private static final class SortedView extends AbstractMap<RankIndex.Entry, Boolean>
      implements SortedMap<RankIndex.Entry, Boolean> {
    private final RankIndex.Entry[] a;
    private final int n;

    SortedView(RankIndex.Entry[] a, int n) {
      this.a = a;
      this.n = n;
    }

    @Override
    public Comparator<? super RankIndex.Entry> comparator() {
      return ORDER;
    }

    @Override
    public Set<Map.Entry<RankIndex.Entry, Boolean>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<RankIndex.Entry, Boolean>> iterator() {
          return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
              return i < n;
            }

            @Override
            public Map.Entry<RankIndex.Entry, Boolean> next() {
              return new AbstractMap.SimpleImmutableEntry<>(a[i++], Boolean.TRUE);
            }
          };
        }

        @Override
        public int size() {
          return n;
        }
      };
    }

    @Override
    public SortedMap<RankIndex.Entry, Boolean> subMap(RankIndex.Entry from, RankIndex.Entry to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<RankIndex.Entry, Boolean> headMap(RankIndex.Entry to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<RankIndex.Entry, Boolean> tailMap(RankIndex.Entry from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RankIndex.Entry firstKey() {
      return a[0];
    }

    @Override
    public RankIndex.Entry lastKey() {
      return a[n - 1];
    }
  }

  /** One index entry: an entity id and its rank key. Immutable. */
  public static final class Entry {
    private final long id;
    private final byte cls;
    private final double key;

    Entry(long id, byte cls, double key) {
      this.id = id;
      this.cls = cls;
      this.key = key;
    }

    public long id() {
      return id;
    }

    public byte cls() {
      return cls;
    }

    public double key() {
      return key;
    }

    @Override
    public String toString() {
      return "Entry[" + Long.toUnsignedString(id) + ", cls=" + cls + ", key=" + key + "]";
    }
  }
}
