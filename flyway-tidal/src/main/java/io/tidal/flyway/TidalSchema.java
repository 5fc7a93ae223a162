package io.tidal.flyway;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/**
 * A tidal schema (in practice {@code TIDAL}, the only one that holds tables). tidal cannot create
 * or drop schemas; {@code clean} drops the schema's views, signal types and tables, in that order
 * (a table with a signal type cannot be dropped first).
 */
final class TidalSchema extends Schema<TidalDatabase, TidalTable> {

  private static final String SIGNALS = "SIGNALS";

  TidalSchema(JdbcTemplate jdbcTemplate, TidalDatabase database, String name) {
    super(jdbcTemplate, database, name);
  }

  @Override
  protected boolean doExists() throws SQLException {
    try (ResultSet rs = database.getJdbcMetaData().getSchemas()) {
      while (rs.next()) {
        if (name.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  protected boolean doEmpty() throws SQLException {
    return objectNames("TABLE").isEmpty() && objectNames("VIEW").isEmpty();
  }

  @Override
  protected void doCreate() {
    throw new FlywayException(
        "tidal cannot create schema "
            + name
            + ": tables live in the schema TIDAL (leave Flyway's schemas unset or set it to TIDAL)");
  }

  @Override
  protected void doDrop() {
    throw new FlywayException(
        "tidal cannot drop schema " + name + ": use clean to drop its objects");
  }

  @Override
  protected void doClean() throws SQLException {
    for (String view : objectNames("VIEW")) {
      jdbcTemplate.execute("DROP VIEW " + database.quote(name, view));
    }
    for (String type : jdbcTemplate.queryForStringList("SELECT name FROM sys.signal_types")) {
      jdbcTemplate.execute("DROP SIGNAL TYPE " + database.quote(type));
    }
    for (TidalTable table : doAllTables()) {
      table.drop();
    }
  }

  @Override
  protected TidalTable[] doAllTables() throws SQLException {
    List<String> names = objectNames("TABLE");
    TidalTable[] tables = new TidalTable[names.size()];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = new TidalTable(jdbcTemplate, database, this, names.get(i));
    }
    return tables;
  }

  @Override
  public Table<?, ?> getTable(String tableName) {
    return new TidalTable(jdbcTemplate, database, this, tableName);
  }

  /**
   * Names of this schema's objects of one JDBC table type, as the driver reports them, without
   * the built-in {@code SIGNALS} table: every database has it and it cannot be dropped, so it
   * neither makes a schema non-empty nor is cleaned.
   */
  List<String> objectNames(String type) throws SQLException {
    List<String> names = new ArrayList<>();
    DatabaseMetaData meta = database.getJdbcMetaData();
    try (ResultSet rs = meta.getTables(null, null, "%", new String[] {type})) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME");
        if (name.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))
            && !table.equalsIgnoreCase(SIGNALS)) {
          names.add(table);
        }
      }
    }
    return names;
  }
}
