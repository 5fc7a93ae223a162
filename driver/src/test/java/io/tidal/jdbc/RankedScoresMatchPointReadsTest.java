package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The score column of a ranked top-k (which the Calc above the {@code TopKScan} now takes from the
 * walk's answer when it holds the same score, {@code calcite/ScoreMemo}) against the independent
 * point read of the same score for each returned row ({@code SELECT DECAY_SCORE(?, ...)}, answered
 * without Calcite by {@code sql/ScoreQueryShape}): bit for bit, on random data with ties and
 * negative weights, random single-term scores, {@code at}, filters and limits, on both the direct
 * and the general path, prepared and plain.
 */
class RankedScoresMatchPointReadsTest {
  private static final LocalDateTime AT = LocalDateTime.parse("2026-11-02T00:00:00");
  private static final String[][] SCORES = {
    {"DECAY_SCORE", "view", "INTERVAL '1' HOUR"},
    {"DECAY_SCORE", "view", "INTERVAL '1' DAY"},
    {"DECAY_SCORE", "like", "INTERVAL '6' HOUR"},
    {"VELOCITY", "view", "INTERVAL '1' HOUR"},
    {"WINDOWED_COUNT", "like", "INTERVAL '1' DAY"},
    {"WINDOWED_COUNT", "view", "INTERVAL '1' HOUR"},
  };
  private static final String[] FILTERS = {"", "WHERE n > 30 ", "WHERE category = 'tech' "};

  @AfterEach
  void restore() {
    DirectQuery.enabled = true;
  }

  @Test
  void rankedScoreColumn_equalsPointReadOfEachRow_bitForBit() throws Exception {
    long seed = Seeds.seed("RankedScoresMatchPointReadsTest");
    Random rnd = new Random(seed);
    int rows = 0;
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:memo" + seed)) {
      DirectQueryEquivalenceTest.fill(c, rnd, 50 + rnd.nextInt(250), 400 + rnd.nextInt(2000));
      for (int q = 0; q < 60; q++) {
        String[] f = SCORES[rnd.nextInt(SCORES.length)];
        LocalDateTime at = rnd.nextBoolean() ? AT : AT.minusMinutes(rnd.nextInt(600));
        String call = f[0] + "(id, '" + f[1] + "', " + f[2] + ", TIMESTAMP '" + text(at) + "')";
        String sql =
            "SELECT id, "
                + call
                + " AS s FROM items "
                + FILTERS[rnd.nextInt(FILTERS.length)]
                + "ORDER BY s DESC LIMIT "
                + (1 + rnd.nextInt(15));
        DirectQuery.enabled = rnd.nextBoolean();
        boolean plain = rnd.nextBoolean();
        List<Object[]> ranked = ranked(c, sql, plain, f[0].equals("WINDOWED_COUNT"));
        String point = "SELECT " + f[0] + "(?, '" + f[1] + "', " + f[2] + ", ?)";
        try (PreparedStatement p = c.prepareStatement(point)) {
          for (Object[] r : ranked) {
            p.setString(1, (String) r[0]);
            p.setTimestamp(2, Timestamp.valueOf(at));
            try (ResultSet rs = p.executeQuery()) {
              assertThat(rs.next()).isTrue();
              String why =
                  "seed="
                      + seed
                      + " q="
                      + q
                      + " direct="
                      + DirectQuery.enabled
                      + " plain="
                      + plain
                      + " "
                      + sql
                      + " row "
                      + r[0];
              if (f[0].equals("WINDOWED_COUNT")) {
                assertThat(r[1]).as(why).isEqualTo(rs.getLong(1));
              } else {
                assertThat(Double.doubleToRawLongBits((Double) r[1]))
                    .as(why + " " + r[1] + " vs " + rs.getDouble(1))
                    .isEqualTo(Double.doubleToRawLongBits(rs.getDouble(1)));
              }
            }
            rows++;
          }
        }
      }
    }
    assertThat(rows).as("seed=" + seed + ": ranked rows compared").isGreaterThan(40);
  }

  private static List<Object[]> ranked(Connection c, String sql, boolean plain, boolean count)
      throws Exception {
    List<Object[]> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql);
        java.sql.Statement s = c.createStatement();
        ResultSet rs = plain ? s.executeQuery(sql) : p.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Object[] {
              rs.getString(1), count ? (Object) rs.getLong(2) : (Object) rs.getDouble(2)
            });
      }
    }
    return out;
  }

  private static String text(LocalDateTime t) {
    return t.toString().replace('T', ' ') + (t.getSecond() == 0 ? ":00" : "");
  }
}
