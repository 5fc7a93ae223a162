package io.tidal.flyway;

import java.sql.SQLException;
import org.flywaydb.core.internal.database.base.Connection;
import org.flywaydb.core.internal.database.base.Schema;

/** A JDBC connection to tidal wrapped for Flyway: the current schema is the connection's. */
final class TidalConnection extends Connection<TidalDatabase> {

  TidalConnection(TidalDatabase database, java.sql.Connection connection) {
    super(database, connection);
  }

  @Override
  protected String getCurrentSchemaNameOrSearchPath() throws SQLException {
    return getJdbcConnection().getSchema();
  }

  @Override
  protected void doChangeCurrentSchemaOrSearchPathTo(String schema) throws SQLException {
    getJdbcConnection().setSchema(schema);
  }

  @Override
  public Schema<?, ?> getSchema(String name) {
    return new TidalSchema(jdbcTemplate, database, name);
  }
}
