package io.tidal.engine.wal;

import io.tidal.engine.storage.Bytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * One logged change. The WAL treats every byte array as opaque (the engine encodes entity keys,
 * rows and schema changes); it only reads the signal fields to compute dedup content hashes.
 * Records hold the arrays they are given: callers must not mutate them after {@code append}.
 *
 * <p>Limits (checked by {@link Wal#append}): strings at most {@value WalFormat#MAX_STRING_BYTES}
 * UTF-8 bytes, one record's encoding at most {@value WalFormat#MAX_BODY} bytes.
 */
public sealed interface WalRecord {

  /**
   * A signal. {@code dedupKey} and {@code actorId} may be null. When the log deduplicates (a
   * positive {@link WalOptions#dedupHorizon()}), two signals are duplicates when every field,
   * including the dedup key, is equal; the actor is not part of a signal's identity.
   */
  record SignalRecord(
      String type, byte[] entityKey, double weight, long timestamp, String dedupKey, String actorId)
      implements WalRecord {
    public SignalRecord {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(entityKey, "entityKey");
    }

    /** A signal without an actor. */
    public SignalRecord(
        String type, byte[] entityKey, double weight, long timestamp, String dedupKey) {
      this(type, entityKey, weight, timestamp, dedupKey, null);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SignalRecord s
          && type.equals(s.type)
          && Arrays.equals(entityKey, s.entityKey)
          && Double.compare(weight, s.weight) == 0
          && timestamp == s.timestamp
          && Objects.equals(dedupKey, s.dedupKey)
          && Objects.equals(actorId, s.actorId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, Arrays.hashCode(entityKey), weight, timestamp, dedupKey, actorId);
    }

    @Override
    public String toString() {
      return "Signal["
          + type
          + ", "
          + Bytes.hex(entityKey, 32)
          + ", "
          + weight
          + ", "
          + timestamp
          + (dedupKey == null ? "" : ", dedup=" + dedupKey)
          + (actorId == null ? "" : ", actor=" + actorId)
          + "]";
    }
  }

  /**
   * An erasure of retained signals, encoded by the engine (the predicate, not the signals: replay
   * applies it to the state it has rebuilt at that point of the log, which is the state the live
   * erasure saw).
   */
  record Erase(byte[] payload) implements WalRecord {
    public Erase {
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Erase e && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Erase[" + payload.length + " bytes]";
    }
  }

  /** Insert or replace the row {@code key} of {@code table}. */
  record RowPut(String table, byte[] key, byte[] value) implements WalRecord {
    public RowPut {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RowPut r
          && table.equals(r.table)
          && Arrays.equals(key, r.key)
          && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(table, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
      return "RowPut[" + table + ", " + Bytes.hex(key, 32) + ", " + value.length + " bytes]";
    }
  }

  /** Delete the row {@code key} of {@code table}. */
  record RowDelete(String table, byte[] key) implements WalRecord {
    public RowDelete {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RowDelete r && table.equals(r.table) && Arrays.equals(key, r.key);
    }

    @Override
    public int hashCode() {
      return Objects.hash(table, Arrays.hashCode(key));
    }

    @Override
    public String toString() {
      return "RowDelete[" + table + ", " + Bytes.hex(key, 32) + "]";
    }
  }

  /** A schema change, encoded by the engine. */
  record SchemaChange(byte[] payload) implements WalRecord {
    public SchemaChange {
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SchemaChange s && Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "SchemaChange[" + payload.length + " bytes]";
    }
  }
}
