package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The direct executor of prepared ranked queries ({@link DirectQuery}) against the general path
 * (Calcite's execution of the same plan): random ranked queries (decay, blends, counts, velocity;
 * select lists with NULLable and TIMESTAMP columns; WHERE filters; literal and parameter LIMIT,
 * OFFSET and {@code at}) on random data with ties and negative weights, bound with good and bad
 * values ({@code at} before the retention horizon, NULL and negative limits, a text for a number),
 * must give the same outcome: the same metadata, rows, values, Java types, NULLs and order, or the
 * same SQLState. The oracle is the general path, switched on by {@link DirectQuery#enabled}.
 */
class DirectQueryEquivalenceTest {
  private static final LocalDateTime AT = LocalDateTime.parse("2026-11-02T00:00:00");
  private static final String[] SCORES = {
    "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR%s)",
    "DECAY_SCORE(id, 'view', INTERVAL '1' DAY%s)",
    "2 * DECAY_SCORE(id, 'view', INTERVAL '1' HOUR%s) + 0.5 * DECAY_SCORE(id, 'like', INTERVAL '6' HOUR%s)",
    "1 * DECAY_SCORE(id, 'view', INTERVAL '1' DAY%s) + 5 * DECAY_SCORE(id, 'like', INTERVAL '6' HOUR%s)"
        + " + 10 * DECAY_SCORE(id, 'share', INTERVAL '1' DAY%s)",
    "VELOCITY(id, 'view', INTERVAL '1' HOUR%s)",
    "WINDOWED_COUNT(id, 'like', INTERVAL '1' DAY%s)",
  };
  private static final String[] COLUMNS = {"id", "title", "category", "created_at", "n"};
  private static final String[] FILTERS = {
    "", "WHERE category = ?", "WHERE n > 30", "WHERE title IS NOT NULL AND n < 90",
  };

  @AfterEach
  void restore() {
    DirectQuery.enabled = true;
  }

  @Test
  void directPath_randomRankedQueries_sameAnswersAsGeneralPath() throws Exception {
    long seed = Seeds.seed("DirectQueryEquivalenceTest");
    Random rnd = new Random(seed);
    int direct = 0;
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:direct" + seed)) {
      fill(c, rnd, 50 + rnd.nextInt(250), 400 + rnd.nextInt(2000));
      for (int q = 0; q < 150; q++) {
        Query query = randomQuery(rnd);
        List<Object> binds = randomBinds(rnd, query);
        int maxRows = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(5) : 0;
        String why =
            "seed="
                + seed
                + " q="
                + q
                + " "
                + query.sql
                + " binds="
                + binds
                + " maxRows="
                + maxRows;
        DirectQuery.enabled = false;
        String general = outcome(c, query.sql, binds, maxRows, null);
        DirectQuery.enabled = true;
        boolean[] wasDirect = new boolean[1];
        String fast = outcome(c, query.sql, binds, maxRows, wasDirect);
        assertThat(fast).as(why).isEqualTo(general);
        direct += wasDirect[0] ? 1 : 0;
      }
    }
    // many random queries are ranked top-k over the index: the direct path must really run. The
    // share depends on the seed (-746702165969780581 gives 47 of 150, which the old bound of 50
    // failed on in CI); a fifth is far below any seed seen and far above a path that never runs.
    assertThat(direct).as("seed=" + seed + ": statements executed directly").isGreaterThan(30);
  }

  @Test
  void plainStatement_cachedShapes_sameAnswersAsPlanningEachText() throws Exception {
    long seed = Seeds.seed("DirectQueryEquivalenceTest.plain");
    Random rnd = new Random(seed);
    String name = "jdbc:tidal:mem:plain" + seed;
    try (Connection c = DriverManager.getConnection(name)) {
      fill(c, rnd, 50 + rnd.nextInt(250), 400 + rnd.nextInt(2000));
      DirectQuery.enabled = false;
      try (Connection general = DriverManager.getConnection(name)) {
        DirectQuery.enabled = true;
        for (int q = 0; q < 80; q++) {
          String sql = randomQuery(rnd, true).sql;
          int maxRows = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(5) : 0;
          DirectQuery.enabled = false;
          String expected = plainOutcome(general, sql, maxRows);
          DirectQuery.enabled = true;
          assertThat(plainOutcome(c, sql, maxRows))
              .as("seed=" + seed + " q=" + q + " " + sql + " maxRows=" + maxRows)
              .isEqualTo(expected);
        }
      }
    }
  }

  private static String plainOutcome(Connection c, String sql, int maxRows) {
    try (Statement s = c.createStatement()) {
      s.setMaxRows(maxRows);
      StringBuilder b = new StringBuilder();
      try (ResultSet rs = s.executeQuery(sql)) {
        assertThat(rs.getStatement()).isSameAs(s);
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          b.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(' ');
        }
        while (rs.next()) {
          for (int i = 1; i <= md.getColumnCount(); i++) {
            b.append(rs.getObject(i)).append("; ");
          }
          b.append('\n');
        }
      }
      return b.toString();
    } catch (SQLException e) {
      return "SQLState " + e.getSQLState();
    }
  }

  private record Query(String sql, int params, List<String> kinds) {}

  private static Query randomQuery(Random rnd) {
    return randomQuery(rnd, false);
  }

  /** A random ranked query; {@code literalsOnly}: no parameters (plain Statement texts). */
  private static Query randomQuery(Random rnd, boolean literalsOnly) {
    List<String> kinds = new ArrayList<>();
    String score = SCORES[rnd.nextInt(SCORES.length)];
    int atForm = literalsOnly ? 0 : rnd.nextInt(3); // 0: literal, 1: ?, 2: CAST(? AS TIMESTAMP)
    int calls = score.split("%s", -1).length - 1;
    Object[] ats = new Object[calls];
    for (int i = 0; i < calls; i++) {
      ats[i] =
          switch (atForm) {
            case 0 ->
                ", TIMESTAMP '"
                    + AT.minusMinutes(literalsOnly ? rnd.nextInt(300) : 0)
                        .toString()
                        .replace('T', ' ')
                    + ":00'";
            case 1 -> ", ?";
            default -> ", CAST(? AS TIMESTAMP)";
          };
    }
    StringBuilder select = new StringBuilder("SELECT ");
    List<String> cols = new ArrayList<>();
    for (String col : COLUMNS) {
      if (rnd.nextInt(3) == 0) {
        cols.add(col);
      }
    }
    boolean scoreSelected = cols.isEmpty() || rnd.nextBoolean();
    // select-list score first, then filter, then order key: parameters are numbered in text order
    String scoreText = String.format(score, ats);
    for (int i = 0; i < cols.size(); i++) {
      select.append(i > 0 ? ", " : "").append(cols.get(i));
    }
    if (scoreSelected) {
      select.append(cols.isEmpty() ? "" : ", ").append(scoreText).append(" AS s");
      for (int i = 0; i < calls && atForm > 0; i++) {
        kinds.add("at");
      }
    }
    String filter = FILTERS[rnd.nextInt(FILTERS.length)];
    if (literalsOnly && filter.contains("?")) {
      filter = "WHERE category = 'tech'";
    }
    if (filter.contains("?")) {
      kinds.add("category");
    }
    String order = scoreSelected ? "s" : scoreText;
    if (!scoreSelected) {
      for (int i = 0; i < calls && atForm > 0; i++) {
        kinds.add("at");
      }
    }
    String sql =
        select
            + " FROM items "
            + filter
            + " ORDER BY "
            + order
            + " DESC"
            + (rnd.nextBoolean() ? ", id" : "");
    boolean offsetParam = !literalsOnly && rnd.nextInt(4) == 0;
    boolean fetchParam = !literalsOnly && rnd.nextInt(3) == 0;
    int form = rnd.nextInt(3);
    if (form == 0 && !offsetParam) {
      sql += " LIMIT " + (fetchParam ? "?" : String.valueOf(1 + rnd.nextInt(15)));
      if (fetchParam) {
        kinds.add("fetch");
      }
    } else {
      sql += " OFFSET " + (offsetParam ? "?" : String.valueOf(rnd.nextInt(4))) + " ROWS";
      if (offsetParam) {
        kinds.add("offset");
      }
      sql +=
          " FETCH FIRST " + (fetchParam ? "?" : String.valueOf(1 + rnd.nextInt(15))) + " ROWS ONLY";
      if (fetchParam) {
        kinds.add("fetch");
      }
    }
    return new Query(sql, kinds.size(), kinds);
  }

  private static List<Object> randomBinds(Random rnd, Query q) {
    List<Object> out = new ArrayList<>();
    LocalDateTime at =
        switch (rnd.nextInt(6)) {
          case 0 -> AT.minusHours(1);
          case 1 -> AT.minusDays(40); // before the retention horizon: 22023
          case 2 -> AT.minusMinutes(rnd.nextInt(600));
          default -> AT;
        };
    boolean sameAt = rnd.nextInt(8) != 0;
    for (String kind : q.kinds) {
      boolean bad = rnd.nextInt(25) == 0;
      out.add(
          switch (kind) {
            case "at" ->
                bad
                    ? "not a time"
                    : Timestamp.valueOf(sameAt ? at : AT.minusMinutes(rnd.nextInt(90)));
            case "category" -> bad ? null : new String[] {"news", "sport", "tech"}[rnd.nextInt(3)];
            case "fetch" -> bad ? (rnd.nextBoolean() ? -1 : "ten") : rnd.nextInt(20);
            default -> bad ? null : rnd.nextInt(5);
          });
    }
    return out;
  }

  /** What running {@code sql} gives: metadata and every value as a string, or the SQLState. */
  private static String outcome(
      Connection c, String sql, List<Object> binds, int maxRows, boolean[] wasDirect) {
    StringBuilder b = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (wasDirect != null) {
        wasDirect[0] = ((PreparedHandler) Proxy.getInvocationHandler(ps)).isDirect();
      }
      ps.setMaxRows(maxRows);
      for (int i = 0; i < binds.size(); i++) {
        ps.setObject(i + 1, binds.get(i));
      }
      for (int run = 0; run < 2; run++) { // a prepared statement executes again
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          int n = md.getColumnCount();
          for (int i = 1; i <= n; i++) {
            b.append(md.getColumnLabel(i))
                .append(':')
                .append(md.getColumnType(i))
                .append(':')
                .append(md.getColumnTypeName(i))
                .append(':')
                .append(md.isNullable(i))
                .append(':')
                .append(md.getColumnClassName(i))
                .append(' ');
          }
          b.append('\n');
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              Object o = rs.getObject(i);
              b.append(o == null ? "null" : o.getClass().getSimpleName() + "=" + o)
                  .append('|')
                  .append(rs.getString(i))
                  .append('|')
                  .append(rs.wasNull())
                  .append('|')
                  .append(rs.getObject(md.getColumnLabel(i)));
              if (md.getColumnType(i) == java.sql.Types.TIMESTAMP) {
                b.append('|').append(rs.getObject(i, LocalDateTime.class));
              }
              b.append("; ");
            }
            b.append('\n');
          }
          b.append(rs.next()).append('\n');
        }
      }
    } catch (SQLException e) {
      return b + "SQLState " + e.getSQLState();
    }
    return b.toString();
  }

  static void fill(Connection c, Random rnd, int items, int signals) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, category VARCHAR, "
              + "created_at TIMESTAMP, n INTEGER)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR, INTERVAL '1' DAY) "
              + "WINDOW (INTERVAL '1' HOUR)");
      s.execute(
          "CREATE SIGNAL TYPE like ON items HALF_LIFE (INTERVAL '6' HOUR) "
              + "WINDOW (INTERVAL '1' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE share ON items HALF_LIFE (INTERVAL '1' DAY) "
              + "WINDOW (INTERVAL '1' DAY)");
    }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < items; i++) {
        ins.setString(1, String.format("i%04d", i));
        ins.setString(2, rnd.nextInt(8) == 0 ? null : "title " + i);
        ins.setString(3, new String[] {"news", "sport", "tech"}[rnd.nextInt(3)]);
        ins.setObject(4, rnd.nextInt(8) == 0 ? null : AT.minusHours(rnd.nextInt(240)));
        ins.setObject(5, rnd.nextInt(10) == 0 ? null : rnd.nextInt(100));
        ins.addBatch();
      }
      ins.executeBatch();
    }
    String[] types = {"view", "view", "like", "share"};
    try (PreparedStatement sig =
        c.prepareStatement(
            "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < signals; i++) {
        sig.setString(1, types[rnd.nextInt(types.length)]);
        sig.setString(
            2, String.format("i%04d", (int) (items * 0.7 * Math.pow(rnd.nextDouble(), 2))));
        sig.setDouble(3, rnd.nextInt(15) == 0 ? -1.0 : rnd.nextInt(3) + 1);
        // whole hours for part of the signals: exact ties between entities
        sig.setObject(
            4,
            rnd.nextBoolean()
                ? AT.minusHours(rnd.nextInt(30))
                : AT.minusMinutes(rnd.nextInt(60 * 30)));
        sig.addBatch();
      }
      sig.executeBatch();
    }
  }
}
