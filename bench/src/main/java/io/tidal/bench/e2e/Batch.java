package io.tidal.bench.e2e;

/** Up to {@code capacity} signals in columns, reused from batch to batch. */
final class Batch {
  final int[] type;
  final int[] item;
  final double[] weight;
  final long[] ts;
  int size;

  Batch(int capacity) {
    type = new int[capacity];
    item = new int[capacity];
    weight = new double[capacity];
    ts = new long[capacity];
  }

  boolean full() {
    return size == ts.length;
  }

  void add(SignalStream s) {
    type[size] = s.type;
    item[size] = s.item;
    weight[size] = s.weight;
    ts[size] = s.ts;
    size++;
  }
}
