package io.tidal;

import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import io.tidal.schema.View;

/** A schema change: validated against the current schema, logged, then applied (live and on replay). */
sealed interface Ddl {

  /** The schema after this change; throws the schema's validation error naming the offending value. */
  Schema applyTo(Schema s);

  record CreateTable(EntityTable table) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withTable(table);
    }
  }

  record DropTable(String name) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withoutTable(name);
    }
  }

  record CreateSignalType(SignalType type, boolean orReplace) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withSignalType(type, orReplace);
    }
  }

  record DropSignalType(String name) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withoutSignalType(name);
    }
  }

  record CreateView(View view, boolean orReplace) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withView(view, orReplace);
    }
  }

  record DropView(String name) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withoutView(name);
    }
  }

  record CreateIndex(io.tidal.schema.Index index) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withIndex(index);
    }
  }

  record DropIndex(String name) implements Ddl {
    @Override
    public Schema applyTo(Schema s) {
      return s.withoutIndex(name);
    }
  }
}
