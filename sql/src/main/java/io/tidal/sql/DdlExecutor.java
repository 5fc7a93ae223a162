package io.tidal.sql;

import io.tidal.TidalDB;
import java.sql.SQLException;

/**
 * Applies tidal DDL to the engine. The only DDL executor: nothing here loads a class, a file or a
 * remote source (Calcite's server executor would). DDL is not transactional; each statement is
 * durable and atomic on its own.
 */
public final class DdlExecutor {
  private DdlExecutor() {}

  /** Checks that a view's query validates (prepares it); throws its error otherwise. */
  public interface QueryValidator {
    void validate(String sql) throws SQLException;
  }

  /** Executes {@code ddl}; returns the update count (always 0). Views are refused. */
  public static int execute(TidalDB db, Ddl ddl) throws SQLException {
    return execute(
        db,
        ddl,
        sql -> {
          throw SqlStates.notSupported("views without a connection");
        });
  }

  /**
   * Executes {@code ddl}; returns the update count (always 0). A view's query must pass
   * {@code views} before anything is stored, so a view that does not validate leaves nothing
   * behind (its error, class 42, names what is wrong).
   */
  public static int execute(TidalDB db, Ddl ddl, QueryValidator views) throws SQLException {
    if (ddl instanceof Ddl.CreateView v) {
      if (db.schema().table(v.name()).isPresent()) {
        throw SqlStates.create(
            "a table named '" + v.name() + "' exists", SqlStates.TABLE_EXISTS, null);
      }
      if (!v.orReplace() && db.schema().view(v.name()).isPresent()) {
        throw SqlStates.create(
            "view '" + v.name() + "' exists (use CREATE OR REPLACE VIEW)",
            SqlStates.TABLE_EXISTS,
            null);
      }
      views.validate(v.sql());
    }
    try {
      if (ddl instanceof Ddl.CreateTable c) {
        if (!(c.ifNotExists() && db.schema().table(c.table().name()).isPresent())) {
          db.createTable(c.table());
        }
      } else if (ddl instanceof Ddl.DropTable d) {
        if (!(d.ifExists() && db.schema().table(d.name()).isEmpty())) {
          db.dropTable(d.name());
        }
      } else if (ddl instanceof Ddl.CreateSignalType c) {
        db.createSignalType(c.type(), c.orReplace());
      } else if (ddl instanceof Ddl.DropSignalType d) {
        if (!(d.ifExists() && db.schema().signalType(d.name()).isEmpty())) {
          db.dropSignalType(d.name());
        }
      } else if (ddl instanceof Ddl.CreateIndex i) {
        if (!(i.ifNotExists() && db.schema().index(i.index().name()).isPresent())) {
          db.createIndex(i.index());
        }
      } else if (ddl instanceof Ddl.DropIndex d) {
        if (!(d.ifExists() && db.schema().index(d.name()).isEmpty())) {
          db.dropIndex(d.name());
        }
      } else if (ddl instanceof Ddl.CreateView v) {
        db.createView(new io.tidal.schema.View(v.name(), v.sql()), v.orReplace());
      } else if (ddl instanceof Ddl.DropView d) {
        if (db.schema().view(d.name()).isEmpty()) {
          if (d.ifExists()) {
            return 0;
          }
          throw SqlStates.create(
              "unknown view '" + d.name() + "'", SqlStates.TABLE_NOT_FOUND, null);
        }
        db.dropView(d.name());
      }
      return 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }
}
