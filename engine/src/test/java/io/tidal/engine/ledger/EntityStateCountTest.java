package io.tidal.engine.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidal.testing.Seeds;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EntityState#countAtOrBeforeFromEnd} and {@link EntityState#count} against a linear count
 * over the same timestamps, on random states (duplicates, late inserts, any probe).
 */
class EntityStateCountTest {
  @Test
  void gallopingSearchFromTheEnd_equalsALinearCount() {
    long seed = Seeds.seed("EntityStateCountTest");
    Random rnd = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      int k = 1 + rnd.nextInt(3);
      int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 600);
      int spread = 1 + rnd.nextInt(5_000);
      long[] ts = new long[n];
      ts[0] = rnd.nextInt(spread);
      long[] s = EntityState.create(k, 1.0, ts[0]);
      for (int i = 1; i < n; i++) {
        ts[i] = rnd.nextInt(spread);
        s = EntityState.insertPair(s, k, ts[i], Double.doubleToRawLongBits(1.0));
      }
      Arrays.sort(ts);
      for (int probe = 0; probe < 50; probe++) {
        long x = rnd.nextInt(spread + 20) - 10;
        int linear = 0;
        for (long t : ts) {
          linear += t <= x ? 1 : 0;
        }
        assertEquals(
            linear,
            EntityState.countAtOrBeforeFromEnd(s, k, x),
            "round " + round + ", x " + x + ", seed " + seed);
        assertEquals(linear, EntityState.countAtOrBefore(s, k, x), "binary, seed " + seed);
        long w = 1 + rnd.nextInt(spread);
        long inWindow = 0;
        for (long t : ts) {
          inWindow += t > x - w && t <= x ? 1 : 0;
        }
        assertEquals(inWindow, EntityState.count(s, k, w, x), "window, seed " + seed);
      }
    }
  }
}
