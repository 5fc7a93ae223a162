package io.tidal.engine.rank;

import java.util.Arrays;

/**
 * One sorted run of a {@link RankIndex}'s entries in three parallel arrays ({@code byte} class,
 * {@code long} key bits, {@code long} id), in the index's order. The arrays start small and double
 * up to the index's block size as entries arrive: an index of a few entries (one per creator of a
 * {@link GroupedIndex}) costs a few hundred bytes, not a full block. The caller holds the index's
 * monitor.
 */
final class RankBlock {
  /** Capacity of a block that starts empty. */
  static final int INITIAL = 8;

  byte[] cls;
  long[] key;
  long[] id;
  int n;

  RankBlock(int capacity) {
    cls = new byte[capacity];
    key = new long[capacity];
    id = new long[capacity];
  }

  /** Makes room for {@code size} entries. */
  void ensure(int size) {
    if (size > id.length) {
      int cap = Math.max(size, Math.min(RankIndex.MAX_BLOCK, id.length * 2));
      cls = Arrays.copyOf(cls, cap);
      key = Arrays.copyOf(key, cap);
      id = Arrays.copyOf(id, cap);
    }
  }

  /** Position of the entry, or {@code -(insertion point) - 1}. */
  int search(byte c, long k, long i) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = RankIndex.compare(cls[mid], key[mid], id[mid], c, k, i);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  void insert(int p, byte c, long k, long i) {
    ensure(n + 1);
    shift(p, p + 1, n - p);
    set(p, c, k, i);
    n++;
  }

  /** Moves entries {@code [from, from + len)} to {@code to} in the three arrays. */
  private void shift(int from, int to, int len) {
    System.arraycopy(cls, from, cls, to, len);
    System.arraycopy(key, from, key, to, len);
    System.arraycopy(id, from, id, to, len);
  }

  private void set(int p, byte c, long k, long i) {
    cls[p] = c;
    key[p] = k;
    id[p] = i;
  }

  /**
   * Moves the entry at {@code p} to insertion point {@code ip} (as {@link #search} gives it with the
   * entry still at {@code p}) as (c, k, i), shifting the entries between.
   */
  void moveWithin(int p, int ip, byte c, long k, long i) {
    if (ip > p) { // later: entries p + 1 .. ip - 1 shift one place down
      shift(p + 1, p, ip - 1 - p);
      set(ip - 1, c, k, i);
    } else { // earlier (or the same place): entries ip .. p - 1 shift one place up
      shift(ip, ip + 1, p - ip);
      set(ip, c, k, i);
    }
  }

  void delete(int p) {
    shift(p + 1, p, n - p - 1);
    n--;
  }

  /** Appends {@code r}'s entries (all ordered after this block's). */
  void append(RankBlock r) {
    ensure(n + r.n);
    System.arraycopy(r.cls, 0, cls, n, r.n);
    System.arraycopy(r.key, 0, key, n, r.n);
    System.arraycopy(r.id, 0, id, n, r.n);
    n += r.n;
  }
}
