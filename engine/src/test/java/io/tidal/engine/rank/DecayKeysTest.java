package io.tidal.engine.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecayKeysTest {
  private static final long YEAR = 365L * 86_400_000L;

  @Test
  void upperBound_randomStates_boundsTheScoreTightly() {
    Random rnd = new Random(Seeds.seed("DecayKeysTest.upperBound"));
    long[] halfLives = {1, 1000, 60_000, 3_600_000, 86_400_000, 3650 * 86_400_000L};
    for (int i = 0; i < 200_000; i++) {
      long h = halfLives[rnd.nextInt(halfLives.length)];
      double v = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble() * 40 - 20);
      long a = DecayKeys.LANDMARK + (long) ((rnd.nextDouble() - 0.3) * 20 * YEAR);
      long t = a + (long) ((rnd.nextDouble() - 0.2) * 1100 * h);
      if (t - a > 30 * YEAR || a - t > 30 * YEAR) {
        continue;
      }
      double score = v * StrictMath.pow(2.0, -((double) (t - a)) / h);
      if (score == 0 || Double.isInfinite(score) || Math.abs(score) < Double.MIN_NORMAL) {
        continue;
      }
      byte cls = DecayKeys.cls(v);
      double key = DecayKeys.key(v, a, h);
      double ub = DecayKeys.upperBound(cls, key, t, h);
      assertThat(ub).as("v=%s a=%d t=%d h=%d", v, a, t, h).isGreaterThanOrEqualTo(score);
      // loose by the documented slack only: 1e-12 + 1e-13 (|key| + |(t - L)/h|) in log2 units
      double slack =
          1e-12 + 1e-13 * (Math.abs(key) + Math.abs((double) (t - DecayKeys.LANDMARK) / h));
      assertThat(Math.abs(ub - score))
          .as("tight: v=%s a=%d t=%d h=%d", v, a, t, h)
          .isLessThanOrEqualTo(Math.abs(score) * 2 * slack);
    }
  }

  @Test
  void key_orderAcrossClassesAndTime_matchesScoreOrder() {
    RankIndex ix = new RankIndex();
    long h = 3_600_000;
    long t = DecayKeys.LANDMARK + 5 * YEAR;
    double[][] states = {
      {5, t}, {6, t - h}, {-1, t}, {0, t}, {-1, t - 3 * h}, {1e-300, t + 1000 * h}, {2.5, t}
    };
    for (int i = 0; i < states.length; i++) {
      double v = states[i][0];
      ix.add(i, DecayKeys.cls(v), DecayKeys.key(v, (long) states[i][1], h));
    }
    StringBuilder order = new StringBuilder();
    ix.iterator().forEachRemaining(e -> order.append(e.id()));
    // scores at t: 5, 3, -1, 0, -1/8, 1e-300 * 2^1000 ~ 10.7, 2.5
    assertThat(order.toString()).isEqualTo("5016342");
  }
}
