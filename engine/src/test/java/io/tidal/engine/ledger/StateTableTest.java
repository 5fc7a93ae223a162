package io.tidal.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StateTable.Stripe} against a {@link HashMap}: put, get, remove (backward shift). */
class StateTableTest {

  @Test
  void stripe_randomPutsAndRemoves_matchHashMap() {
    long seed = Seeds.seed("StateTableTest.stripe");
    Random rnd = new Random(seed);
    for (int run = 0; run < Seeds.tries(20); run++) {
      StateTable.Stripe st = new StateTable.Stripe();
      Map<Long, long[]> model = new HashMap<>();
      int keys =
          1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 2000); // small: long probe runs, wrap-around
      for (int op = 0; op < 20_000; op++) {
        long id = rnd.nextInt(keys) * (rnd.nextBoolean() ? 1L : 0x9E3779B97F4A7C15L);
        if (rnd.nextInt(3) == 0) {
          assertThat(st.remove(id))
              .as("seed %d remove %d", seed, id)
              .isEqualTo(model.remove(id) != null);
        } else {
          long[] v = {op};
          st.put(id, v);
          model.put(id, v);
        }
        if (op % 997 == 0 || op == 19_999) {
          assertThat(st.size()).isEqualTo(model.size());
          for (Map.Entry<Long, long[]> e : model.entrySet()) {
            assertThat(st.get(e.getKey()))
                .as("seed %d get %d", seed, e.getKey())
                .isSameAs(e.getValue());
          }
          int present = 0;
          for (int i = 0; i < st.capacity(); i++) {
            if (st.stateAt(i) != null) {
              present++;
              assertThat(model.get(st.idAt(i))).isSameAs(st.stateAt(i));
            }
          }
          assertThat(present).isEqualTo(model.size());
        }
      }
    }
  }
}
