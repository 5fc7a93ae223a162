package io.tidal.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Creates the demo's tables and signal types and loads {@link DemoData} through JDBC batches. */
final class DemoLoader {
  /*
   * Rows and signals go in as prepared INSERT batches of BATCH rows. With autocommit off, each batch
   * is one commit (one durable write); a driver without transactions keeps autocommit on and the
   * batch is still one executeBatch call. Timestamps are UTC wall-clock times: setTimestamp with
   * Timestamp.valueOf(LocalDateTime) stores the LocalDateTime unchanged (docs/SQL.md).
   */

  static final int BATCH = 2_000;

  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE creators (id VARCHAR PRIMARY KEY, name VARCHAR, country VARCHAR)",
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, category VARCHAR,"
              + " creator VARCHAR, created_at TIMESTAMP)",
          "CREATE INDEX items_by_creator ON items (creator)",
          "CREATE TABLE follows (user_id VARCHAR NOT NULL, creator_id VARCHAR NOT NULL)",
          "CREATE INDEX follows_by_user ON follows (user_id)",
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY)"
              + " WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY, INTERVAL '7' DAY)",
          "CREATE SIGNAL TYPE like ON items HALF_LIFE (INTERVAL '6' HOUR, INTERVAL '3' DAY)"
              + " WINDOW (INTERVAL '1' DAY, INTERVAL '7' DAY)",
          "CREATE SIGNAL TYPE share ON items HALF_LIFE (INTERVAL '12' HOUR, INTERVAL '7' DAY)"
              + " WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY, INTERVAL '7' DAY)",
          "CREATE SIGNAL TYPE creator_view ON creators ROLLUP OF view BY creator"
              + " HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '7' DAY)");

  private DemoLoader() {}

  static void createSchema(Connection conn, PrintStream out) throws SQLException {
    out.println("Schema:");
    try (Statement st = conn.createStatement()) {
      for (String ddl : SCHEMA) {
        out.println("  " + ddl + ";");
        st.execute(ddl);
      }
    }
    out.println();
  }

  /** Loads everything; returns the elapsed seconds of the signal load. */
  static double load(Connection conn, DemoData data, PrintStream err, boolean interactive)
      throws SQLException {
    boolean transactions = useTransactions(conn);
    insertCreators(conn, data, transactions);
    insertItems(conn, data, transactions);
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO follows VALUES (?, ?)")) {
      for (Map.Entry<String, List<String>> f : data.follows.entrySet()) {
        for (String creator : f.getValue()) {
          ps.setString(1, f.getKey());
          ps.setString(2, creator);
          ps.addBatch();
        }
      }
      flush(conn, ps, transactions);
    }
    long start = System.nanoTime();
    insertSignals(
        conn,
        data,
        transactions,
        new ProgressBar(err, interactive, "loading signals", data.events.size()));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (transactions) {
      conn.setAutoCommit(true);
    }
    return seconds;
  }

  private static boolean useTransactions(Connection conn) throws SQLException {
    try {
      conn.setAutoCommit(false);
      return true;
    } catch (SQLFeatureNotSupportedException e) {
      return false;
    }
  }

  private static void insertCreators(Connection conn, DemoData data, boolean tx)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("INSERT INTO creators (id, name, country) VALUES (?, ?, ?)")) {
      int n = 0;
      for (DemoData.Creator c : data.creators) {
        ps.setString(1, c.id());
        ps.setString(2, c.name());
        ps.setString(3, c.country());
        ps.addBatch();
        if (++n % BATCH == 0) {
          flush(conn, ps, tx);
        }
      }
      flush(conn, ps, tx);
    }
  }

  private static void insertItems(Connection conn, DemoData data, boolean tx) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO items (id, title, category, creator, created_at) VALUES (?, ?, ?, ?, ?)")) {
      int n = 0;
      for (DemoData.Item item : data.items) {
        ps.setString(1, item.id());
        ps.setString(2, item.title());
        ps.setString(3, item.category());
        ps.setString(4, item.creator());
        ps.setTimestamp(5, Timestamp.valueOf(item.createdAt()));
        ps.addBatch();
        if (++n % BATCH == 0) {
          flush(conn, ps, tx);
        }
      }
      flush(conn, ps, tx);
    }
  }

  private static void insertSignals(
      Connection conn, DemoData data, boolean tx, ProgressBar progress) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight, ts, actor_id)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      int n = 0;
      for (DemoData.Event e : data.events) {
        ps.setString(1, e.typeName());
        ps.setString(2, data.items.get(e.item()).id());
        ps.setDouble(3, 1.0);
        ps.setTimestamp(4, Timestamp.valueOf(DemoData.toTime(e.ts())));
        ps.setString(5, data.actorOf[n]);
        ps.addBatch();
        if (++n % BATCH == 0) {
          flush(conn, ps, tx);
          progress.update(n);
        }
      }
      flush(conn, ps, tx);
      progress.finish(n);
    }
  }

  private static void flush(Connection conn, PreparedStatement ps, boolean tx) throws SQLException {
    ps.executeBatch();
    if (tx) {
      conn.commit();
    }
  }

  static String summary(DemoData data, double seconds) {
    long[] perType = new long[DemoData.TYPES.length];
    for (DemoData.Event e : data.events) {
      perType[e.type()]++;
    }
    return String.format(
        Locale.ROOT,
        "Loaded %,d creators, %,d items and %,d signals (%,d views, %,d likes, %,d shares)"
            + " in %.1f s: %,.0f signals/s.",
        data.creators.size(),
        data.items.size(),
        data.events.size(),
        perType[0],
        perType[1],
        perType[2],
        seconds,
        data.events.size() / Math.max(seconds, 1e-9));
  }
}
