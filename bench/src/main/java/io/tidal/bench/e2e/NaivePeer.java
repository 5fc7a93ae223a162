package io.tidal.bench.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The naive peer: a raw events table with an index on (kind, item, ts); every answer is an
 * aggregate computed at query time ({@code SUM(w * POWER(2, -(at - ts) / h))},
 * {@code COUNT(*) WHERE ts > at - W}).
 *
 * <p>Design notes. Batches are plain JDBC batches, one commit per 1,000 rows, except on DuckDB,
 * whose documented fast path is the Appender (flushed and committed per batch). {@code at} is a
 * literal in the prepared SQL (every query of a run asks as of the same instant); the item is the
 * only parameter.
 */
final class NaivePeer extends SqlPeer {
  private PreparedStatement insert;
  private org.duckdb.DuckDBAppender appender;
  private PreparedStatement q1;
  private PreparedStatement q2;
  private PreparedStatement q3;
  private PreparedStatement q4;
  private PreparedStatement q5;
  private PreparedStatement q6;

  NaivePeer(Dialect dialect) {
    super(dialect);
  }

  @Override
  public String describe() {
    return "raw events (kind, item, w, ts) + index (kind, item, ts); aggregates at query time";
  }

  @Override
  List<String> schema() {
    return List.of(
        "CREATE TABLE events (kind VARCHAR(8) NOT NULL, item VARCHAR(32) NOT NULL,"
            + " w DOUBLE PRECISION NOT NULL, ts BIGINT NOT NULL)",
        "CREATE INDEX events_kind_item_ts ON events (kind, item, ts)");
  }

  @Override
  public void ingest(Batch b) throws SQLException {
    if (conn.getAutoCommit()) {
      conn.setAutoCommit(false);
    }
    if (dialect == Dialect.DUCKDB) {
      appendDuck(b);
    } else {
      if (insert == null) {
        insert =
            conn.prepareStatement("INSERT INTO events (kind, item, w, ts) VALUES (?, ?, ?, ?)");
      }
      for (int i = 0; i < b.size; i++) {
        insert.setString(1, kind(b.type[i]));
        insert.setString(2, W1.id(b.item[i]));
        insert.setDouble(3, b.weight[i]);
        insert.setLong(4, b.ts[i]);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    conn.commit();
  }

  private void appendDuck(Batch b) throws SQLException {
    if (appender == null) {
      appender = ((org.duckdb.DuckDBConnection) conn).createAppender("main", "events");
    }
    for (int i = 0; i < b.size; i++) {
      appender
          .beginRow()
          .append(kind(b.type[i]))
          .append(W1.id(b.item[i]))
          .append(b.weight[i])
          .append(b.ts[i])
          .endRow();
    }
    appender.flush();
  }

  @Override
  public SingleWriter singleWriter() throws SQLException {
    Connection c = dialect.another(conn, dir);
    c.setAutoCommit(true);
    PreparedStatement p =
        c.prepareStatement("INSERT INTO events (kind, item, w, ts) VALUES (?, ?, ?, ?)");
    return new SingleWriter() {
      @Override
      public void write(int type, int item, double weight, long ts) throws SQLException {
        p.setString(1, kind(type));
        p.setString(2, W1.id(item));
        p.setDouble(3, weight);
        p.setLong(4, ts);
        for (int attempt = 1; ; attempt++) {
          try {
            p.executeUpdate();
            return;
          } catch (SQLException e) {
            if (attempt >= 200) {
              throw e;
            }
          }
        }
      }

      @Override
      public void close() throws SQLException {
        p.close();
        c.close();
      }
    };
  }

  private static String decay(long at, long h) {
    return "POWER(2.0, CAST(ts - "
        + at
        + " AS DOUBLE PRECISION) / CAST("
        + h
        + " AS DOUBLE PRECISION))";
  }

  @Override
  public void prepare(long at) throws SQLException {
    conn.setAutoCommit(true);
    q1 =
        conn.prepareStatement(
            "SELECT item, SUM(w * "
                + decay(at, W1.HOUR)
                + ") AS s FROM events"
                + " WHERE kind = 'view'"
                + dialect.uncached()
                + " GROUP BY item ORDER BY s DESC, item LIMIT 10");
    q2 =
        conn.prepareStatement(
            "SELECT item, SUM(CASE WHEN kind = 'view' THEN w * "
                + decay(at, W1.DAY)
                + " WHEN kind = 'like' THEN 5 * w * "
                + decay(at, 6 * W1.HOUR)
                + " ELSE 10 * w * "
                + decay(at, W1.DAY)
                + " END) AS s FROM events"
                + " WHERE kind IS NOT NULL"
                + dialect.uncached()
                + " GROUP BY item ORDER BY s DESC, item LIMIT 10");
    q3 =
        conn.prepareStatement(
            "SELECT SUM(w * "
                + decay(at, W1.HOUR)
                + ") FROM events"
                + " WHERE kind = 'view' AND item = ?"
                + dialect.uncached());
    q4 =
        conn.prepareStatement(
            "SELECT COUNT(*) FROM events WHERE kind = 'like' AND item = ?"
                + " AND ts > "
                + (at - W1.DAY)
                + " AND ts <= "
                + at
                + dialect.uncached());
    q5 =
        conn.prepareStatement(
            "SELECT COUNT(*) FROM events WHERE kind = 'view' AND item = ?"
                + " AND ts > "
                + (at - W1.HOUR)
                + " AND ts <= "
                + at
                + dialect.uncached());
    q6 =
        conn.prepareStatement(
            "SELECT item, COUNT(*) AS c FROM events WHERE kind = 'view'"
                + " AND ts > "
                + (at - W1.HOUR)
                + " AND ts <= "
                + at
                + " "
                + dialect.uncached()
                + " GROUP BY item ORDER BY c DESC, item LIMIT 10");
  }

  @Override
  public List<Ranked> q1() throws SQLException {
    return top(q1, 1.0);
  }

  @Override
  public List<Ranked> q2() throws SQLException {
    return top(q2, 1.0);
  }

  @Override
  public double q3(String item) throws SQLException {
    return point(q3, item);
  }

  @Override
  public long q4(String item) throws SQLException {
    return (long) point(q4, item);
  }

  @Override
  public double q5(String item) throws SQLException {
    return Oracle.velocity((long) point(q5, item), W1.HOUR);
  }

  @Override
  public List<Ranked> q6() throws SQLException {
    return top(q6, 1.0 / 3600);
  }

  @Override
  public void close() throws SQLException {
    if (appender != null) {
      appender.close();
      appender = null;
    }
    insert = null;
    super.close();
  }
}
