package io.tidal.sql;

import io.tidal.Ddl;
import io.tidal.TidalDB;
import io.tidal.schema.View;
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
    if (ddl instanceof Ddl.CreateView c) {
      View v = c.view();
      if (db.schema().table(v.name()).isPresent()) {
        throw SqlStates.create(
            "a table named '" + v.name() + "' exists", SqlStates.TABLE_EXISTS, null);
      }
      if (!c.orReplace() && db.schema().view(v.name()).isPresent()) {
        throw SqlStates.create(
            "view '" + v.name() + "' exists (use CREATE OR REPLACE VIEW)",
            SqlStates.TABLE_EXISTS,
            null);
      }
      views.validate(v.sql());
    }
    try {
      db.apply(ddl); // IF [NOT] EXISTS decided by the engine, under the lock that applies it
      return 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }
}
