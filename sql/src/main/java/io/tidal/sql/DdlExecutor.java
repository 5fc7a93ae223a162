package io.tidal.sql;

import io.tidal.Ddl;
import io.tidal.TidalDB;
import io.tidal.schema.View;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * Applies tidal DDL to the engine. The only DDL executor: nothing here loads a class, a file or a
 * remote source (Calcite's server executor would). DDL is not transactional; each statement is
 * durable and atomic on its own.
 */
public final class DdlExecutor {
  private DdlExecutor() {}

  /**
   * Executes {@code ddl}; returns the update count (always 0). A view's query must prepare on
   * {@code calcite} (the connection the statement runs on) before anything
   * is stored, so a view that does not validate leaves nothing behind (its error, class 42, names
   * what is wrong).
   */
  public static int execute(TidalDB db, Ddl ddl, CalciteConnection calcite) throws SQLException {
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
      validateView(calcite, db, v.sql());
    }
    try {
      db.apply(ddl); // IF [NOT] EXISTS decided by the engine, under the lock that applies it
      return 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  /**
   * Prepares a view's query as any query is prepared (score calls checked first, {@link
   * ScoreCallValidator}; then Calcite with tidal's rules) and refuses parameters.
   */
  private static void validateView(CalciteConnection calcite, TidalDB db, String sql)
      throws SQLException {
    try (PreparedStatement ps =
        calcite.prepareStatement(ScoreCallValidator.validate(sql, db.schema()))) {
      if (ps.getParameterMetaData().getParameterCount() > 0) {
        throw SqlStates.create(
            "a view's query cannot have parameters (?)", SqlStates.UNDEFINED_PARAMETER, null);
      }
    }
  }
}
