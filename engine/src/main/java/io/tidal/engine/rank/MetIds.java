package io.tidal.engine.rank;

/**
 * The ids a rank walk has met, so that each entity is tested and scored once (a threshold walk over
 * several indexes meets an entity once per index; a concurrent move can show an entity twice in
 * one index).
 *
 * <p>Design notes. A growable open-addressing set of primitive {@code long}s (Fibonacci hashing,
 * linear probing, load at most one half, 0 kept apart since it marks an empty slot). It replaced a
 * {@code HashSet<Long>} of every id met, whose boxing and rehashing were about a third of a follow
 * feed's time (a walk of ~2,100 entries to admit 21, docs/BENCHMARKS.md W2); a one-index walk now
 * adds only the ids its filter admits.
 */
final class MetIds {
  private long[] slots = new long[64];
  private int shift = 64 - 6;
  private int size;
  private boolean hasZero;

  /** Adds {@code id}; returns whether it was not met before. */
  boolean add(long id) {
    if (id == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    for (int s = slot(id); ; s = (s + 1) & mask) {
      long v = slots[s];
      if (v == id) {
        return false;
      }
      if (v == 0) {
        slots[s] = id;
        size++;
        return true;
      }
    }
  }

  private int slot(long id) {
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    shift--;
    int mask = slots.length - 1;
    for (long v : old) {
      if (v != 0) {
        int s = slot(v);
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = v;
      }
    }
  }
}
