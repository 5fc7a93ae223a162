package io.tidal.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Dedup by key: a signal whose dedup key repeats the key of a retained signal of the same type and
 * entity is not logged and reported as not inserted, whatever its weight and timestamp (a retried
 * INSERT that lets {@code ts} default to now is still a retry).
 *
 * <p>Design notes. The keys live in the warm tier next to the signals that carry them (stored in its
 * chunks, so they survive checkpoints, restarts and WAL truncation, and are pruned, erased and
 * deleted with them; see {@link WarmSignals}). A batch reserves its keys before it is logged (so of
 * two concurrent retries exactly one is logged, and a key repeated within one batch counts once) and
 * releases them if the log refuses the batch. A key counts while its signal is within the type's
 * horizon (later than its latest signal minus its retention), exactly as the contract says: the
 * warm tier keeps the key until a checkpoint prunes the signal, but a repeat of a signal at or
 * before the horizon is a new signal whether or not that checkpoint has run. Signals without a key
 * are never dropped.
 */
final class Dedup {
  private final WarmSignals warm;
  private final java.util.function.ToLongFunction<io.tidal.schema.SignalType> horizon;

  Dedup(WarmSignals warm, java.util.function.ToLongFunction<io.tidal.schema.SignalType> horizon) {
    this.warm = warm;
    this.horizon = horizon;
  }

  /** Reserves the dedup keys of a batch; false marks a duplicate (nothing reserved for it). */
  boolean[] reserve(List<WriteOp> ops) {
    boolean[] fresh = new boolean[ops.size()];
    boolean source = true; // a roll-up contribution follows its source signal and shares its fate
    for (int i = 0; i < fresh.length; i++) {
      if (ops.get(i) instanceof WriteOp.Sig s && s.type().isRollup()) {
        fresh[i] = source;
        continue;
      }
      fresh[i] =
          !(ops.get(i) instanceof WriteOp.Sig s)
              || s.dedupKey() == null
              || warm.reserveDedup(
                  s.type().name(),
                  s.key(),
                  s.dedupKey(),
                  s.timestamp(),
                  horizon.applyAsLong(s.type()));
      source = fresh[i];
    }
    return fresh;
  }

  /** Gives back the keys {@link #reserve} took for a batch that was not logged. */
  void release(List<WriteOp> ops, boolean[] fresh) {
    for (int i = 0; i < fresh.length; i++) {
      if (fresh[i]
          && ops.get(i) instanceof WriteOp.Sig s
          && s.dedupKey() != null
          && !s.type().isRollup()) {
        warm.releaseDedup(s.type().name(), s.key(), s.dedupKey());
      }
    }
  }

  /** Logs the fresh operations of a batch; returns each operation's sequence, -1 for a duplicate. */
  static long[] append(WriteLog log, List<WriteOp> ops, boolean[] fresh) {
    List<WriteOp> logged = ops;
    int dropped = 0;
    for (boolean f : fresh) {
      dropped += f ? 0 : 1;
    }
    if (dropped > 0) {
      logged = new ArrayList<>(ops.size() - dropped);
      for (int i = 0; i < fresh.length; i++) {
        if (fresh[i]) {
          logged.add(ops.get(i));
        }
      }
    }
    long[] seqs = logged.isEmpty() ? new long[0] : log.append(logged);
    if (dropped == 0) {
      return seqs;
    }
    long[] out = new long[ops.size()];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = fresh[i] ? seqs[j++] : -1;
    }
    return out;
  }
}
