package io.tidal.engine;

import io.tidal.engine.ledger.Ledger;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.Arrays;

/**
 * One type's signals of a batch, index-aligned, for {@link Ledger#recordAll}; {@link Runs} groups
 * a batch's signals by type.
 */
final class SignalRun {
  SignalType type;
  long[] ids = new long[16];
  double[] weights = new double[16];
  long[] ts = new long[16];
  int n;

  void add(EntityId id, WriteOp.Sig s) {
    if (n == ids.length) {
      int grown = 2 * n;
      ids = Arrays.copyOf(ids, grown);
      weights = Arrays.copyOf(weights, grown);
      ts = Arrays.copyOf(ts, grown);
    }
    ids[n] = id.bits();
    weights[n] = s.weight();
    ts[n++] = s.timestamp();
  }

  /**
   * A batch's signals by type (a handful of types per batch: found by a linear scan on the name).
   *
   * <p>Design notes. One instance per thread, reused from batch to batch: the arrays grow to the
   * largest batch a thread applies and stay, so grouping allocates nothing per signal (it
   * allocated three arrays of the batch's size per type per batch before, issue 18 item 5). A
   * thread applies one batch at a time ({@link WritePath#apply} does not re-enter), so {@link
   * #start} may reset what the previous batch left.
   */
  static final class Runs {
    private static final ThreadLocal<Runs> PER_THREAD = ThreadLocal.withInitial(Runs::new);

    private SignalRun[] runs = new SignalRun[0];
    private int used;

    /** This thread's runs, emptied. */
    static Runs start() {
      Runs r = PER_THREAD.get();
      r.used = 0;
      return r;
    }

    void add(SignalType type, EntityId id, WriteOp.Sig s) {
      run(type).add(id, s);
    }

    private SignalRun run(SignalType type) {
      for (int i = 0; i < used; i++) {
        if (runs[i].type.name().equals(type.name())) {
          return runs[i];
        }
      }
      if (used == runs.length) {
        runs = Arrays.copyOf(runs, used + 4);
      }
      SignalRun r = runs[used];
      if (r == null) {
        r = new SignalRun();
        runs[used] = r;
      }
      used++;
      r.type = type;
      r.n = 0;
      return r;
    }

    /** Records every run in the ledger, then forgets the types (the arrays stay for the next batch). */
    void recordAll(Ledger ledger) {
      for (int i = 0; i < used; i++) {
        SignalRun r = runs[i];
        ledger.recordAll(r.type, r.ids, r.weights, r.ts, r.n);
        r.type = null;
      }
      used = 0;
    }
  }
}
