package io.tidal.jdbc.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's queries: each is printed with its SQL, its latency (planning, then execution and
 * fetch) and its result as an aligned table. Every query passes an explicit {@code at} (the end of
 * the simulated week), so a seed always prints the same rankings.
 */
final class DemoReport {
  static final String AT_TIME = "2026-11-08 00:00:00";
  static final String AT = "TIMESTAMP '" + AT_TIME + "'";
  static final String CATEGORY = "music";
  private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** One titled query. */
  record Query(String title, String sql) {}

  private DemoReport() {}

  static List<Query> queries(DemoData data) {
    String item = data.items.get(data.historyItem()).id();
    List<Query> list = new ArrayList<>();
    list.add(new Query("Signal types", "SELECT * FROM sys.signal_types"));
    list.add(
        new Query(
            "Hot now: views decayed with a 1-hour half-life",
            "SELECT id, title, category,\n"
                + "       DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, " + AT + ") AS hot\n"
                + "FROM items\nORDER BY hot DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Rising: views per second over the last hour",
            "SELECT id, title,\n"
                + "       VELOCITY(id, 'view', INTERVAL '1' HOUR, " + AT + ") AS views_per_sec,\n"
                + "       WINDOWED_COUNT(id, 'view', INTERVAL '1' DAY, " + AT + ") AS views_1d\n"
                + "FROM items\nORDER BY views_per_sec DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Top in " + CATEGORY + ": views decayed with a 1-day half-life, one category",
            "SELECT id, title, creator,\n"
                + "       DECAY_SCORE(id, 'view', INTERVAL '1' DAY, " + AT + ") AS hot_1d\n"
                + "FROM items\nWHERE category = '" + CATEGORY + "'\nORDER BY hot_1d DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Blend: 1 x views + 5 x likes + 20 x shares, each with its own half-life",
            "SELECT id, title,\n"
                + "       1.0 * DECAY_SCORE(id, 'view', INTERVAL '1' DAY, " + AT + ")\n"
                + "     + 5.0 * DECAY_SCORE(id, 'like', INTERVAL '3' DAY, " + AT + ")\n"
                + "     + 20.0 * DECAY_SCORE(id, 'share', INTERVAL '7' DAY, " + AT + ") AS score\n"
                + "FROM items\nORDER BY score DESC\nLIMIT 10"));
    list.add(new Query("Score history of " + item + ": the same item at other moments", history(item)));
    return list;
  }

  /** Every 3 hours over the last 21 hours of the week. */
  static List<String> historyTimes() {
    List<String> times = new ArrayList<>();
    for (int h = 21; h >= 0; h -= 3) {
      times.add(LITERAL.format(DemoData.WEEK_END.minusHours(h)));
    }
    return times;
  }

  private static String history(String item) {
    StringBuilder values = new StringBuilder();
    for (String t : historyTimes()) {
      values.append(values.length() == 0 ? "" : ",\n              ").append("(TIMESTAMP '")
          .append(t).append("')");
    }
    String id = "'" + item + "'";
    return "SELECT t.moment,\n"
        + "       DECAY_SCORE(" + id + ", 'view', INTERVAL '1' HOUR, t.moment) AS hot_1h,\n"
        + "       DECAY_SCORE(" + id + ", 'view', INTERVAL '1' DAY, t.moment) AS hot_1d,\n"
        + "       WINDOWED_COUNT(" + id + ", 'view', INTERVAL '1' HOUR, t.moment) AS views_1h\n"
        + "FROM (VALUES " + values + ") AS t(moment)\nORDER BY t.moment";
  }

  static void print(Connection conn, DemoData data, PrintStream out) throws SQLException {
    for (Query q : queries(data)) {
      out.println("== " + q.title());
      out.println();
      for (String line : q.sql().split("\n")) {
        out.println("  " + line);
      }
      long start = System.nanoTime();
      try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
        long planned = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          Table table = Table.read(rs);
          long done = System.nanoTime();
          out.printf(
              Locale.ROOT,
              "  -- planned in %.1f ms, ran in %.2f ms, %d rows%n%n",
              (planned - start) / 1e6,
              (done - planned) / 1e6,
              table.rowCount());
          table.print(out);
        }
      } catch (SQLException e) {
        throw new SQLException(
            "query \"" + q.title() + "\" failed: " + e.getMessage(), e.getSQLState(), e);
      }
      out.println();
    }
  }
}
