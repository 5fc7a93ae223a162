package io.tidal.engine;

import io.tidal.schema.EntityId;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Roll-up signal types ({@code CREATE SIGNAL TYPE creator_view ON creators ROLLUP OF view BY creator}):
 * every signal of the source type also counts, with its weight, timestamp and actor, for the entity
 * that a column of the source entity's row names when the signal is recorded.
 *
 * <p>Design notes. A roll-up contribution is an ordinary signal of the roll-up type, made when the
 * source signal's batch is committed ({@link #expand}, under the engine's locks, before dedup and the
 * log) and logged right after its source in the same WAL batch. So the resolution happens once: replay
 * applies the logged contribution and never reads a row again (a row updated meanwhile cannot make
 * replay diverge), and the roll-up has its own states, rank indexes, warm tier, actor index and
 * retention like any type. A contribution carries the source entity's key in its dedup-key field
 * (its link to the source; roll-up types never dedup by it): erasing or deleting source signals
 * erases the contributions that match the same predicate ({@link #cascade}), which removes exactly
 * their weight from the roll-up's states. A contribution is dropped with its source when the source is
 * a duplicate. The batch's own earlier row writes are seen (an item inserted with its first view in
 * one transaction rolls up).
 *
 * <p>At creation ({@link #fill}) the roll-up is filled from the source type's retained signals,
 * resolved through the rows as they are then; the fill is not logged: replaying the CREATE rebuilds
 * the same state at the same point of the log. Signals older than the source's retention (folded into
 * decay values) are not rolled up.
 */
final class Rollups {
  private Rollups() {}

  /**
   * The batch with each source signal followed by its roll-up contributions; {@code ops} itself when
   * no signal in it has a roll-up.
   */
  static List<WriteOp> expand(List<WriteOp> ops, Schema schema, Map<String, TableData> tables) {
    Map<String, List<SignalType>> bySource = new HashMap<>(2);
    for (SignalType t : schema.signalTypes()) {
      if (t.isRollup()) {
        bySource.computeIfAbsent(t.rollupOf(), x -> new ArrayList<>(1)).add(t);
      }
    }
    if (bySource.isEmpty()) {
      return ops; // the common case: one pass over the (few) types per batch
    }
    List<WriteOp> out = null;
    Map<Object, Object[]> batchRows = null; // (table, key) written earlier in this batch
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      if (op instanceof WriteOp.PutRow p) {
        batchRows = batchRows == null ? new HashMap<>() : batchRows;
        batchRows.put(List.of(p.table().name(), p.key()), p.row());
      } else if (op instanceof WriteOp.DeleteRow d) {
        batchRows = batchRows == null ? new HashMap<>() : batchRows;
        batchRows.put(List.of(d.table().name(), d.key()), DELETED);
      }
      List<SignalType> rollups =
          op instanceof WriteOp.Sig s
              ? bySource.getOrDefault(s.type().name(), List.of())
              : List.of();
      if (rollups.isEmpty()) {
        if (out != null) {
          out.add(op);
        }
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(ops.size() * 2);
        out.addAll(ops.subList(0, i));
      }
      WriteOp.Sig s = (WriteOp.Sig) op;
      out.add(s);
      Object[] row = batchRows == null ? null : batchRows.get(List.of(s.table().name(), s.key()));
      row = row == null ? s.table().get(s.key()) : row == DELETED ? null : row;
      for (SignalType r : rollups) {
        TableData target = tables.get(r.table());
        Object key = row == null ? null : targetKey(s.table(), r, target, row);
        if (key != null) {
          out.add(
              new WriteOp.Sig(
                  r, target, key, s.weight(), s.timestamp(), link(s.key()), s.actorId()));
        }
      }
    }
    return out == null ? ops : out;
  }

  private static final Object[] DELETED = new Object[0];

  /** The roll-up entity a source row names, as a key of the target table, or null. */
  private static Object targetKey(
      TableData source, SignalType rollup, TableData target, Object[] row) {
    int col = source.table.columnIndex(rollup.rollupBy());
    if (col < 0 || target == null || col >= row.length || row[col] == null) {
      return null;
    }
    return RowCodec.entityKeyOrNull(target.table.keyType(), row[col]);
  }

  /** The link a contribution carries to its source entity: the source key as text. */
  static String link(Object sourceKey) {
    return sourceKey.toString();
  }

  /** Maps the expanded batch's fresh flags back to the caller's operations (contributions skipped). */
  static boolean[] sourceFresh(List<WriteOp> expanded, boolean[] fresh, int n) {
    boolean[] out = new boolean[n];
    for (int i = 0, j = 0; i < expanded.size(); i++) {
      if (!(expanded.get(i) instanceof WriteOp.Sig s && s.type().isRollup())) {
        out[j++] = fresh[i];
      }
    }
    return out;
  }

  /**
   * Fills a just-created roll-up from the retained signals of its source (live and in replay, under
   * the exclusive lock).
   */
  static void fill(Engine e, SignalType rollup) {
    SignalType source = e.schema.requireSignalType(rollup.rollupOf());
    TableData from = e.tables.get(source.table());
    TableData target = e.tables.get(rollup.table());
    for (Iterator<Map.Entry<WarmSignals.Key, WarmSignals.Raw>> it =
            e.warm.scan(source.name(), null);
        it.hasNext(); ) {
      Map.Entry<WarmSignals.Key, WarmSignals.Raw> s = it.next();
      Object sourceKey = from.dictionary.keyOf(s.getKey().id());
      Object[] row = sourceKey == null ? null : from.get(sourceKey);
      Object key = row == null ? null : targetKey(from, rollup, target, row);
      if (key == null) {
        continue;
      }
      EntityId id = target.dictionary.idOf(key);
      long ts = s.getKey().timestamp();
      double w = s.getValue().weight();
      e.ledger.record(rollup, id, w, ts);
      e.warm.add(
          rollup.name(), id, key, ts, s.getKey().seq(), w, link(sourceKey), s.getValue().actorId());
    }
  }

  /**
   * Erases the contributions of source signals of {@code source} matching an erasure: of
   * {@code actor} (null: any), from source entity {@code sourceKey} (null: any). Returns how many.
   */
  static long cascade(Engine e, SignalType source, Object sourceKey, String actor) {
    long n = 0;
    for (SignalType r : e.schema.rollupsOf(source.name())) {
      TableData td = e.tables.get(r.table());
      if (td == null) {
        continue;
      }
      String link = sourceKey == null ? null : link(sourceKey);
      List<WarmSignals.Erased> gone =
          e.warm.erase(r.name(), null, actor, link, id -> td.dictionary.keyOf(EntityId.of(id)));
      for (WarmSignals.Erased g : gone) {
        e.ledger.eraseSignal(r, g.id(), g.timestamp(), g.weight());
      }
      n += gone.size();
    }
    return n;
  }
}
