package io.tidal.engine.rank;

import io.tidal.schema.EntityId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the best {@code need} (score, id) pairs offered: score descending, ties by unsigned id
 * ascending. A bounded heap whose root is the worst kept pair: O(log need) per offer. Not
 * thread-safe (one per query).
 */
public final class TopKCollector {
  /** Worst first: lower score, then larger id. */
  private static final Comparator<long[]> WORST_FIRST =
      (x, y) -> {
        int c = Double.compare(Double.longBitsToDouble(x[1]), Double.longBitsToDouble(y[1]));
        return c != 0 ? c : Long.compareUnsigned(y[0], x[0]);
      };

  private final int need;
  private final PriorityQueue<long[]> heap;

  public TopKCollector(int need) {
    this.need = need;
    this.heap = new PriorityQueue<>(Math.max(1, Math.min(need, 1024)), WORST_FIRST);
  }

  /** Offers a pair; NaN scores are ignored. */
  public void offer(long id, double score) {
    if (need == 0 || Double.isNaN(score)) {
      return;
    }
    long[] pair = {id, Double.doubleToRawLongBits(score)};
    if (heap.size() < need) {
      heap.add(pair);
    } else if (WORST_FIRST.compare(pair, heap.peek()) > 0) {
      heap.poll();
      heap.add(pair);
    }
  }

  /** Whether {@code need} pairs are kept. */
  public boolean full() {
    return heap.size() >= need;
  }

  /** The worst kept score (the K-th best); only meaningful when {@link #full()}. */
  public double worstScore() {
    long[] root = heap.peek();
    return root == null ? Double.NEGATIVE_INFINITY : Double.longBitsToDouble(root[1]);
  }

  /** The id of the worst kept pair; only meaningful when {@link #full()}. */
  public long worstId() {
    long[] root = heap.peek();
    return root == null ? 0L : root[0];
  }

  /** The kept pairs best first, without the first {@code offset}. */
  public TopKResult result(int offset, long touched) {
    List<long[]> all = new ArrayList<>(heap);
    all.sort(WORST_FIRST.reversed());
    List<Ranked> out = new ArrayList<>();
    for (int i = offset; i < all.size(); i++) {
      long[] p = all.get(i);
      out.add(new Ranked(EntityId.of(p[0]), Double.longBitsToDouble(p[1])));
    }
    return new TopKResult(out, touched);
  }
}
