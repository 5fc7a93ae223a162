package io.tidal.jdbc.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every ranking query shape, on random data, returns exactly the rows of the same query planned
 * without tidal's rank rules (a full scan, ties broken by an explicit {@code , id}): the oracle is
 * Calcite's own evaluation over every row. Scores are compared bit for bit.
 */
class RankEquivalenceTest {
  private static final String[] DECAYS = {
    "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR%s)", "DECAY_SCORE(id, 'view', INTERVAL '1' DAY%s)",
    "DECAY_SCORE(id, 'like', INTERVAL '6' HOUR%s)", "DECAY_SCORE(id, 'share', INTERVAL '1' DAY%s)"
  };
  private static final String[] COUNTS = {
    "VELOCITY(id, 'view', INTERVAL '1' HOUR%s)", "WINDOWED_COUNT(id, 'view', INTERVAL '1' DAY%s)",
    "WINDOWED_COUNT(id, 'like', INTERVAL '1' DAY%s)", "VELOCITY(id, 'share', INTERVAL '7' DAY%s)"
  };
  private static final String[] COEFS = {"0.5", "1", "2", "3", "0.25", "0", "1.5"};
  private static final String[] FILTERS = {
    "category = 'news'",
    "category = ?",
    "created_at > TIMESTAMP '2026-10-28 00:00:00'",
    "category IN ('news', 'tech')",
    "n < 50",
    "category IS NULL",
    "n >= 90",
    "(category = 'sport' OR n < 10)",
    "title LIKE 'title 1%'",
    "category <> 'film'"
  };

  /** One generated query: text, parameters, and whether an index can answer it. */
  private record Query(String sql, List<Object> params, boolean indexable, boolean filtered) {}

  @Test
  void rankQueries_randomShapes_equalFullScan() throws Exception {
    long seed = Seeds.seed("RankEquivalenceTest");
    Random rnd = new Random(seed);
    int indexed = 0;
    int mustIndex = 0;
    int tries = Seeds.tries(40);
    try (RankDb db = RankDb.create("rankeq", new Random(seed), 600, 2500)) {
      for (int i = 0; i < tries; i++) {
        Query q = generate(rnd);
        String plan = db.explain(q.sql(), true, q.params().toArray());
        if (q.indexable() && !q.filtered()) {
          assertThat(plan).as("plan of " + q.sql()).contains("TopKScan");
          mustIndex++;
        }
        if (!q.indexable()) {
          assertThat(plan).as("plan of " + q.sql()).doesNotContain("TopKScan");
        }
        indexed += plan.contains("TopKScan") ? 1 : 0;
        List<List<Object>> got = db.rows(q.sql(), true, q.params().toArray());
        List<List<Object>> want = db.rows(scanForm(q.sql()), false, q.params().toArray());
        assertThat(got)
            .as("seed=" + seed + " query " + i + ": " + q.sql() + " " + q.params())
            .isEqualTo(want);
      }
    }
    // The generator must exercise the index path; a fixed share (tries / 3) failed for some seeds
    // (11 of 40 for -8659943872455734829), so the bound is the queries that must use it.
    assertThat(indexed)
        .as("queries answered from an index, seed " + seed)
        .isGreaterThanOrEqualTo(Math.max(1, mustIndex));
  }

  @Test
  void rankQueries_fewSignalledEntities_fillWithZeroScores() throws Exception {
    long seed = Seeds.seed("RankEquivalenceTest.few");
    Random rnd = new Random(seed);
    try (RankDb db = RankDb.create("rankfew", new Random(seed), 40, 12)) {
      for (int i = 0; i < Seeds.tries(10); i++) {
        Query q = generate(rnd);
        List<List<Object>> got = db.rows(q.sql(), true, q.params().toArray());
        List<List<Object>> want = db.rows(scanForm(q.sql()), false, q.params().toArray());
        assertThat(got)
            .as("seed=" + seed + " query " + i + ": " + q.sql() + " " + q.params())
            .isEqualTo(want);
      }
    }
  }

  /** The oracle's form: ties broken by id explicitly (and a distinct text, never a cached plan). */
  private static String scanForm(String sql) {
    int limit =
        sql.lastIndexOf(" LIMIT ") >= 0
            ? sql.lastIndexOf(" LIMIT ")
            : sql.lastIndexOf(" OFFSET ") >= 0
                ? sql.lastIndexOf(" OFFSET ")
                : sql.lastIndexOf(" FETCH ");
    String head = sql.substring(0, limit);
    String tail = sql.substring(limit);
    return (head.endsWith(", id") ? head : head + ", id") + tail + " /* scan */";
  }

  private static Query generate(Random rnd) {
    List<Object> atParams = new ArrayList<>();
    List<Object> filterParams = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    boolean indexable = true;
    String at =
        switch (rnd.nextInt(4)) {
          case 0 -> ", " + RankDb.AT;
          case 1 -> ", TIMESTAMP '2026-11-01 12:00:00'";
          case 2 -> ", TIMESTAMP '2026-11-03 06:30:00'";
          default -> ", CAST(? AS TIMESTAMP)";
        };
    boolean atParam = at.contains("?");
    String score;
    int terms;
    int kind = rnd.nextInt(10);
    if (kind < 4) {
      score = String.format(DECAYS[rnd.nextInt(DECAYS.length)], at);
      terms = 1;
    } else if (kind < 7) {
      terms = 2 + rnd.nextInt(2);
      StringBuilder b = new StringBuilder();
      for (int t = 0; t < terms; t++) {
        String coef = COEFS[rnd.nextInt(COEFS.length)];
        boolean negative = t > 0 && rnd.nextInt(12) == 0;
        b.append(t == 0 ? "" : negative ? " - " : " + ");
        indexable &= !negative;
        String term = String.format(DECAYS[rnd.nextInt(DECAYS.length)], at);
        b.append(rnd.nextBoolean() ? coef + " * " + term : term + " * " + coef);
      }
      score = b.toString();
    } else {
      score = String.format(COUNTS[rnd.nextInt(COUNTS.length)], at);
      terms = 1;
    }
    if (atParam) {
      boolean same = rnd.nextInt(4) > 0; // different times: the node must fall back to the scan
      // within a day of the latest signal (at most AT_TIME): every window of every type is then
      // exact (DESIGN.md 2026-12-07: a count whose window reaches before the horizon, the latest
      // signal minus the retention = longest window + 1 day, is an error, not a number)
      java.time.LocalDateTime time = RankDb.AT_TIME.minusHours(rnd.nextInt(24));
      for (int t = 0; t < terms; t++) {
        atParams.add(same ? time : RankDb.AT_TIME.minusHours(rnd.nextInt(24)));
      }
    }
    boolean asc = rnd.nextInt(15) == 0;
    indexable &= !asc;
    StringBuilder sql = new StringBuilder("SELECT id");
    if (rnd.nextBoolean()) {
      sql.append(", title, category");
    }
    boolean alias = rnd.nextBoolean();
    if (alias) {
      sql.append(", ").append(score).append(" AS s");
    }
    sql.append(" FROM items");
    boolean filtered = rnd.nextInt(3) > 0;
    if (filtered) {
      String f = FILTERS[rnd.nextInt(FILTERS.length)];
      if (rnd.nextInt(3) == 0) {
        f = f + " AND " + FILTERS[rnd.nextInt(FILTERS.length)];
      }
      sql.append(" WHERE ").append(f);
      for (int p = f.indexOf('?'); p >= 0; p = f.indexOf('?', p + 1)) {
        filterParams.add(RankDb.CATEGORIES[rnd.nextInt(RankDb.CATEGORIES.length)]);
      }
    }
    // parameters in text order: the score's (select list or ORDER BY), the filter's, the limit's
    params.addAll(alias ? atParams : filterParams);
    params.addAll(alias ? filterParams : atParams);
    sql.append(" ORDER BY ").append(alias ? "s" : score).append(asc ? " ASC" : " DESC");
    if (rnd.nextBoolean()) {
      sql.append(", id");
    }
    int[] ks = {1, 3, 10, 25, 100, 1000};
    int k = ks[rnd.nextInt(ks.length)];
    switch (rnd.nextInt(4)) {
      case 0 -> sql.append(" LIMIT ").append(k);
      case 1 -> {
        sql.append(" LIMIT ?");
        params.add(k);
      }
      case 2 -> sql.append(" LIMIT ").append(k).append(" OFFSET ").append(rnd.nextInt(20));
      default -> {
        sql.append(" OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
        params.add(rnd.nextInt(20));
        params.add(k);
      }
    }
    return new Query(sql.toString(), params, indexable, filtered);
  }
}
