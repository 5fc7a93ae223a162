package io.tidal.engine.rank;

/**
 * The sort behind {@link RankIndex#rebuild}: a quicksort of parallel (class, key bits, id) arrays
 * in the index's order, without boxing; kept apart from the index's structure code.
 */
final class EntrySort {
  private EntrySort() {}

  /** Quicksort of [lo, hi] of the parallel arrays by {@link RankIndex#compare}, random pivots. */
  static void sort(byte[] c, long[] k, long[] id, int lo, int hi, java.util.Random rnd) {
    while (hi - lo > 16) {
      int p = lo + rnd.nextInt(hi - lo + 1);
      byte pc = c[p];
      long pk = k[p];
      long pid = id[p];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (RankIndex.compare(c[i], k[i], id[i], pc, pk, pid) < 0) {
          i++;
        }
        while (RankIndex.compare(c[j], k[j], id[j], pc, pk, pid) > 0) {
          j--;
        }
        if (i <= j) {
          swap(c, k, id, i++, j--);
        }
      }
      if (j - lo < hi - i) { // recurse into the smaller side: O(log N) stack
        sort(c, k, id, lo, j, rnd);
        lo = i;
      } else {
        sort(c, k, id, i, hi, rnd);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) { // insertion sort of the small rest
      for (int j = i;
          j > lo && RankIndex.compare(c[j - 1], k[j - 1], id[j - 1], c[j], k[j], id[j]) > 0;
          j--) {
        swap(c, k, id, j - 1, j);
      }
    }
  }

  private static void swap(byte[] c, long[] k, long[] id, int i, int j) {
    byte tc = c[i];
    c[i] = c[j];
    c[j] = tc;
    long tk = k[i];
    k[i] = k[j];
    k[j] = tk;
    long ti = id[i];
    id[i] = id[j];
    id[j] = ti;
  }
}
