package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ActorIndex} against a model (each actor's signals as a plain list): random appends of ids
 * over the whole 64-bit range (dense VARCHAR ids, BIGINT keys' sign-flipped ids), timestamps out of
 * order, weights other than 1.0 (-0.0 among them), dedup keys with non-ASCII text, then removals by
 * sequence for one actor and by id or timestamp for all; every actor's decoded signals and ids must
 * equal the model's after every step.
 */
class ActorIndexTest {
  private record Sig(long id, long ts, long seq, double weight, String dedupKey) {}

  @Test
  void matchesAListModel_underRandomAppendsAndRemovals() {
    long seed = Seeds.seed("ActorIndexTest");
    Random rnd = new Random(seed);
    String what = "seed " + seed;
    ActorIndex index = new ActorIndex();
    Map<String, List<Sig>> model = new HashMap<>();
    long seq = 0;
    long[] specialIds = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 5L ^ Long.MIN_VALUE};
    for (int step = 0; step < 3000; step++) {
      int op = rnd.nextInt(20);
      if (op < 17) {
        String actor = "u" + rnd.nextInt(30);
        long id =
            rnd.nextInt(10) == 0
                ? specialIds[rnd.nextInt(specialIds.length)]
                : rnd.nextBoolean() ? rnd.nextInt(100_000) : rnd.nextLong();
        long ts =
            1_800_000_000_000L + rnd.nextInt(86_400_000) - (rnd.nextInt(50) == 0 ? 1L << 40 : 0);
        seq += 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 1_000_000);
        long s = rnd.nextInt(30) == 0 ? seq - 5_000_000 : seq; // replay order is not monotonic
        double w =
            switch (rnd.nextInt(6)) {
              case 0 -> -0.0;
              case 1 -> rnd.nextGaussian() * 1e6;
              case 2 -> 2.5;
              default -> 1.0;
            };
        String dedup =
            rnd.nextInt(4) == 0
                ? (rnd.nextBoolean() ? "k" + rnd.nextInt(1000) : "clé-😀-" + step)
                : null;
        index.add(actor, id, ts, s, w, dedup);
        model.computeIfAbsent(actor, a -> new ArrayList<>()).add(new Sig(id, ts, s, w, dedup));
      } else if (op == 17) {
        String actor = "u" + rnd.nextInt(30);
        long cut = rnd.nextLong(Math.max(1, seq));
        index.removeIf(actor, (id, ts, s) -> s % 3 == cut % 3);
        List<Sig> l = model.get(actor);
        if (l != null) {
          l.removeIf(x -> x.seq() % 3 == cut % 3);
          if (l.isEmpty()) {
            model.remove(actor);
          }
        }
      } else if (op == 18) {
        long gone = rnd.nextInt(100_000);
        index.removeIfAll((id, ts, s) -> id == gone || id == 0);
        model.values().forEach(l -> l.removeIf(x -> x.id() == gone || x.id() == 0));
        model.values().removeIf(List::isEmpty);
      } else {
        long cutoff = 1_800_000_000_000L + rnd.nextInt(20_000_000);
        index.removeIfAll((id, ts, s) -> ts <= cutoff);
        model.values().forEach(l -> l.removeIf(x -> x.ts() <= cutoff));
        model.values().removeIf(List::isEmpty);
      }
      if (step % 100 == 0 || step > 2950) {
        check(index, model, what + " step " + step);
      }
    }
  }

  private static void check(ActorIndex index, Map<String, List<Sig>> model, String what) {
    long total = 0;
    for (int a = 0; a < 30; a++) {
      String actor = "u" + a;
      List<Sig> want = model.getOrDefault(actor, List.of());
      List<Sig> got = new ArrayList<>();
      index.forEach(actor, (id, ts, seq, w, d) -> got.add(new Sig(id, ts, seq, w, d)));
      assertThat(got).as(what + " " + actor).isEqualTo(want); // record equals: -0.0 != 0.0
      assertThat(index.ids(actor))
          .as(what + " ids " + actor)
          .containsExactly(want.stream().mapToLong(Sig::id).toArray());
      total += want.size();
    }
    assertThat(index.size()[0]).as(what + " size").isEqualTo(total);
  }
}
