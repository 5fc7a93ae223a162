package io.tidal.engine.rank;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountKeysTest {
  @Test
  void key_everyCountUpToAMillion_isATightMonotoneUpperBound() {
    long prev = 0;
    int rungs = 0;
    for (long c = 0; c <= 1_000_000; c++) {
      long k = CountKeys.key(c);
      assertThat(k).isGreaterThanOrEqualTo(c).isGreaterThanOrEqualTo(prev);
      assertThat((double) k).isLessThan(c * 1.125 + 1);
      assertThat(CountKeys.key(k)).as("a rung maps to itself").isEqualTo(k);
      assertThat(CountKeys.exact(k)).isEqualTo(k == c && c <= CountKeys.EXACT_UP_TO);
      if (k != prev) {
        rungs++;
      }
      prev = k;
    }
    assertThat(rungs).as("rungs up to 10^6").isLessThan(200);
    assertThat(CountKeys.key(Long.MAX_VALUE / 2)).isGreaterThanOrEqualTo(Long.MAX_VALUE / 2);
  }
}
