package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deleting what a user asks to delete: an entity's signals when its row is deleted, and retained
 * signals by type, entity and actor ({@code DELETE FROM signals WHERE ...}).
 *
 * <p>Design notes. An erasure is logged as its predicate ({@link WriteOp.Erase}, WAL kind ERASE), not
 * as the list of signals it found; it is logged and applied under the engine's exclusive lock, so no
 * signal batch sits between "logged" and "applied" and replay, which applies the predicate to the
 * state rebuilt at that point of the log, erases exactly the signals the live erasure erased. A row
 * delete needs no record of its own: applying a logged ROW_DELETE (live or replayed) deletes the
 * entity's signals, states and rank-index entries for every signal type on the table, and forgets
 * its dictionary entry, so a key inserted again starts from zero. Each erased signal leaves the warm
 * tier at once (reads no longer list it; the next checkpoint rewrites the chunks that held it) and
 * the ledger, which removes exactly its contribution from the entity's decay values, windowed counts
 * and rank keys. Signals older than the horizon are already folded into decay values, without actor
 * or key: an erasure cannot reach them one by one (deleting the entity removes them too). Every
 * applied deletion asks the next checkpoint to scrub the files ({@link Engine#requestScrub}).
 *
 * <p>ERASE payload, version 1: {@code [u8 1][u8 flags: bit 0 type, bit 1 entity key, bit 2 actor]}
 * then, for each flag set in that order, the type name (u16 length + UTF-8), the entity key
 * ({@link RowCodec#encodeKey}, u32 length + bytes), the actor id (u16 length + UTF-8). All integers
 * big-endian.
 */
final class Erasure {
  private static final int VERSION = 1;
  private static final int TYPE = 1;
  private static final int KEY = 2;
  private static final int ACTOR = 4;

  private final Engine engine;

  Erasure(Engine engine) {
    this.engine = engine;
  }

  /**
   * Erases the retained signals matching every non-null argument (at least one must be given);
   * returns how many. Durable when it returns, like any write.
   */
  long erase(String type, Object entityKey, String actorId) {
    engine.checkWritable("erase signals");
    if (type == null && entityKey == null && actorId == null) {
      throw Errors.invalidValue("an erasure names a signal type, an entity or an actor", null);
    }
    engine.stateLock.writeLock().lock();
    try {
      engine.checkOpen();
      Object key = entityKey;
      if (type != null) {
        SignalType t = engine.schema.requireSignalType(type);
        TableData td = EntityLookup.liveTable(engine.tables, t);
        key = entityKey == null ? null : keyFor(td.table.keyType(), entityKey);
        if (entityKey != null && key == null) {
          throw Errors.wrongEntityKey(t.name(), td.table.keyType().name(), entityKey);
        }
        type = t.name();
      } else if (entityKey != null && !(entityKey instanceof String || entityKey instanceof Long)) {
        key = RowCodec.entityKeyOrNull(ColumnType.BIGINT, entityKey);
        if (key == null) {
          throw Errors.invalidValue("entity key must be a VARCHAR or BIGINT value", entityKey);
        }
      }
      WriteOp.Erase op = new WriteOp.Erase(type, key, actorId);
      engine.log.append(List.of(op));
      return apply(op);
    } finally {
      engine.stateLock.writeLock().unlock();
    }
  }

  /** Applies a logged erasure (live or in replay); returns the number of signals erased. */
  long apply(WriteOp.Erase x) {
    List<SignalType> types = new ArrayList<>();
    if (x.type() != null) {
      engine.schema.signalType(x.type()).ifPresent(types::add);
    } else {
      types.addAll(engine.schema.signalTypes());
    }
    long n = 0;
    for (SignalType t : types) {
      TableData td = engine.tables.get(t.table());
      if (td == null) {
        continue;
      }
      EntityId only = null;
      if (x.key() != null) {
        Object k = keyFor(td.table.keyType(), x.key());
        only = k == null ? null : td.dictionary.lookup(k);
        if (only == null) {
          continue;
        }
      }
      List<WarmSignals.Erased> gone =
          engine.warm.erase(
              t.name(), only, x.actorId(), null, id -> td.dictionary.keyOf(EntityId.of(id)));
      for (WarmSignals.Erased g : gone) {
        engine.ledger.eraseSignal(t, g.id(), g.timestamp(), g.weight());
      }
      n += gone.size();
      if (!gone.isEmpty()) { // the erased signals leave their roll-ups too
        Rollups.cascade(engine, t, only == null ? null : td.dictionary.keyOf(only), x.actorId());
      }
    }
    if (n > 0) {
      engine.requestScrub();
    }
    return n;
  }

  /** Deletes every signal and state of entity {@code key} of {@code td} (its row was deleted). */
  void deleteEntity(TableData td, Object key) {
    if (!td.table.hasPrimaryKey()) {
      return; // an ordinary table (hidden row ids) receives no signals
    }
    EntityId id = td.dictionary.lookup(key);
    if (id != null) {
      for (SignalType t : engine.schema.signalTypes()) {
        if (t.table().equals(td.name())) {
          engine.ledger.removeEntity(t, id);
          engine.warm.deleteEntity(t.name(), id, key);
          Rollups.cascade(engine, t, key, null); // the entity's signals leave their roll-ups
        }
      }
      td.dictionary.remove(key);
    }
  }

  /** {@code key} as a key of {@code keyType}: a VARCHAR key as is, a BIGINT key from any integer or its digits. */
  static Object keyFor(ColumnType keyType, Object key) {
    Object k = RowCodec.entityKeyOrNull(keyType, key);
    if (k == null && keyType == ColumnType.BIGINT && key instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return k;
  }

  // ---- the WAL payload ----

  static byte[] encode(WriteOp.Erase x) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.write(
        (x.type() != null ? TYPE : 0)
            | (x.key() != null ? KEY : 0)
            | (x.actorId() != null ? ACTOR : 0));
    if (x.type() != null) {
      str16(out, x.type());
    }
    if (x.key() != null) {
      byte[] k = RowCodec.encodeKey(x.key());
      out.writeBytes(ByteBuffer.allocate(4).putInt(k.length).array());
      out.writeBytes(k);
    }
    if (x.actorId() != null) {
      str16(out, x.actorId());
    }
    return out.toByteArray();
  }

  private static void str16(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(ByteBuffer.allocate(2).putShort((short) b.length).array());
    out.writeBytes(b);
  }

  static WriteOp.Erase decode(byte[] p) {
    try {
      ByteBuffer in = ByteBuffer.wrap(p);
      int version = in.get();
      if (version != VERSION) {
        throw new EngineException(
            ErrorCode.UNSUPPORTED_FORMAT,
            "unsupported erasure record [version=" + version + ", supported=1]");
      }
      int flags = in.get();
      String type = (flags & TYPE) != 0 ? str16(in) : null;
      Object key = null;
      if ((flags & KEY) != 0) {
        byte[] k = new byte[in.getInt()];
        in.get(k);
        key = RowCodec.decodeKey(k);
      }
      String actor = (flags & ACTOR) != 0 ? str16(in) : null;
      if (in.hasRemaining() || (flags & ~(TYPE | KEY | ACTOR)) != 0) {
        throw new EngineException(ErrorCode.CORRUPT, "bad erasure record [flags=" + flags + "]");
      }
      return new WriteOp.Erase(type, key, actor);
    } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
      throw new EngineException(
          ErrorCode.CORRUPT, "truncated erasure record [length=" + p.length + "]");
    }
  }

  private static String str16(ByteBuffer in) {
    byte[] b = new byte[in.getShort() & 0xFFFF];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
