package io.tidal.engine;

import io.tidal.engine.ledger.LedgerGroups;
import io.tidal.engine.rank.GroupedIndex;
import io.tidal.engine.rank.RankTerm;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grouped rank indexes of follow feeds ({@link GroupedIndex}: a decay index split by a row
 * column), one per (table, column, signal type, half-life) that a follow feed has asked for.
 *
 * <p>Design notes. Built on the first follow feed that needs one (one pass over the type's states
 * under the exclusive state lock, so no writer runs meanwhile: tens of milliseconds for 10^5
 * states), kept in memory only, so after an open the first follow feed of each kind builds it
 * again; types and columns without follow feeds pay nothing on their signals. Once attached, the
 * ledger forwards every key change of the type to it (under the entity's stripe lock), and row
 * changes of the table come here ({@link TableData.RowListener}, under the row lock) and move the
 * entity between groups. Any schema change detaches them all (a dropped type or table, a replaced
 * column list); the next feed builds them again.
 */
final class FeedGroups implements TableData.RowListener {
  private final Engine e;

  /** By identity of the table and the type (a replaced one is another key; hashing is cheap). */
  private record Key(TableData table, int column, SignalType type, int halfLifeIndex) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.table == table
          && k.column == column
          && k.type == type
          && k.halfLifeIndex == halfLifeIndex;
    }

    @Override
    public int hashCode() {
      return ((System.identityHashCode(table) * 31 + column) * 31 + System.identityHashCode(type))
              * 31
          + halfLifeIndex;
    }
  }

  private final Map<Key, GroupedIndex> attached = new ConcurrentHashMap<>();

  FeedGroups(Engine e) {
    this.e = e;
  }

  /**
   * The grouped index of each term (all decay terms) on column {@code column} of {@code table},
   * building those missing; null when a term is not a decay term, or when this thread holds the
   * state lock (it cannot wait for the exclusive one), or the table or a type is gone.
   */
  List<GroupedIndex> forTerms(List<RankTerm> terms, TableData table, int column) {
    List<GroupedIndex> out = new ArrayList<>(terms.size());
    for (RankTerm t : terms) {
      if (!(t instanceof RankTerm.Decay d)) {
        return null;
      }
      GroupedIndex g = get(new Key(table, column, d.type(), d.halfLifeIndex()));
      if (g == null) {
        return null;
      }
      out.add(g);
    }
    return out;
  }

  private GroupedIndex get(Key k) {
    GroupedIndex g = attached.get(k);
    if (g != null
        || e.stateLock.getReadHoldCount() > 0
        || e.stateLock.isWriteLockedByCurrentThread()) {
      return g; // this thread holds the lock: it cannot wait for the exclusive one
    }
    e.stateLock.writeLock().lock();
    try {
      e.checkOpen();
      g = attached.get(k);
      if (g != null) {
        return g;
      }
      if (k.table().dictionary == null
          || e.tables.get(k.table().name()) != k.table()
          || e.schema.signalType(k.type().name()).orElse(null) != k.type()) {
        return null;
      }
      TableData td = k.table();
      int column = k.column();
      g = LedgerGroups.attach(e.ledger, k.type(), k.halfLifeIndex(), id -> valueOf(td, column, id));
      attached.put(k, g);
      td.listener = this;
      return g;
    } finally {
      e.stateLock.writeLock().unlock();
    }
  }

  /** The column value of the entity's row (as the secondary index holds it), or null. */
  private static Object valueOf(TableData td, int column, long id) {
    Object key = td.dictionary.keyOf(EntityId.of(id));
    Object[] row = key == null ? null : td.get(key);
    return row == null ? null : TableData.uniqueOne(row[column]);
  }

  @Override
  public void rowChanged(TableData table, Object key, Object[] old, Object[] row) {
    for (Map.Entry<Key, GroupedIndex> en : attached.entrySet()) {
      Key k = en.getKey();
      if (k.table() != table) {
        continue;
      }
      Object before = old == null ? null : TableData.uniqueOne(old[k.column()]);
      Object after = row == null ? null : TableData.uniqueOne(row[k.column()]);
      if (Objects.equals(before, after) || table.dictionary == null) {
        continue;
      }
      EntityId id = table.dictionary.lookup(key);
      if (id != null) {
        LedgerGroups.regroup(e.ledger, k.type(), en.getValue(), id, after);
      }
    }
  }

  /** Checks every attached grouped index against its type's index ({@link LedgerGroups#check}). */
  int check() {
    attached.forEach((k, g) -> LedgerGroups.check(e.ledger, k.type(), g));
    return attached.size();
  }

  /** Detaches every grouped index; the caller holds the exclusive state lock (a schema change). */
  void clear() {
    for (Map.Entry<Key, GroupedIndex> en : attached.entrySet()) {
      LedgerGroups.detach(e.ledger, en.getKey().type(), en.getValue());
      en.getKey().table().listener = null;
    }
    attached.clear();
  }
}
