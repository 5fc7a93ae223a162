package io.tidal;

import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import io.tidal.schema.View;

/**
 * A schema change, as {@link TidalDB#apply(Ddl)} takes it and as tidal's SQL parser produces it:
 * validated against the current schema, logged, then applied (live and on replay).
 *
 * <p>{@code IF EXISTS} / {@code IF NOT EXISTS} are flags of the change, decided by the engine
 * under the same lock that applies it (a change they make a no-op is neither applied nor logged;
 * the log never holds the flags: a logged change is one that happened).
 */
public sealed interface Ddl {

  /** The schema after this change; throws the schema's validation error naming the offending value. */
  Schema applyTo(Schema s);

  /** True when an IF [NOT] EXISTS flag makes this change a no-op on {@code s}. */
  default boolean skippedOn(Schema s) {
    if (this instanceof CreateTable c) {
      return c.ifNotExists() && s.table(c.table().name()).isPresent();
    } else if (this instanceof CreateIndex c) {
      return c.ifNotExists() && s.index(c.index().name()).isPresent();
    } else if (this instanceof DropTable d) {
      return d.ifExists() && s.table(d.name()).isEmpty();
    } else if (this instanceof DropSignalType d) {
      return d.ifExists() && s.signalType(d.name()).isEmpty();
    } else if (this instanceof DropView d) {
      return d.ifExists() && s.view(d.name()).isEmpty();
    } else if (this instanceof DropIndex d) {
      return d.ifExists() && s.index(d.name()).isEmpty();
    }
    return false;
  }

  record CreateTable(EntityTable table, boolean ifNotExists) implements Ddl {
    /** The change without the IF NOT EXISTS flag. */
    public CreateTable(EntityTable table) {
      this(table, false);
    }

    @Override
    public Schema applyTo(Schema s) {
      return s.withTable(table);
    }
  }

  record DropTable(String name, boolean ifExists) implements Ddl {
    /** The change without the IF EXISTS flag. */
    public DropTable(String name) {
      this(name, false);
    }

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

  record DropSignalType(String name, boolean ifExists) implements Ddl {
    /** The change without the IF EXISTS flag. */
    public DropSignalType(String name) {
      this(name, false);
    }

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

  record DropView(String name, boolean ifExists) implements Ddl {
    /** The change without the IF EXISTS flag. */
    public DropView(String name) {
      this(name, false);
    }

    @Override
    public Schema applyTo(Schema s) {
      return s.withoutView(name);
    }
  }

  record CreateIndex(io.tidal.schema.Index index, boolean ifNotExists) implements Ddl {
    /** The change without the IF NOT EXISTS flag. */
    public CreateIndex(io.tidal.schema.Index index) {
      this(index, false);
    }

    @Override
    public Schema applyTo(Schema s) {
      return s.withIndex(index);
    }
  }

  record DropIndex(String name, boolean ifExists) implements Ddl {
    /** The change without the IF EXISTS flag. */
    public DropIndex(String name) {
      this(name, false);
    }

    @Override
    public Schema applyTo(Schema s) {
      return s.withoutIndex(name);
    }
  }
}
