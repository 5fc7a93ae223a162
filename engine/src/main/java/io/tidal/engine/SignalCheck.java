package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.Column;
import io.tidal.schema.SchemaException;
import io.tidal.schema.SignalType;

/**
 * Validation of one signal against its type and entity table, before anything is logged: not a
 * roll-up, a finite weight, a timestamp in range, an entity key of the table's key type and length,
 * an actor id and dedup key within {@link #MAX_ACTOR_BYTES}. Each failure names the bad value.
 */
final class SignalCheck {
  private SignalCheck() {}

  /** {@link Engine#checkSignal(Signal)} with the signal's type and its table already resolved. */
  static WriteOp.Sig check(Signal s, SignalType type, TableData td) {
    if (type.isRollup()) {
      throw SchemaException.rollupWrite(type.name(), type.rollupOf());
    }
    if (!Double.isFinite(s.weight())) {
      throw Errors.invalidWeight(type.name(), s.weight());
    }
    if (s.timestamp() < TidalDB.MIN_TIMESTAMP || s.timestamp() > TidalDB.MAX_TIMESTAMP) {
      throw Errors.invalidTimestamp(type.name(), s.timestamp());
    }
    Object key = RowCodec.entityKeyOrNull(td.table.keyType(), s.entityKey());
    if (key == null) {
      throw Errors.wrongEntityKey(type.name(), td.table.keyType().name(), s.entityKey());
    }
    checkBytes("actor id", type, s.actorId());
    checkBytes("dedup key", type, s.dedupKey());
    if (key
        instanceof String k) { // an id longer than the key column's declared length names no row
      Column kc = td.table.columns().get(td.table.keyIndex());
      int len = kc.length();
      if (len >= 0 && k.length() > len && k.codePointCount(0, k.length()) > len) {
        throw Errors.tooLong(td.table.name(), kc.name(), kc.declaredType(), len, k);
      }
    }
    return new WriteOp.Sig(type, td, key, s.weight(), s.timestamp(), s.dedupKey(), s.actorId());
  }

  /** Longest accepted actor id and dedup key, in UTF-8 bytes (memory and file databases alike). */
  static final int MAX_ACTOR_BYTES = 1024;

  /** A too long actor id or dedup key is 22001 (VALUE_TOO_LONG) naming it. */
  private static void checkBytes(String what, SignalType type, String value) {
    if (value != null && utf8Length(value) > MAX_ACTOR_BYTES) {
      String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
      throw new EngineException(
          ErrorCode.VALUE_TOO_LONG,
          what
              + " of a "
              + TidalException.quote(type.name())
              + " signal must have at most "
              + MAX_ACTOR_BYTES
              + " UTF-8 bytes [value="
              + TidalException.quote(shown)
              + "]");
    }
  }

  private static int utf8Length(String s) {
    return s.length() * 3 <= MAX_ACTOR_BYTES
        ? s.length()
        : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
