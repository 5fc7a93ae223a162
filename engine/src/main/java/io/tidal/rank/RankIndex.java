package io.tidal.rank;

import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;

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

  private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(ORDER);

  /** Adds an entry; returns false when an equal one is present. */
  public boolean add(long id, byte cls, double key) {
    return entries.add(new Entry(id, cls, key));
  }

  /** Removes the entry equal to (id, cls, key); returns whether it was present. */
  public boolean remove(long id, byte cls, double key) {
    return entries.remove(new Entry(id, cls, key));
  }

  /** Entries best first, weakly consistent. */
  public Iterator<Entry> iterator() {
    return entries.iterator();
  }

  /** Number of entries, O(N): for statistics and tests only. */
  public long size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
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
