package io.tidal.engine.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link RankIndex} against a plain {@link TreeSet} model ordered by the documented order. */
class RankIndexTest {
  /** The documented order, written independently: cls desc, key desc (Double.compare), id asc unsigned. */
  private static final Comparator<long[]> MODEL_ORDER =
      (x, y) -> {
        if (x[0] != y[0]) {
          return x[0] > y[0] ? -1 : 1;
        }
        int c = Double.compare(Double.longBitsToDouble(y[1]), Double.longBitsToDouble(x[1]));
        return c != 0 ? c : Long.compareUnsigned(x[2], y[2]);
      };

  private static final double[] SPECIAL = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e300,
    -1e-300
  };

  private static long[] entry(Random rnd, int ids, int keys) {
    byte cls = (byte) rnd.nextInt(3);
    double key =
        rnd.nextInt(10) == 0
            ? SPECIAL[rnd.nextInt(SPECIAL.length)]
            : (rnd.nextInt(keys) - keys / 2) * 0.37;
    long id =
        rnd.nextInt(4) == 0 ? -1L - rnd.nextInt(ids) : rnd.nextInt(ids); // unsigned order matters
    return new long[] {cls, Double.doubleToRawLongBits(key), id};
  }

  private static List<long[]> contents(RankIndex ix) {
    List<long[]> out = new ArrayList<>();
    for (Iterator<RankIndex.Entry> it = ix.iterator(); it.hasNext(); ) {
      RankIndex.Entry e = it.next();
      out.add(new long[] {e.cls(), Double.doubleToRawLongBits(e.key()), e.id()});
    }
    return out;
  }

  private static void assertSame(TreeSet<long[]> model, RankIndex ix, String where) {
    List<long[]> got = contents(ix);
    assertEquals(model.size(), got.size(), where + ": size");
    assertEquals(model.size(), ix.size(), where + ": size()");
    int i = 0;
    for (long[] m : model) {
      long[] g = got.get(i++);
      assertTrue(m[0] == g[0] && m[1] == g[1] && m[2] == g[2], where + ": entry " + (i - 1));
    }
  }

  @Test
  void randomOperationsMatchATreeSet() {
    long seed = Seeds.seed("RankIndexTest.random");
    Random rnd = new Random(seed);
    for (int round = 0; round < 20; round++) {
      RankIndex ix = new RankIndex();
      TreeSet<long[]> model = new TreeSet<>(MODEL_ORDER);
      int ids = 1 + rnd.nextInt(3_000);
      int keys = 1 + rnd.nextInt(2_000);
      int ops = rnd.nextInt(20_000);
      double addBias = 0.3 + 0.5 * rnd.nextDouble(); // grow and shrink, so blocks split and merge
      List<long[]> present = new ArrayList<>();
      for (int op = 0; op < ops; op++) {
        if (present.isEmpty() || rnd.nextDouble() < addBias) {
          long[] e = entry(rnd, ids, keys);
          boolean added = ix.add(e[2], (byte) e[0], Double.longBitsToDouble(e[1]));
          assertEquals(model.add(e), added, "add, seed " + seed);
          if (added) {
            present.add(e);
          }
        } else {
          long[] e =
              rnd.nextInt(5) == 0
                  ? entry(rnd, ids, keys)
                  : present.remove(rnd.nextInt(present.size()));
          boolean removed = ix.remove(e[2], (byte) e[0], Double.longBitsToDouble(e[1]));
          assertEquals(model.remove(e), removed, "remove, seed " + seed);
        }
        if (op % 64 == 0) {
          ix.checkDirectory();
        }
      }
      ix.checkDirectory();
      assertSame(model, ix, "round " + round + ", seed " + seed);
      while (!model.isEmpty()) { // drain to empty in random order, then reuse
        long[] e = present.remove(rnd.nextInt(present.size()));
        if (model.remove(e)) {
          assertTrue(ix.remove(e[2], (byte) e[0], Double.longBitsToDouble(e[1])));
        }
      }
      assertSame(model, ix, "drained, seed " + seed);
      assertEquals(1, ix.blockCount());
      assertTrue(ix.add(7, RankIndex.POSITIVE, 1.0));
      assertFalse(ix.add(7, RankIndex.POSITIVE, 1.0));
    }
  }

  private static int indexOf(List<long[]> list, long[] e) {
    for (int i = 0; i < list.size(); i++) {
      if (MODEL_ORDER.compare(list.get(i), e) == 0) {
        return i;
      }
    }
    throw new AssertionError("not in the list");
  }

  @Test
  void movesMatchAddThenRemoveOnATreeSet() {
    long seed = Seeds.seed("RankIndexTest.move");
    Random rnd = new Random(seed);
    for (int round = 0; round < 20; round++) {
      RankIndex ix = new RankIndex();
      TreeSet<long[]> model = new TreeSet<>(MODEL_ORDER);
      int ids = 1 + rnd.nextInt(3_000);
      int keys = 1 + rnd.nextInt(2_000);
      List<long[]> present = new ArrayList<>();
      int fill = rnd.nextInt(3_000);
      for (int i = 0; i < fill; i++) {
        long[] e = entry(rnd, ids, keys);
        if (model.add(e)) {
          assertTrue(ix.add(e[2], (byte) e[0], Double.longBitsToDouble(e[1])));
          present.add(e);
        }
      }
      int ops = rnd.nextInt(20_000);
      for (int op = 0; op < ops; op++) {
        // the old entry: mostly present; the new one: the same id, a near key (same block) or any
        int at = present.isEmpty() || rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(present.size());
        long[] old = at < 0 ? entry(rnd, ids, keys) : present.get(at);
        long[] moved;
        int kind = rnd.nextInt(4);
        if (kind == 0) {
          moved = entry(rnd, ids, keys);
          moved[2] = old[2];
        } else if (kind == 1) { // the new entry is present already
          moved = entry(rnd, ids, keys);
          moved[2] = old[2];
          if (model.add(moved)) {
            assertTrue(ix.add(moved[2], (byte) moved[0], Double.longBitsToDouble(moved[1])));
            present.add(moved);
          }
        } else {
          double k = Double.longBitsToDouble(old[1]);
          double near = Double.isFinite(k) ? k + (rnd.nextInt(7) - 3) * 0.37 : 1.0;
          moved = new long[] {old[0], Double.doubleToRawLongBits(near), old[2]};
        }
        ix.move(
            old[2],
            (byte) old[0],
            Double.longBitsToDouble(old[1]),
            (byte) moved[0],
            Double.longBitsToDouble(moved[1]));
        boolean same = MODEL_ORDER.compare(old, moved) == 0;
        if (!same) { // the documented equivalent: add the new entry, then remove the old one
          if (model.add(moved)) {
            present.add(moved);
          }
          if (model.remove(old)) {
            int i = at >= 0 ? at : indexOf(present, old);
            present.set(i, present.get(present.size() - 1));
            present.remove(present.size() - 1);
          }
        }
        if (op % 64 == 0) {
          ix.checkDirectory();
          assertEquals(model.size(), ix.size(), "size, seed " + seed);
        }
      }
      ix.checkDirectory();
      assertSame(model, ix, "moves, round " + round + ", seed " + seed);
    }
  }

  @Test
  void rebuildMatchesTheModelAndStaysUpdatable() {
    long seed = Seeds.seed("RankIndexTest.rebuild");
    Random rnd = new Random(seed);
    for (int n : new int[] {0, 1, 17, 127, 128, 129, 10_000, 50_000}) {
      TreeSet<long[]> model = new TreeSet<>(MODEL_ORDER);
      int keys = rnd.nextBoolean() ? 1_000_000 : 3; // many equal keys: ties ordered by id
      while (model.size() < n) {
        model.add(entry(rnd, 1_000_000, keys));
      }
      byte[] cls = new byte[n + 5];
      double[] key = new double[n + 5];
      long[] ids = new long[n + 5];
      int i = 0;
      List<long[]> shuffled = new ArrayList<>(model);
      if (rnd.nextBoolean()) {
        java.util.Collections.shuffle(shuffled, rnd);
      } else if (rnd.nextBoolean()) {
        java.util.Collections.reverse(shuffled); // adversarial orders for a quicksort
      }
      for (long[] e : shuffled) {
        cls[i] = (byte) e[0];
        key[i] = Double.longBitsToDouble(e[1]);
        ids[i++] = e[2];
      }
      RankIndex ix = new RankIndex();
      ix.add(99, RankIndex.ZERO, 0.0); // replaced by the rebuild
      ix.rebuild(cls, key, ids, n);
      assertSame(model, ix, "rebuilt " + n + ", seed " + seed);
      for (int op = 0; op < 2_000; op++) {
        long[] e = entry(rnd, 1_000_000, 1_000_000);
        assertEquals(model.add(e), ix.add(e[2], (byte) e[0], Double.longBitsToDouble(e[1])));
      }
      assertSame(model, ix, "rebuilt then added " + n + ", seed " + seed);
      ix.checkDirectory();
    }
  }

  /**
   * A walk concurrent with writers that move entities (add new, then remove old) sees every entity
   * that is never moved exactly once and never returns an entry twice, in order.
   */
  @Test
  void iterationIsWeaklyConsistentUnderConcurrentMoves() throws Exception {
    long seed = Seeds.seed("RankIndexTest.concurrent");
    RankIndex ix = new RankIndex();
    int stable = 5_000;
    for (int id = 0; id < stable; id++) {
      ix.add(id, RankIndex.POSITIVE, id * 1.5);
    }
    double[] movingKey = new double[1_000];
    for (int m = 0; m < movingKey.length; m++) {
      movingKey[m] = m;
      ix.add(1_000_000 + m, RankIndex.POSITIVE, m);
    }
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              Random rnd = new Random(seed);
              started.countDown();
              try {
                for (int op = 0; op < 200_000; op++) {
                  int m = rnd.nextInt(movingKey.length);
                  double next = rnd.nextDouble() * stable * 1.5;
                  assertTrue(ix.add(1_000_000 + m, RankIndex.POSITIVE, next));
                  assertTrue(ix.remove(1_000_000 + m, RankIndex.POSITIVE, movingKey[m]));
                  movingKey[m] = next;
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    writer.start();
    started.await();
    for (int walk = 0; walk < 200; walk++) {
      Set<Long> stableSeen = new HashSet<>();
      RankIndex.Entry prev = null;
      for (Iterator<RankIndex.Entry> it = ix.iterator(); it.hasNext(); ) {
        RankIndex.Entry e = it.next();
        if (prev != null) {
          assertTrue(
              RankIndex.compare(
                      prev.cls(),
                      RankIndex.bits(prev.key()),
                      prev.id(),
                      e.cls(),
                      RankIndex.bits(e.key()),
                      e.id())
                  < 0,
              "order, seed " + seed);
        }
        prev = e;
        if (e.id() < stable) {
          assertTrue(stableSeen.add(e.id()), "stable entity twice, seed " + seed);
        }
      }
      assertEquals(stable, stableSeen.size(), "stable entities lost, seed " + seed);
    }
    writer.join();
    if (failure.get() != null) {
      throw new AssertionError("writer failed, seed " + seed, failure.get());
    }
    assertEquals(stable + movingKey.length, ix.size());
  }
}
