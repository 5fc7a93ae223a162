package io.tidal.bench.e2e;

import java.sql.SQLException;

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

  /** Receives each batch of the workload in turn. */
  interface Sink {
    void accept(Batch b) throws SQLException;
  }

  /** Hands every signal of {@code w}, in order, to {@code sink} in batches of {@code capacity}. */
  static void feed(W1 w, int capacity, Sink sink) throws SQLException {
    SignalStream s = new SignalStream(w);
    Batch b = new Batch(capacity);
    boolean more = true;
    while (more) {
      b.size = 0;
      while (!b.full() && (more = s.advance())) {
        b.add(s);
      }
      if (b.size > 0) {
        sink.accept(b);
      }
    }
  }
}
