package io.tidal.jdbc.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EXPLAIN of ranking queries: the rank node appears, with its signals, durations, k and pushed
 * predicate, where an index answers the query, and does not where it must not (the results of
 * both kinds are compared with a full scan in {@link RankEquivalenceTest}).
 */
class RankPlanTest {
  private static final String D1H = "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, " + RankDb.AT + ")";
  private static RankDb db;

  @BeforeAll
  static void setUp() throws Exception {
    db = RankDb.create("rankplan", new Random(7), 2000, 3000);
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  private static String plan(String sql, Object... params) throws Exception {
    return db.explain(sql, true, params);
  }

  @Test
  void explain_singleDecay_showsSignalHalfLifeAndK() throws Exception {
    String p = plan("SELECT id, title, " + D1H + " AS hot FROM items ORDER BY hot DESC LIMIT 10");
    assertThat(p)
        .contains("TopKScan")
        .contains("signal=[view]")
        .contains("halfLife=[1h]")
        .contains("k=[10]")
        .contains("index=[decay]")
        .doesNotContain("filter=");
  }

  @Test
  void explain_offsetAndParameters_showK() throws Exception {
    assertThat(plan("SELECT id FROM items ORDER BY " + D1H + " DESC LIMIT 5 OFFSET 5"))
        .contains("TopKScan")
        .contains("k=[10]");
    assertThat(plan("SELECT id FROM items ORDER BY " + D1H + " DESC LIMIT ?", 3))
        .contains("TopKScan")
        .contains("k=[?0]");
    assertThat(
            plan(
                "SELECT id FROM items ORDER BY "
                    + D1H
                    + " DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                1,
                2))
        .contains("TopKScan")
        .contains("k=[?1 + ?0]");
    assertThat(
            plan(
                "SELECT id FROM items ORDER BY DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) DESC LIMIT 3"))
        .contains("TopKScan")
        .contains("at=[statement time]");
    assertThat(
            plan(
                "SELECT id FROM items ORDER BY DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, CAST(? AS TIMESTAMP)) DESC LIMIT 3",
                RankDb.AT_TIME))
        .contains("TopKScan")
        .contains("at=[?0]");
  }

  @Test
  void explain_blend_showsEveryTermAndThresholdWalk() throws Exception {
    String p =
        plan(
            "SELECT id FROM items ORDER BY 0.5 * DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                + RankDb.AT
                + ") + 2 * DECAY_SCORE(id, 'like', INTERVAL '6' HOUR, "
                + RankDb.AT
                + ") + DECAY_SCORE(id, 'share', INTERVAL '1' DAY, "
                + RankDb.AT
                + ") DESC LIMIT 10");
    assertThat(p)
        .contains("TopKScan")
        .contains("signal=[view, like, share]")
        .contains("halfLife=[1h, 6h, 1d]")
        .contains("index=[threshold(3 lists)]")
        .contains("0.5*DECAY_SCORE(view, 1h) + 2*DECAY_SCORE(like, 6h) + DECAY_SCORE(share, 1d)");
  }

  @Test
  void explain_velocityAndCount_showWindow() throws Exception {
    assertThat(
            plan(
                "SELECT id, VELOCITY(id, 'view', INTERVAL '1' HOUR, "
                    + RankDb.AT
                    + ") AS v FROM items ORDER BY v DESC LIMIT 10"))
        .contains("TopKScan")
        .contains("window=[1h]")
        .contains("index=[velocity]");
    assertThat(
            plan(
                "SELECT id FROM items ORDER BY WINDOWED_COUNT(id, 'share', INTERVAL '7' DAY, "
                    + RankDb.AT
                    + ") DESC, id LIMIT 10"))
        .contains("TopKScan")
        .contains("window=[7d]")
        .contains("index=[count]");
  }

  @Test
  void explain_filter_isPushedWithWalkEstimate() throws Exception {
    String p =
        plan(
            "SELECT id FROM items WHERE category = 'news' AND created_at > "
                + "TIMESTAMP '2026-10-25 00:00:00' ORDER BY "
                + D1H
                + " DESC LIMIT 10");
    assertThat(p).contains("TopKScan").contains("filter=[AND(=($2, 'news')").contains("walk=[~");
    assertThat(
            plan(
                "SELECT id FROM items WHERE category = ? ORDER BY " + D1H + " DESC LIMIT 3",
                "news"))
        .contains("TopKScan")
        .contains("filter=[=($2, ?0)]");
  }

  @Test
  void explain_selectiveFilter_prefersScan() throws Exception {
    // estimated selectivity 0.15^4 ~ 5e-4: walking ~ 4 * 10 / 5e-4 entries > 2000 rows
    String p =
        plan(
            "SELECT id FROM items WHERE category = 'news' AND n = 3 AND title = 'x' "
                + "AND created_at = "
                + RankDb.AT
                + " ORDER BY "
                + D1H
                + " DESC LIMIT 10");
    assertThat(p).doesNotContain("TopKScan");
    assertThat(plan("SELECT id FROM items WHERE id = 'i00001' ORDER BY " + D1H + " DESC LIMIT 1"))
        .doesNotContain("TopKScan");
  }

  @Test
  void explain_shapesWithoutIndex_scan() throws Exception {
    for (String q :
        List.of(
            "SELECT id FROM items ORDER BY " + D1H + " ASC LIMIT 3",
            "SELECT id FROM items ORDER BY " + D1H + " DESC",
            "SELECT id FROM items ORDER BY " + D1H + " DESC, title LIMIT 3",
            "SELECT id FROM items ORDER BY " + D1H + " DESC, id DESC LIMIT 3",
            "SELECT id FROM items ORDER BY 2 * "
                + D1H
                + " - DECAY_SCORE(id, 'like', INTERVAL '6' HOUR) DESC LIMIT 3",
            "SELECT id FROM items ORDER BY -1 * " + D1H + " DESC LIMIT 3",
            "SELECT id FROM items ORDER BY " + D1H + " + 1 DESC LIMIT 3",
            "SELECT id FROM items ORDER BY "
                + D1H
                + " + WINDOWED_COUNT(id, 'view', INTERVAL '1' DAY) DESC LIMIT 3",
            "SELECT id FROM items ORDER BY DECAY_SCORE(title, 'view', INTERVAL '1' HOUR) DESC LIMIT 3",
            "SELECT id FROM items ORDER BY DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) + "
                + "DECAY_SCORE(id, 'like', INTERVAL '6' HOUR, "
                + RankDb.AT
                + ") DESC LIMIT 3",
            "SELECT id FROM items ORDER BY n DESC LIMIT 3")) {
      assertThat(plan(q)).as(q).doesNotContain("TopKScan");
    }
  }

  @Test
  void explain_rulesOff_neverShowsRankNode() throws Exception {
    assertThat(db.explain("SELECT id FROM items ORDER BY " + D1H + " DESC LIMIT 10", false))
        .doesNotContain("TopKScan");
  }
}
