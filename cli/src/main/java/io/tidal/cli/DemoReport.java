package io.tidal.cli;

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
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

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
                + "       DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                + AT
                + ") AS hot\n"
                + "FROM items\nORDER BY hot DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Rising: views per second over the last hour",
            "SELECT id, title,\n"
                + "       VELOCITY(id, 'view', INTERVAL '1' HOUR, "
                + AT
                + ") AS views_per_sec,\n"
                + "       WINDOWED_COUNT(id, 'view', INTERVAL '1' DAY, "
                + AT
                + ") AS views_1d\n"
                + "FROM items\nORDER BY views_per_sec DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Top in " + CATEGORY + ": views decayed with a 1-day half-life, one category",
            "SELECT id, title, creator,\n"
                + "       DECAY_SCORE(id, 'view', INTERVAL '1' DAY, "
                + AT
                + ") AS hot_1d\n"
                + "FROM items\nWHERE category = '"
                + CATEGORY
                + "'\nORDER BY hot_1d DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Blend: 1 x views + 5 x likes + 20 x shares, each with its own half-life",
            "SELECT id, title,\n"
                + "       1.0 * DECAY_SCORE(id, 'view', INTERVAL '1' DAY, "
                + AT
                + ")\n"
                + "     + 5.0 * DECAY_SCORE(id, 'like', INTERVAL '3' DAY, "
                + AT
                + ")\n"
                + "     + 20.0 * DECAY_SCORE(id, 'share', INTERVAL '7' DAY, "
                + AT
                + ") AS score\n"
                + "FROM items\nORDER BY score DESC\nLIMIT 10"));
    list.add(
        new Query(
            "Top creators: every view of an item also counts for its creator (a roll-up type)",
            "SELECT id, name, country,\n"
                + "       DECAY_SCORE(id, 'creator_view', INTERVAL '1' DAY, "
                + AT
                + ") AS hot_1d\n"
                + "FROM creators\nORDER BY hot_1d DESC\nLIMIT 10"));
    String u = DemoData.USER;
    list.add(
        new Query(
            "For user "
                + u
                + ": the hottest items "
                + u
                + " has not seen, from creators "
                + u
                + " follows",
            "SELECT id, title, creator,\n"
                + "       DECAY_SCORE(id, 'view', INTERVAL '1' DAY, "
                + AT
                + ") AS hot_1d\n"
                + "FROM items\n"
                + "WHERE creator IN (SELECT creator_id FROM follows WHERE user_id = '"
                + u
                + "')\n"
                + "  AND id NOT IN (SELECT entity_id FROM signals\n"
                + "                 WHERE signal_type = 'view' AND actor_id = '"
                + u
                + "')\n"
                + "ORDER BY hot_1d DESC\nLIMIT 10"));
    list.add(
        new Query(
            "History of " + item + ": its views per hour and per day, every 3 hours",
            history(item)));
    list.add(
        new Query(
            "Outlook of " + item + ": its score from the end of the week on, if no signal came",
            outlook(item)));
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

  /** The end of the week and later moments. */
  static List<String> outlookTimes() {
    List<String> times = new ArrayList<>();
    for (int h : new int[] {0, 1, 3, 6, 12, 24, 72}) {
      times.add(LITERAL.format(DemoData.WEEK_END.plusHours(h)));
    }
    return times;
  }

  /*
   * WINDOWED_COUNT at a past moment is that moment's history. DECAY_SCORE is not: it sums every
   * recorded signal, and one later than `at` weighs more than 1, so the score is only shown from
   * the last signal on, where it tells how each half-life lets the item cool down.
   */
  private static String history(String item) {
    String id = "'" + item + "'";
    return "SELECT t.moment,\n"
        + "       WINDOWED_COUNT("
        + id
        + ", 'view', INTERVAL '1' HOUR, t.moment) AS views_1h,\n"
        + "       WINDOWED_COUNT("
        + id
        + ", 'view', INTERVAL '1' DAY, t.moment) AS views_1d,\n"
        + "       WINDOWED_COUNT("
        + id
        + ", 'share', INTERVAL '1' DAY, t.moment) AS shares_1d\n"
        + "FROM "
        + values(historyTimes())
        + "\nORDER BY t.moment";
  }

  private static String outlook(String item) {
    String id = "'" + item + "'";
    return "SELECT t.moment,\n"
        + "       DECAY_SCORE("
        + id
        + ", 'view', INTERVAL '1' HOUR, t.moment) AS hot_1h,\n"
        + "       DECAY_SCORE("
        + id
        + ", 'view', INTERVAL '1' DAY, t.moment) AS hot_1d,\n"
        + "       DECAY_SCORE("
        + id
        + ", 'share', INTERVAL '7' DAY, t.moment) AS shares_7d\n"
        + "FROM "
        + values(outlookTimes())
        + "\nORDER BY t.moment";
  }

  private static String values(List<String> times) {
    StringBuilder values = new StringBuilder("(VALUES ");
    for (int i = 0; i < times.size(); i++) {
      values
          .append(i == 0 ? "" : ",\n              ")
          .append("(TIMESTAMP '")
          .append(times.get(i))
          .append("')");
    }
    return values.append(") AS t(moment)").toString();
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
