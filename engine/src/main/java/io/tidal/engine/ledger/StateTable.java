package io.tidal.engine.ledger;

import java.util.function.BiConsumer;

/**
 * Entity id to packed state ({@code long[]}, see {@link EntityState}) for one signal type.
 *
 * <p>Lock striping: {@value #STRIPES} stripes, each an open-addressing hash table (linear probing,
 * primitive {@code long} keys, load factor at most 1/2) guarded by its own monitor. Callers lock
 * {@link #stripe(long)} around every access to a state, which makes a state update, and the rank
 * index updates done with it, atomic for that entity: a reader never sees a torn state. A state is
 * removed one by one when its entity is deleted or its last signal erased ({@link Stripe#remove}):
 * backward-shift deletion (Knuth 6.4, algorithm R) moves later entries of the probe run into the hole,
 * so there are no tombstones and lookups stay as short as if the entry had never been there.
 *
 * <p>Memory per entry: 8 (key) + 4 (compressed reference), at load between 1/4 and 1/2: 24 to 48
 * bytes, plus the state array itself.
 */
final class StateTable {
  static final int STRIPES = 256;

  private final Stripe[] stripes = new Stripe[STRIPES];

  StateTable() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  static long mix(long id) {
    long h = id * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  /** The stripe holding {@code id}; lock it (synchronized) around get/put. */
  Stripe stripe(long id) {
    return stripes[(int) (mix(id) >>> 56)];
  }

  /** Number of states (sums the stripes under their locks). */
  long size() {
    long n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }

  /** Bytes of the hash tables themselves (keys and references, not the states). */
  long tableBytes() {
    long b = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        b += 16L + 8L * s.keys.length + 16L + 4L * s.vals.length + 16L + s.dirty.length;
      }
    }
    return b;
  }

  /**
   * Calls {@code action} with each (id, state) of one stripe at a time, under that stripe's lock;
   * {@code action} must not keep the array.
   */
  void forEach(BiConsumer<Long, long[]> action) {
    for (Stripe s : stripes) {
      synchronized (s) {
        for (int i = 0; i < s.vals.length; i++) {
          if (s.vals[i] != null) {
            action.accept(s.keys[i], s.vals[i]);
          }
        }
      }
    }
  }

  Stripe[] stripes() {
    return stripes;
  }

  /**
   * One stripe: an open-addressing table. All methods require the caller to hold its monitor. Each
   * slot carries a dirty flag, set by {@link #put} (every change of a state goes through it) and
   * cleared by {@link #takeDirty}: a checkpoint writes only the states changed since the last one.
   */
  static final class Stripe {
    private long[] keys = new long[8];
    private long[][] vals = new long[8][];
    private boolean[] dirty = new boolean[8];
    private int size;

    long[] get(long id) {
      int mask = keys.length - 1;
      for (int i = (int) mix(id) & mask; ; i = (i + 1) & mask) {
        long[] v = vals[i];
        if (v == null) {
          return null;
        }
        if (keys[i] == id) {
          return v;
        }
      }
    }

    /** Installs or replaces a state (also after changing it in place) and marks it dirty. */
    void put(long id, long[] state) {
      put(id, state, true);
    }

    /** Installs or replaces a state with the given dirty flag. */
    void put(long id, long[] state, boolean isDirty) {
      int mask = keys.length - 1;
      for (int i = (int) mix(id) & mask; ; i = (i + 1) & mask) {
        if (vals[i] == null) {
          keys[i] = id;
          vals[i] = state;
          dirty[i] = isDirty;
          if (++size * 2 > keys.length) {
            grow();
          }
          return;
        }
        if (keys[i] == id) {
          vals[i] = state;
          dirty[i] = isDirty;
          return;
        }
      }
    }

    /**
     * Removes the state of {@code id}, if any; returns whether there was one. Backward-shift
     * deletion: every later entry of the run whose home slot does not lie cyclically in
     * {@code (hole, its slot]} moves into the hole (with its dirty flag), until an empty slot.
     */
    boolean remove(long id) {
      int mask = keys.length - 1;
      int i = (int) mix(id) & mask;
      while (true) {
        if (vals[i] == null) {
          return false;
        }
        if (keys[i] == id) {
          break;
        }
        i = (i + 1) & mask;
      }
      int hole = i;
      for (int j = (hole + 1) & mask; vals[j] != null; j = (j + 1) & mask) {
        int home = (int) mix(keys[j]) & mask;
        // j's entry may move into the hole unless its home lies cyclically in (hole, j]
        boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
        if (!stays) {
          keys[hole] = keys[j];
          vals[hole] = vals[j];
          dirty[hole] = dirty[j];
          hole = j;
        }
      }
      keys[hole] = 0;
      vals[hole] = null;
      dirty[hole] = false;
      size--;
      return true;
    }

    /** Whether slot {@code i} changed since the last {@link #takeDirty}. */
    boolean dirtyAt(int i) {
      return dirty[i];
    }

    /** Clears every dirty flag. */
    void takeDirty() {
      java.util.Arrays.fill(dirty, false);
    }

    int size() {
      return size;
    }

    /** Slot {@code i}'s id (valid only when {@link #stateAt} is non-null). */
    long idAt(int i) {
      return keys[i];
    }

    long[] stateAt(int i) {
      return vals[i];
    }

    int capacity() {
      return keys.length;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[][] oldVals = vals;
      boolean[] oldDirty = dirty;
      keys = new long[oldKeys.length * 2];
      vals = new long[oldKeys.length * 2][];
      dirty = new boolean[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldVals[i] != null) {
          put(oldKeys[i], oldVals[i], oldDirty[i]);
        }
      }
    }
  }
}
