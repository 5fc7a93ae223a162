package io.tidal.calcite;

import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.util.Optional;

/**
 * Conversions between {@code SIGNALS} rows and {@link Signal}s, shared by the Calcite sink and the
 * SQL layer's batch fast path so both apply the same defaults and the same entity-key typing.
 */
public final class SignalRows {
  private SignalRows() {}

  /**
   * A signal from SQL values (dedup key and actor may be NULL): {@code weight} NULL means 1.0, {@code ts} (UTC epoch ms) NULL means the
   * database clock's now. The entity id is converted to the key type of the type's table (a BIGINT
   * key from its decimal text).
   *
   * @throws TidalException {@code INVALID_VALUE} for a NULL type or entity id, or an entity id that is
   *     not a valid key
   */
  public static Signal toSignal(
      TidalDB db,
      Object type,
      Object entityId,
      Object weight,
      Object ts,
      Object dedupKey,
      Object actorId) {
    return new KeyResolver().toSignal(db, type, entityId, weight, ts, dedupKey, actorId);
  }

  /** The engine key for an entity id given as SQL text or number, for the table of {@code type}. */
  public static Object entityKey(TidalDB db, String type, Object entityId) {
    return new KeyResolver().entityKey(db, type, entityId);
  }

  /**
   * {@link SignalRows#toSignal} and {@link SignalRows#entityKey} for a run of rows: the signal type's
   * table is looked up again only when the type text or the database's schema changes. One per
   * statement; not thread-safe.
   */
  public static final class KeyResolver {
    private Schema schema;
    private String type;

    /** The type's table when its key is BIGINT; null otherwise (VARCHAR key, unknown type). */
    private EntityTable bigintTable;

    /** As {@link SignalRows#toSignal}. */
    public Signal toSignal(
        TidalDB db,
        Object type,
        Object entityId,
        Object weight,
        Object ts,
        Object dedupKey,
        Object actorId) {
      if (type == null) {
        throw TidalException.invalidValue("signal_type must not be NULL");
      }
      if (entityId == null) {
        throw TidalException.invalidValue(
            "entity_id must not be NULL [signal_type=" + TidalException.quote(type) + "]");
      }
      String typeName = type.toString();
      Object key = entityKey(db, typeName, entityId);
      double w = weight == null ? 1.0 : ((Number) weight).doubleValue();
      long t = ts == null ? db.config().clock().millis() : ((Number) ts).longValue();
      return new Signal(
          typeName,
          key,
          w,
          t,
          dedupKey == null ? null : dedupKey.toString(),
          actorId == null ? null : actorId.toString());
    }

    /** As {@link SignalRows#entityKey}. */
    public Object entityKey(TidalDB db, String type, Object entityId) {
      Schema current = db.schema();
      if (current != schema || !type.equals(this.type)) {
        bigintTable = bigintTable(current, type);
        schema = current;
        this.type = type;
      }
      if (bigintTable == null) {
        return entityId.toString(); // a VARCHAR key; for an unknown type the engine reports it
      }
      if (entityId instanceof Number n) {
        return n.longValue();
      }
      try {
        return Long.parseLong(entityId.toString().trim());
      } catch (NumberFormatException e) {
        throw TidalException.invalidValue(
            "entity_id "
                + TidalException.quote(entityId)
                + " is not a BIGINT key of table "
                + TidalException.quote(bigintTable.name()));
      }
    }

    private static EntityTable bigintTable(Schema schema, String type) {
      Optional<SignalType> st = schema.signalType(type);
      if (st.isEmpty()) {
        return null;
      }
      Optional<EntityTable> table = schema.table(st.get().table());
      return table.isPresent()
              && table.get().hasPrimaryKey()
              && table.get().keyType() == ColumnType.BIGINT
          ? table.get()
          : null;
    }
  }

  /** A {@code SIGNALS} row: type, entity id as text, weight, ts, dedup key, actor id. */
  static Object[] toRow(Signal s) {
    return new Object[] {
      s.type(), String.valueOf(s.entityKey()), s.weight(), s.timestamp(), s.dedupKey(), s.actorId()
    };
  }
}
