package io.tidal.flyway;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/**
 * A tidal table for Flyway, the schema history table above all. Its lock is a JVM lock per
 * database: tidal has no {@code SELECT ... FOR UPDATE}, and a tidal database is open in one
 * process only (the directory lock refuses a second), so two Flyway runs can only meet inside one
 * JVM, where this lock orders them.
 */
final class TidalTable extends Table<TidalDatabase, TidalSchema> {

  /** Key: the connection URL without its properties (one database), then the table name. */
  private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  TidalTable(JdbcTemplate jdbcTemplate, TidalDatabase database, TidalSchema schema, String name) {
    super(jdbcTemplate, database, schema, name);
  }

  @Override
  protected boolean doExists() throws SQLException {
    for (String table : schema.objectNames("TABLE")) {
      if (table.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void doDrop() throws SQLException {
    jdbcTemplate.execute("DROP TABLE " + this);
  }

  @Override
  protected void doLock() throws SQLException {
    ReentrantLock lock = LOCKS.computeIfAbsent(lockKey(), k -> new ReentrantLock());
    if (!lock.isHeldByCurrentThread()) {
      lock.lock();
    }
  }

  @Override
  protected void doUnlock() throws SQLException {
    ReentrantLock lock = LOCKS.get(lockKey());
    if (lock != null && lock.isHeldByCurrentThread()) {
      lock.unlock();
    }
  }

  private String lockKey() throws SQLException {
    String url = database.getJdbcMetaData().getURL();
    int props = url.indexOf(';');
    String database = props < 0 ? url : url.substring(0, props);
    return database
        + '\u0000'
        + schema.getName().toUpperCase(Locale.ROOT)
        + '.'
        + name.toUpperCase(Locale.ROOT);
  }
}
