package io.tidal.engine;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;

/** One type's signals of a batch, index-aligned, for {@link io.tidal.engine.ledger.Ledger#recordAll}. */
final class SignalRun {
  final SignalType type;
  final long[] ids;
  final double[] weights;
  final long[] ts;
  int n;

  SignalRun(SignalType type, int capacity) {
    this.type = type;
    ids = new long[capacity];
    weights = new double[capacity];
    ts = new long[capacity];
  }

  void add(EntityId id, WriteOp.Sig s) {
    ids[n] = id.bits();
    weights[n] = s.weight();
    ts[n++] = s.timestamp();
  }
}
