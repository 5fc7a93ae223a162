package io.tidal.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the naive and expert peers share: one primary connection, the items table, retrying
 * single-row writers, and result-set helpers.
 */
abstract class SqlPeer implements Target {
  final Dialect dialect;
  Path dir;
  Connection conn;

  SqlPeer(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The schema's DDL, items table excluded. */
  abstract List<String> schema();

  @Override
  public void create(Path dir, W1 w) throws SQLException {
    open(dir, w);
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR(32) PRIMARY KEY, category VARCHAR(16))");
      for (String ddl : schema()) {
        s.execute(ddl);
      }
    }
    conn.setAutoCommit(false);
    try (PreparedStatement p = conn.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
      for (int i = 0; i < w.items(); i++) {
        p.setString(1, W1.id(i));
        p.setString(2, "c" + (i % 20));
        p.addBatch();
        if (i % 1000 == 999 || i == w.items() - 1) {
          p.executeBatch();
          conn.commit();
        }
      }
    }
    conn.setAutoCommit(true);
  }

  @Override
  public void open(Path dir, W1 w) throws SQLException {
    this.dir = dir;
    this.conn = dialect.connect(dir);
  }

  @Override
  public String version() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    return md.getDatabaseProductName()
        + " "
        + md.getDatabaseProductVersion()
        + " (driver "
        + md.getDriverVersion()
        + ")";
  }

  @Override
  public void close() throws SQLException {
    if (conn != null) {
      conn.close();
      conn = null;
    }
  }

  /** Runs {@code work} in one transaction on {@code c}, retrying on conflicts and busy errors. */
  static void inTransaction(Connection c, SqlWork work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        c.commit();
        return;
      } catch (SQLException e) {
        c.rollback();
        if (attempt >= 200) {
          throw e;
        }
      }
    }
  }

  interface SqlWork {
    void run() throws SQLException;
  }

  private long freshValue;

  /** A top-k query of this peer (binds the cache-defeating parameter, if the dialect has one). */
  List<Ranked> top(PreparedStatement p, double scale) throws SQLException {
    if (!dialect.uncached().isEmpty()) {
      p.setLong(1, freshValue++);
    }
    return ranked(p, scale);
  }

  /** A point query of this peer on {@code item}. */
  double point(PreparedStatement p, String item) throws SQLException {
    if (!dialect.uncached().isEmpty()) {
      p.setLong(2, freshValue++);
    }
    return scalar(p, item);
  }

  static List<Ranked> ranked(PreparedStatement p, double scale) throws SQLException {
    List<Ranked> out = new ArrayList<>(Oracle.K);
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(new Ranked(rs.getString(1), rs.getDouble(2) * scale));
      }
    }
    return out;
  }

  static double scalar(PreparedStatement p, String item) throws SQLException {
    p.setString(1, item);
    try (ResultSet rs = p.executeQuery()) {
      // SUM over no rows is NULL: an item without signals scores 0 (DuckDB's getDouble gives NaN).
      if (!rs.next()) {
        return 0.0;
      }
      double v = rs.getDouble(1);
      return rs.wasNull() ? 0.0 : v;
    }
  }

  static String kind(int type) {
    return W1.TYPES.get(type).name();
  }
}
