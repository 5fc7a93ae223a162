package io.tidal.engine.ledger;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;

/**
 * One (signal type, entity) hot state as checkpointed: {@code state} is encoded by the ledger's
 * state codec (format documented byte by byte there, first byte = format version) and is given back
 * to {@link Ledger#load} on recovery. The array belongs to the receiver.
 */
public record StateRecord(SignalType type, EntityId entity, byte[] state) {}
