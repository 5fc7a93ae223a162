package io.tidal;

import io.tidal.schema.SignalType;

/** One buffered write of a batch (a single call or a transaction), resolved and logged at commit. */
sealed interface WriteOp {

  /** Stores {@code row} under {@code key}; with {@code mustBeNew}, fails with DUPLICATE_KEY if taken. */
  record PutRow(TableData table, Object key, Object[] row, boolean mustBeNew) implements WriteOp {}

  record DeleteRow(TableData table, Object key) implements WriteOp {}

  /** A validated signal: normalised key of {@code table}'s key type. */
  record Sig(SignalType type, TableData table, Object key, double weight, long timestamp, String dedupKey)
      implements WriteOp {}

  /** A schema change; always alone in its batch. */
  record SchemaChange(Ddl change) implements WriteOp {}
}
