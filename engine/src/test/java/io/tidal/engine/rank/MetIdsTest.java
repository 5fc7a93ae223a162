package io.tidal.engine.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetIdsTest {
  /** Random ids (0, negatives, repeats, growth past many sizes) against a HashSet. */
  @Test
  void add_randomIds_answersLikeAHashSet() {
    long seed = Seeds.seed("MetIdsTest.add");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(50); round++) {
      MetIds got = new MetIds();
      Set<Long> want = new HashSet<>();
      int n = rnd.nextInt(5_000);
      int range = 1 + rnd.nextInt(10_000);
      for (int i = 0; i < n; i++) {
        long id = rnd.nextInt(10) == 0 ? rnd.nextLong() : (long) rnd.nextInt(range) - (range / 10);
        assertThat(got.add(id))
            .as("seed " + seed + " round " + round + " id " + id)
            .isEqualTo(want.add(id));
      }
    }
  }
}
