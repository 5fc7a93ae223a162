package io.tidal.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks that make the harness able to report WRONG: they must reject wrong answers. */
class OracleTest {
  private final Oracle oracle = Oracle.compute(W1.tiny(W1.SEED));

  @Test
  void checkTop_exactAnswer_passes() {
    assertThat(Oracle.checkTop("Q1", oracle.q1, oracle.q1, oracle.view1h, 1.0, false)).isNull();
  }

  @Test
  void checkTop_swappedRanks_isWrong() {
    List<Ranked> swapped = new ArrayList<>(oracle.q1);
    swapped.set(0, oracle.q1.get(1));
    swapped.set(1, oracle.q1.get(0));
    assertThat(Oracle.checkTop("Q1", swapped, oracle.q1, oracle.view1h, 1.0, false))
        .contains("rank 1");
  }

  @Test
  void checkTop_scoreOffByOnePercent_isWrong() {
    List<Ranked> off = new ArrayList<>(oracle.q2);
    Ranked r = off.get(3);
    off.set(3, new Ranked(r.id(), r.score() * 1.01));
    assertThat(Oracle.checkTop("Q2", off, oracle.q2, oracle.blend, 1.0, false)).contains("scored");
  }

  @Test
  void checkTop_tieOrderNotById_isWrongForCounts() {
    double[] counts = new double[oracle.views1h.length];
    counts[5] = 3;
    counts[7] = 3;
    List<Ranked> expected = Oracle.top(counts).subList(0, 2);
    assertThat(expected.get(0).id()).isEqualTo(W1.id(5));
    List<Ranked> reversed = List.of(expected.get(1), expected.get(0));
    assertThat(Oracle.checkTop("Q6", reversed, expected, counts, 1.0, true)).isNotNull();
  }

  @Test
  void oracle_matchesAnIndependentRecount() {
    long at = W1.tiny(W1.SEED).at();
    long likes = 0;
    double decay = 0;
    int item = W1.index(oracle.q1.get(0).id());
    SignalStream s = new SignalStream(W1.tiny(W1.SEED));
    while (s.advance()) {
      if (s.item == item && s.type == W1.VIEW) {
        decay += Math.exp(-Math.log(2) * (at - s.ts) / 3_600_000.0);
      }
      if (s.type == W1.LIKE && s.ts > at - 86_400_000L && s.ts <= at) {
        likes++;
      }
    }
    assertThat(oracle.view1h[item])
        .isCloseTo(decay, org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(java.util.Arrays.stream(oracle.likes24h).sum()).isEqualTo(likes);
  }

  @Test
  void measure_wrongAnswer_isReportedWrongWithoutTimings() {
    Measure.Outcome o =
        Measure.run(
            new Measure.Query<Integer>() {
              public Integer ask(int i) throws SQLException {
                return i;
              }

              public String check(int i, Integer a) {
                return i < 5 ? null : "answer " + a + " is wrong";
              }
            },
            new Measure.Budget(0, 0, 0.05, 1_000_000_000L, 100, 3));
    assertThat(o.status()).startsWith("WRONG: answer 5");
    assertThat(o.p50()).isNaN();
  }
}
