package io.tidal.engine.ledger;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;

/**
 * A copy of one (signal type, entity) hot state, taken while the caller keeps writers out
 * ({@link Ledger#copyStatesInDirtyGroups}) and encoded later without that exclusion: a checkpoint
 * copies under the engine's lock and encodes after releasing it.
 */
public final class StateCopy {
  private final SignalType type;
  private final EntityId entity;
  private final long[] state;
  private final int k;

  StateCopy(SignalType type, EntityId entity, long[] state, int k) {
    this.type = type;
    this.entity = entity;
    this.state = state;
    this.k = k;
  }

  public SignalType type() {
    return type;
  }

  public EntityId entity() {
    return entity;
  }

  /** The state as checkpointed (the ledger's state codec). */
  public StateRecord encode() {
    return new StateRecord(type, entity, StateCodec.encode(state, k));
  }
}
