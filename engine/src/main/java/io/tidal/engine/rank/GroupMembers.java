package io.tidal.engine.rank;

/**
 * Entity id to the group ({@link RankIndex}) holding its entry, for one {@link GroupedIndex}.
 *
 * <p>Design notes. Open addressing over parallel arrays ({@code long} ids, group references),
 * Fibonacci hashing, linear probing, load at most one half, deletion by backward shift (no
 * tombstones: entities come and go with rows); id 0 is kept apart since it marks an empty slot.
 * Every method holds this map's monitor for one operation only (callers also hold the entity's
 * stripe lock, so one entity's operations are ordered; the monitor orders those of entities that
 * share a slot run). A {@code HashMap<Long, RankIndex>} would box an id per signal.
 */
final class GroupMembers {
  private long[] ids = new long[16];
  private RankIndex[] groups = new RankIndex[16];
  private int shift = 64 - 4;
  private int size;
  private RankIndex zero;

  synchronized RankIndex get(long id) {
    if (id == 0) {
      return zero;
    }
    int mask = ids.length - 1;
    for (int s = slot(id); ; s = (s + 1) & mask) {
      if (ids[s] == id) {
        return groups[s];
      }
      if (groups[s] == null) {
        return null;
      }
    }
  }

  /** Sets the group of {@code id} ({@code g} not null). */
  synchronized void put(long id, RankIndex g) {
    if (id == 0) {
      zero = g;
      return;
    }
    if (2 * (size + 1) > ids.length) {
      grow();
    }
    int mask = ids.length - 1;
    for (int s = slot(id); ; s = (s + 1) & mask) {
      if (groups[s] == null) {
        ids[s] = id;
        groups[s] = g;
        size++;
        return;
      }
      if (ids[s] == id) {
        groups[s] = g;
        return;
      }
    }
  }

  /** Removes {@code id}; returns its group, or null. */
  synchronized RankIndex remove(long id) {
    if (id == 0) {
      RankIndex g = zero;
      zero = null;
      return g;
    }
    int mask = ids.length - 1;
    int s = slot(id);
    while (groups[s] != null && ids[s] != id) {
      s = (s + 1) & mask;
    }
    RankIndex g = groups[s];
    if (g == null) {
      return null;
    }
    // Backward shift: move later entries of the run into the hole when their home allows it.
    int hole = s;
    for (int t = (s + 1) & mask; groups[t] != null; t = (t + 1) & mask) {
      int home = slot(ids[t]);
      if (((t - home) & mask) >= ((t - hole) & mask)) {
        ids[hole] = ids[t];
        groups[hole] = groups[t];
        hole = t;
      }
    }
    ids[hole] = 0;
    groups[hole] = null;
    size--;
    return g;
  }

  synchronized int size() {
    return size + (zero == null ? 0 : 1);
  }

  private int slot(long id) {
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void grow() {
    long[] oldIds = ids;
    RankIndex[] oldGroups = groups;
    ids = new long[oldIds.length * 2];
    groups = new RankIndex[oldIds.length * 2];
    shift--;
    int mask = ids.length - 1;
    for (int i = 0; i < oldIds.length; i++) {
      if (oldGroups[i] != null) {
        int s = slot(oldIds[i]);
        while (groups[s] != null) {
          s = (s + 1) & mask;
        }
        ids[s] = oldIds[i];
        groups[s] = oldGroups[i];
      }
    }
  }
}
