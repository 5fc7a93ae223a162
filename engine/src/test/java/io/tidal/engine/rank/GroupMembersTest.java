package io.tidal.engine.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupMembers} against a {@code HashMap}: random puts, removes and gets over a small id
 * range (long probe runs, so the backward-shift deletion is exercised), including id 0 and ids
 * whose hashes collide.
 */
class GroupMembersTest {
  @Test
  void putRemoveGet_equalHashMap() {
    long seed = Seeds.seed("GroupMembersTest");
    Random rnd = new Random(seed);
    RankIndex[] groups = {new RankIndex(), new RankIndex(), new RankIndex()};
    for (int run = 0; run < Seeds.tries(20); run++) {
      GroupMembers m = new GroupMembers();
      Map<Long, RankIndex> want = new HashMap<>();
      int range = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 4_000);
      for (int op = 0; op < 20_000; op++) {
        long id = rnd.nextInt(range) * (rnd.nextBoolean() ? 1L : 1L << 40);
        String what = "seed " + seed + " run " + run + " op " + op + " id " + id;
        switch (rnd.nextInt(3)) {
          case 0 -> {
            RankIndex g = groups[rnd.nextInt(groups.length)];
            m.put(id, g);
            want.put(id, g);
          }
          case 1 -> assertThat(m.remove(id)).as(what).isSameAs(want.remove(id));
          default -> assertThat(m.get(id)).as(what).isSameAs(want.get(id));
        }
        assertThat(m.size()).as(what).isEqualTo(want.size());
      }
      for (Map.Entry<Long, RankIndex> e : want.entrySet()) {
        assertThat(m.get(e.getKey())).isSameAs(e.getValue());
      }
    }
  }
}
