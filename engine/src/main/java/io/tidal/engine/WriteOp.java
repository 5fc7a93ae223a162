package io.tidal.engine;

import io.tidal.Ddl;
import io.tidal.schema.SignalType;

/** One buffered write of a batch (a single call or a transaction), resolved and logged at commit. */
sealed interface WriteOp {

  /** Stores {@code row} under {@code key}; with {@code mustBeNew}, fails with DUPLICATE_KEY if taken. */
  record PutRow(TableData table, Object key, Object[] row, boolean mustBeNew) implements WriteOp {}

  record DeleteRow(TableData table, Object key) implements WriteOp {}

  /** A validated signal: normalised key of {@code table}'s key type. */
  record Sig(
      SignalType type,
      TableData table,
      Object key,
      double weight,
      long timestamp,
      String dedupKey,
      String actorId)
      implements WriteOp {}

  /**
   * Erases the retained signals that match every non-null part: a type, an entity key (normalised,
   * of the type's table key type, or of any table when {@code type} is null) and an actor. Always
   * alone in its batch, logged and applied under the exclusive lock (see {@link Erasure}).
   */
  record Erase(String type, Object key, String actorId) implements WriteOp {}

  /** A schema change; always alone in its batch. */
  record SchemaChange(Ddl change) implements WriteOp {}
}
