package io.tidal.jdbc.rank;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.Hook;

/**
 * A ranking test database reached through {@code DriverManager}: items with categories and
 * creation times, signal types {@code view} (half-lives 1h, 1d; windows 1h, 1d), {@code like}
 * (6h; 1d) and {@code share} (1d; 7d), random signals (some negative) on part of the items, and
 * query helpers that run a statement with tidal's rank rules on or off.
 *
 * <p>Switching the rules off uses Calcite's own test seam: a thread-local {@link Hook#PLANNER}
 * handler sets the planner's rule exclusion filter to {@code Tidal.*Rule}, so the statement plans
 * exactly as if the rules were not installed (a full scan). Nothing in the product changes.
 */
final class RankDb implements AutoCloseable {
  static final String AT = "TIMESTAMP '2026-11-02 00:00:00'";
  static final LocalDateTime AT_TIME = LocalDateTime.parse("2026-11-02T00:00:00");
  static final String[] CATEGORIES = {"news", "sport", "tech", "music", "film"};

  final Connection conn;

  private RankDb(Connection conn) {
    this.conn = conn;
  }

  /** A database named {@code name} with {@code items} rows, signals on about 2/3 of them. */
  static RankDb create(String name, Random rnd, int items, int signals) throws SQLException {
    RankDb db = new RankDb(DriverManager.getConnection("jdbc:tidal:mem:" + name));
    try (Statement s = db.conn.createStatement()) {
      s.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, category VARCHAR, "
              + "created_at TIMESTAMP, n INTEGER)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY) "
              + "WINDOW (INTERVAL '1' HOUR, INTERVAL '1' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE like ON items HALF_LIFE (INTERVAL '6' HOUR) "
              + "WINDOW (INTERVAL '1' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE share ON items HALF_LIFE (INTERVAL '1' DAY) "
              + "WINDOW (INTERVAL '7' DAY)");
    }
    db.fill(rnd, items, signals);
    return db;
  }

  private void fill(Random rnd, int items, int signals) throws SQLException {
    try (PreparedStatement ins =
        conn.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < items; i++) {
        ins.setString(1, id(i));
        ins.setString(2, "title " + i);
        ins.setString(3, rnd.nextInt(10) == 0 ? null : CATEGORIES[rnd.nextInt(CATEGORIES.length)]);
        ins.setObject(4, AT_TIME.minusHours(rnd.nextInt(24 * 10)));
        ins.setInt(5, rnd.nextInt(100));
        ins.addBatch();
      }
      ins.executeBatch();
    }
    String[] types = {"view", "view", "view", "like", "share"};
    try (PreparedStatement sig =
        conn.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)")) {
      int signalled = Math.max(1, items * 2 / 3);
      for (int i = 0; i < signals; i++) {
        sig.setString(1, types[rnd.nextInt(types.length)]);
        // skewed: low ids get more signals; some ids are signalled but have no row
        int e = (int) (signalled * Math.pow(rnd.nextDouble(), 2));
        sig.setString(2, rnd.nextInt(50) == 0 ? "ghost" + e : id(e));
        sig.setDouble(3, rnd.nextInt(20) == 0 ? -1.0 : rnd.nextInt(3) + 1);
        sig.setObject(4, AT_TIME.minusMinutes(rnd.nextInt(60 * 24 * 3)));
        sig.addBatch();
      }
      sig.executeBatch();
    }
  }

  static String id(int i) {
    return String.format("i%05d", i);
  }

  /** Rows of {@code sql} with parameters, every column as an Object; rank rules on or off. */
  List<List<Object>> rows(String sql, boolean rankRules, Object... params) throws SQLException {
    try (Hook.Closeable h = rankRules ? Hook.Closeable.EMPTY : rulesOff();
        PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int c = 1; c <= md.getColumnCount(); c++) {
            row.add(rs.getObject(c));
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  /** The plan of {@code sql}, rank rules on or off. */
  String explain(String sql, boolean rankRules, Object... params) throws SQLException {
    try (Hook.Closeable h = rankRules ? Hook.Closeable.EMPTY : rulesOff();
        PreparedStatement ps = conn.prepareStatement("EXPLAIN PLAN FOR " + sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      StringBuilder b = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          b.append(rs.getString(1));
        }
      }
      return b.toString();
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute(sql);
    }
  }

  /** Excludes tidal's rules from every planner this thread creates until closed. */
  static Hook.Closeable rulesOff() {
    Pattern tidal = Pattern.compile("Tidal.*Rule.*");
    Consumer<RelOptPlanner> off = p -> p.setRuleDescExclusionFilter(tidal);
    return Hook.PLANNER.addThread(off);
  }

  @Override
  public void close() throws SQLException {
    conn.close();
  }
}
