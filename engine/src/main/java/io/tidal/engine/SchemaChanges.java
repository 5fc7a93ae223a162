package io.tidal.engine;

import io.tidal.Ddl;
import io.tidal.schema.Names;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.util.List;

/**
 * Schema changes behind {@link Engine}: a {@link Ddl} is validated, logged and applied under the
 * exclusive {@code stateLock}, with {@code IF [NOT] EXISTS} decided under that lock; replay applies
 * logged changes through {@link #applyDdl}. A signal type's ledger and warm tier come and go here.
 */
final class SchemaChanges {
  private final Engine e;

  SchemaChanges(Engine e) {
    this.e = e;
  }

  void change(Ddl change, String what) {
    e.checkWritable(what);
    e.stateLock.writeLock().lock();
    try {
      e.checkOpen();
      if (change.skippedOn(e.schema)) {
        return; // IF [NOT] EXISTS, decided under the lock that applies changes
      }
      change.applyTo(e.schema); // validates; throws naming the offending value
      TableData built = null;
      if (change instanceof Ddl.CreateIndex c) {
        // built before it is logged: a UNIQUE index over repeated values fails here, unlogged
        built = e.tables.get(c.index().table());
        built.addIndex(c.index());
      }
      try {
        e.log.append(List.of(new WriteOp.SchemaChange(change)));
      } catch (RuntimeException e) {
        if (built != null) {
          built.dropIndex(((Ddl.CreateIndex) change).index().name());
        }
        throw e;
      }
      applyDdl(change);
    } finally {
      e.stateLock.writeLock().unlock();
    }
  }

  /** Applies a validated, logged schema change (also used by replay). Caller holds the write lock. */
  void applyDdl(Ddl change) {
    Schema next = change.applyTo(e.schema);
    e.feedGroups.clear(); // built again by the next follow feed, over the new schema
    if (change instanceof Ddl.CreateTable c) {
      e.tables.put(c.table().name(), new TableData(c.table(), e.nextGen++));
    } else if (change instanceof Ddl.DropTable d) {
      e.tables.remove(Names.lookup(d.name()));
      e.requestScrub(); // its rows are deleted data too
    } else if (change instanceof Ddl.CreateSignalType c) {
      if (e.schema.signalType(c.type().name()).isPresent()) {
        dropType(c.type().name());
        e.requestScrub();
      }
      addType(c.type(), e.nextGen++);
      if (c.type().isRollup()) {
        e.schema = next; // the fill reads the new type from the schema
        Rollups.fill(e, c.type());
      }
    } else if (change instanceof Ddl.DropSignalType d) {
      dropType(Names.lookup(d.name()));
      e.requestScrub();
    } else if (change instanceof Ddl.CreateIndex c) {
      TableData td = e.tables.get(c.index().table());
      if (td.index(c.index().name()) == null) { // replay; live DDL built it already
        td.addIndex(c.index());
      }
    } else if (change instanceof Ddl.DropIndex d) {
      e.schema.index(d.name()).ifPresent(i -> e.tables.get(i.table()).dropIndex(i.name()));
    }
    e.schema = next;
  }

  void addType(SignalType type, long gen) {
    e.typeGens.put(type.name(), gen);
    e.ledger.addType(type);
    e.warm.addType(
        type.name(),
        StateStore.warm(gen),
        type.retentionMs(),
        type.isRollup()); // keeps what the ledger retains
  }

  private void dropType(String name) {
    e.typeGens.remove(name);
    e.ledger.dropType(name);
    e.warm.dropType(name);
  }
}
