package io.tidal;

import java.util.Arrays;

/**
 * An immutable set of one entity table's entities, by the engine's dense ids: what a personal feed
 * excludes (an actor's seen set, {@link TidalDB#actorEntitySet}) or keeps (the rows a secondary
 * index names, {@link TidalDB#indexEntitySet}), handed back in a {@link RankQuery} so the rank walk
 * tests each entry with one primitive probe, before any key or row is read.
 *
 * <p>Design notes. Open addressing over a {@code long[]} of twice the size rounded up to a power of
 * two (load at most one half), Fibonacci hashing, linear probing; the id 0 is kept apart because 0
 * marks an empty slot. Ids are only meaningful for the table named (its entity dictionary); the
 * ranker refuses a set of another table. Built once per query execution: a few microseconds for a
 * thousand ids, no boxing.
 */
public final class EntitySet {
  private final String table;
  private final long[] slots;
  private final int shift;
  private final boolean hasZero;
  private final int size;

  private EntitySet(String table, long[] slots, int shift, boolean hasZero, int size) {
    this.table = table;
    this.slots = slots;
    this.shift = shift;
    this.hasZero = hasZero;
    this.size = size;
  }

  /** The set of {@code ids} (repeats allowed) of {@code table}'s entities. */
  static EntitySet of(String table, long[] ids, int n) {
    int cap = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
    long[] slots = new long[cap];
    int shift = 64 - Integer.numberOfTrailingZeros(cap);
    boolean zero = false;
    int size = 0;
    for (int i = 0; i < n; i++) {
      long id = ids[i];
      if (id == 0) {
        if (!zero) {
          zero = true;
          size++;
        }
        continue;
      }
      int s = slot(id, shift);
      while (slots[s] != 0 && slots[s] != id) {
        s = (s + 1) & (cap - 1);
      }
      if (slots[s] == 0) {
        slots[s] = id;
        size++;
      }
    }
    return new EntitySet(table, slots, shift, zero, size);
  }

  private static int slot(long id, int shift) {
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
  }

  /** The table whose entities these are (its canonical name). */
  public String table() {
    return table;
  }

  /** The number of distinct entities. */
  public int size() {
    return size;
  }

  /** Whether the entity of dense id {@code id} is in the set. */
  boolean contains(long id) {
    if (id == 0) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int s = slot(id, shift); ; s = (s + 1) & mask) {
      long v = slots[s];
      if (v == id) {
        return true;
      }
      if (v == 0) {
        return false;
      }
    }
  }

  /** The distinct ids, in no particular order. */
  long[] ids() {
    long[] out = new long[size];
    int n = 0;
    if (hasZero) {
      out[n++] = 0;
    }
    for (long v : slots) {
      if (v != 0) {
        out[n++] = v;
      }
    }
    return n == size ? out : Arrays.copyOf(out, n);
  }
}
