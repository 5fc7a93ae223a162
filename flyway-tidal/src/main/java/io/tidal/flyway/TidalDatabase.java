package io.tidal.flyway;

import java.sql.Connection;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * A tidal database as Flyway sees it: the schema history table's DDL, one connection for history
 * and migrations, and tidal's dialect facts (DDL is not transactional, booleans are TRUE/FALSE).
 */
final class TidalDatabase extends Database<TidalConnection> {
  // The history table uses only types and constraints tidal stores natively; installed_rank is the
  // primary key (an INT key is a BIGINT key in tidal), so Flyway's "ORDER BY installed_rank" and
  // "WHERE installed_rank > ?" read it in key order. Flyway's own INSERT/UPDATE/DELETE/SELECT of
  // the history table are used unchanged: they are plain SQL over quoted names.

  TidalDatabase(
      Configuration configuration,
      JdbcConnectionFactory connectionFactory,
      StatementInterceptor statementInterceptor) {
    super(configuration, connectionFactory, statementInterceptor);
  }

  @Override
  protected TidalConnection doGetConnection(Connection connection) {
    return new TidalConnection(this, connection);
  }

  @Override
  public void ensureSupported(Configuration configuration) {
    // every tidal version is supported
  }

  @Override
  @SuppressWarnings("rawtypes") // Flyway's Database declares a raw Table
  public String getRawCreateScript(Table table, boolean baseline) {
    String name = table.getName();
    return "CREATE TABLE "
        + table
        + " (\n"
        + "    "
        + quote("installed_rank")
        + " INT NOT NULL,\n"
        + "    "
        + quote("version")
        + " VARCHAR(50),\n"
        + "    "
        + quote("description")
        + " VARCHAR(200) NOT NULL,\n"
        + "    "
        + quote("type")
        + " VARCHAR(20) NOT NULL,\n"
        + "    "
        + quote("script")
        + " VARCHAR(1000) NOT NULL,\n"
        + "    "
        + quote("checksum")
        + " INT,\n"
        + "    "
        + quote("installed_by")
        + " VARCHAR(100) NOT NULL,\n"
        + "    "
        + quote("installed_on")
        + " TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
        + "    "
        + quote("execution_time")
        + " INT NOT NULL,\n"
        + "    "
        + quote("success")
        + " BOOLEAN NOT NULL,\n"
        + "    CONSTRAINT "
        + quote(name + "_pk")
        + " PRIMARY KEY ("
        + quote("installed_rank")
        + ")\n"
        + ");\n"
        + (baseline ? getBaselineStatement(table) + ";\n" : "")
        + "CREATE INDEX "
        + quote(name + "_s_idx")
        + " ON "
        + table
        + " ("
        + quote("success")
        + ");\n";
  }

  @Override
  public boolean supportsDdlTransactions() {
    return false;
  }

  @Override
  public String getBooleanTrue() {
    return "TRUE";
  }

  @Override
  public String getBooleanFalse() {
    return "FALSE";
  }

  @Override
  public boolean catalogIsSchema() {
    return false;
  }

  /**
   * One connection for the history table and the migrations: the history lock and the
   * migration's writes then belong to one tidal transaction, and a memory database cannot lose
   * its tables between two connections.
   */
  @Override
  public boolean useSingleConnection() {
    return true;
  }
}
