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

  /** Executes {@code ddl}; returns the update count (always 0). */
  public static int execute(TidalDB db, Ddl ddl) throws SQLException {
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
      }
      return 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }
}
