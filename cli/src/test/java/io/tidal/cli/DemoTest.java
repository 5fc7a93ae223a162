package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.cli.PrintedTables.Parsed;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ./tidal demo} in-process on a small week and checks every printed ranking against
 * brute force over the generated events ({@link DemoOracle}).
 */
class DemoTest {
  private static final int ITEMS = 2_000;
  private static final int SIGNALS = 20_000;
  private static final int SEED = 7;
  private static final long END = DemoData.END;

  private static Cli cli;
  private static DemoData data;
  private static DemoOracle oracle;
  private static Map<String, Parsed> tables;

  @TempDir static Path tmp;
  private static Path dir;

  @BeforeAll
  static void runDemo() {
    dir = tmp.resolve("demo");
    cli =
        Cli.run(
            "demo",
            dir.toString(),
            "--items",
            "" + ITEMS,
            "--signals",
            "" + SIGNALS,
            "--seed",
            "" + SEED);
    assertThat(cli.exitCode).as(cli.toString()).isZero();
    data = DemoData.generate(SEED, ITEMS, SIGNALS);
    oracle = new DemoOracle(data);
    tables = PrintedTables.parse(cli.out);
  }

  @Test
  void demo_printsSchemaLoadSummaryAndProgress() {
    assertThat(cli.out)
        .contains(
            "CREATE SIGNAL TYPE view ON items",
            "Loaded ",
            String.format("%,d signals", data.events.size()));
    assertThat(cli.err).contains("loading signals [########################] 100%");
    assertThat(cli.out).contains("-- planned in ");
    assertThat(tables).hasSize(9); // one per query of DemoReport.queries
  }

  @Test
  void demo_endsWithHowToOpenTheDatabase() {
    assertThat(cli.out)
        .contains(
            "./tidal shell " + dir,
            "io.tidal.jdbc.TidalDriver",
            "jdbc:tidal:" + dir,
            "jdbc:tidal:{folder}",
            "tidal-jdbc.jar");
  }

  @Test
  void database_survivesTheDemo_andIsRecognisedForTheNextRun() throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:tidal:" + dir);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM items")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(ITEMS);
    }
    assertThat(DemoDirectory.prepare(dir)).as("the next demo run replaces it").isTrue();
    assertThat(dir).doesNotExist();
  }

  @Test
  void signalTypes_listsTheThreeTypes() {
    Parsed t = PrintedTables.startingWith(tables, "Signal types");
    assertThat(t.column(t.column("name"))).containsExactly("view", "like", "share", "creator_view");
  }

  @Test
  void hotNow_isTheTopTenDecayScores() {
    double[] hot = oracle.decayAll("view", DemoOracle.HOUR, END);
    assertRanking(PrintedTables.startingWith(tables, "Hot now"), "hot", i -> hot[i], i -> true);
    String first = PrintedTables.startingWith(tables, "Hot now").rows().get(0)[0];
    assertThat(data.viral).as("a viral item is hottest").contains(oracle.index(first));
  }

  @Test
  void rising_isTheTopTenVelocities() {
    long[] lastHour = oracle.windowedAll("view", DemoOracle.HOUR, END);
    long[] lastDay = oracle.windowedAll("view", DemoOracle.DAY, END);
    Parsed t = PrintedTables.startingWith(tables, "Rising");
    assertRanking(t, "views_per_sec", i -> lastHour[i] / 3600.0, i -> true);
    for (String[] row : t.rows()) {
      assertThat(Long.parseLong(row[t.column("views_1d")]))
          .isEqualTo(lastDay[oracle.index(row[0])]);
    }
  }

  @Test
  void topInCategory_ranksOnlyThatCategory() {
    double[] hot = oracle.decayAll("view", DemoOracle.DAY, END);
    Parsed t = PrintedTables.startingWith(tables, "Top in " + DemoReport.CATEGORY);
    assertRanking(
        t, "hot_1d", i -> hot[i], i -> data.items.get(i).category().equals(DemoReport.CATEGORY));
    for (String[] row : t.rows()) {
      assertThat(data.items.get(oracle.index(row[0])).category()).isEqualTo(DemoReport.CATEGORY);
    }
  }

  @Test
  void blend_isTheWeightedSumOfThreeDecayScores() {
    double[] views = oracle.decayAll("view", DemoOracle.DAY, END);
    double[] likes = oracle.decayAll("like", 3 * DemoOracle.DAY, END);
    double[] shares = oracle.decayAll("share", 7 * DemoOracle.DAY, END);
    assertRanking(
        PrintedTables.startingWith(tables, "Blend"),
        "score",
        i -> views[i] + 5 * likes[i] + 20 * shares[i],
        i -> true);
  }

  @Test
  void topCreators_isTheSumOfTheirItemsViews() {
    double[] views = oracle.decayAll("view", DemoOracle.DAY, END);
    java.util.Map<String, Double> byCreator = new java.util.HashMap<>();
    for (int i = 0; i < views.length; i++) {
      byCreator.merge(data.items.get(i).creator(), views[i], Double::sum);
    }
    Parsed t = PrintedTables.startingWith(tables, "Top creators");
    List<Double> want =
        byCreator.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(10).toList();
    int c = t.column("hot_1d");
    for (int r = 0; r < t.rows().size(); r++) {
      String[] row = t.rows().get(r);
      assertClose(row[c], byCreator.get(row[0]));
      assertClose(row[c], want.get(r));
    }
    assertThat(t.rows()).hasSize(10);
  }

  @Test
  void forUser_ranksTheUnseenItemsOfFollowedCreators() {
    double[] hot = oracle.decayAll("view", DemoOracle.DAY, END);
    java.util.Set<String> follows = java.util.Set.copyOf(data.follows.get(DemoData.USER));
    java.util.Set<Integer> seen = oracle.seenBy(DemoData.USER);
    java.util.function.IntPredicate eligible =
        i -> follows.contains(data.items.get(i).creator()) && !seen.contains(i);
    Parsed t = PrintedTables.startingWith(tables, "For user " + DemoData.USER);
    assertRanking(t, "hot_1d", i -> hot[i], eligible);
    for (String[] row : t.rows()) {
      assertThat(eligible.test(oracle.index(row[0]))).as(row[0] + " followed, unseen").isTrue();
    }
    double withSeen =
        oracle.topValues(1, i -> follows.contains(data.items.get(i).creator()), i -> hot[i])[0];
    assertThat(withSeen)
        .as("the user saw the best item of a followed creator: the seen filter matters")
        .isGreaterThan(Double.parseDouble(t.rows().get(0)[t.column("hot_1d")]));
  }

  @Test
  void history_isTheWindowedCountsAtEachMoment() {
    int item = data.historyItem();
    Parsed t = PrintedTables.startingWith(tables, "History of " + data.items.get(item).id());
    assertThat(t.column(0)).containsExactlyElementsOf(DemoReport.historyTimes());
    for (String[] row : t.rows()) {
      long at = DemoOracle.millis(row[0]);
      assertThat(Long.parseLong(row[1]))
          .isEqualTo(oracle.windowed(item, "view", DemoOracle.HOUR, at));
      assertThat(Long.parseLong(row[2]))
          .isEqualTo(oracle.windowed(item, "view", DemoOracle.DAY, at));
      assertThat(Long.parseLong(row[3]))
          .isEqualTo(oracle.windowed(item, "share", DemoOracle.DAY, at));
    }
    assertThat(Long.parseLong(t.rows().get(t.rows().size() - 1)[2]))
        .as("viral: many views")
        .isGreaterThan(20);
  }

  @Test
  void outlook_isTheDecayScoreAtLaterMoments() {
    int item = data.historyItem();
    Parsed t = PrintedTables.startingWith(tables, "Outlook of " + data.items.get(item).id());
    assertThat(t.column(0)).containsExactlyElementsOf(DemoReport.outlookTimes());
    for (String[] row : t.rows()) {
      long at = DemoOracle.millis(row[0]);
      assertClose(row[1], oracle.decay(item, "view", DemoOracle.HOUR, at));
      assertClose(row[2], oracle.decay(item, "view", DemoOracle.DAY, at));
      assertClose(row[3], oracle.decay(item, "share", 7 * DemoOracle.DAY, at));
    }
  }

  /**
   * The printed rows are ranked by {@code column}, each value is the item's true score, and the
   * values are the ten best of all eligible items (so no better item was left out).
   */
  static void assertRanking(
      Parsed t,
      String column,
      java.util.function.IntToDoubleFunction score,
      java.util.function.IntPredicate eligible) {
    int c = t.column(column);
    List<String> printed = t.column(c);
    assertThat(printed).hasSize(10);
    double previous = Double.POSITIVE_INFINITY;
    for (String[] row : t.rows()) {
      double value = Double.parseDouble(row[c]);
      assertThat(value).as("ranked by " + column).isLessThanOrEqualTo(previous);
      previous = value;
      assertClose(row[c], score.applyAsDouble(oracle.index(row[0])));
    }
    double[] best = oracle.topValues(10, eligible, score);
    for (int r = 0; r < best.length; r++) {
      assertClose(printed.get(r), best[r]);
    }
  }

  /** A printed number equals {@code expected} up to its printed precision. */
  static void assertClose(String printed, double expected) {
    int dot = printed.indexOf('.');
    int decimals = dot < 0 ? 0 : printed.length() - dot - 1;
    double tolerance = 0.51 * Math.pow(10, -decimals) + 1e-9 * Math.abs(expected);
    assertThat(Double.parseDouble(printed))
        .as("printed " + printed + " vs " + expected)
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
  }
}
