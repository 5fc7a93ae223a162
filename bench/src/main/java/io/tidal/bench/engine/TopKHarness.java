package io.tidal.bench.engine;

import io.tidal.engine.ledger.Ledger;
import io.tidal.engine.ledger.LedgerStats;
import io.tidal.engine.ledger.StateRecord;
import io.tidal.engine.rank.RankTerm;
import io.tidal.engine.rank.TopKResult;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Top-10 latency from the rank indexes next to a full scan, in the same run, at 10^5, 10^6 and
 * 10^7 entities. A harness rather than JMH because building the 10^7 ledger takes minutes and JMH
 * would rebuild it per benchmark method.
 *
 * <p>Ledger: type {@code hit} (half-life 1h, window 1h); {@code n} entities with one signal each
 * (weights 1..100, timestamps 1 s apart, installed through {@link Ledger#loadAll}, the recovery
 * path), then 20,000 live signals on random entities in the last hour. Queries at the latest
 * timestamp: top-10 by decay score, by windowed count and by velocity (the first count walk also
 * refreshes stale bounds; reported separately), each against {@link Ledger#scanTopK}; p50 and p99
 * of 200 runs after 50 warm-up runs, 3 runs for scans. Also records per second into the ledger of
 * size n, and the ledger's memory accounting.
 *
 * <p>Run (CP as in {@link LedgerBench}): {@code java -Xmx10g -cp CP
 * io.tidal.bench.engine.TopKHarness 100000 1000000 10000000}
 */
public final class TopKHarness {
  private static final SignalType HIT = Workloads.HIT;

  private TopKHarness() {}

  public static void main(String[] args) {
    String[] sizes = args.length > 0 ? args : new String[] {"100000", "1000000", "10000000"};
    for (String s : sizes) {
      run(Integer.parseInt(s));
    }
  }

  private static void run(int n) {
    long t0 = System.nanoTime();
    Ledger ledger = new Ledger();
    ledger.addType(HIT);
    long[] clock = {Workloads.T0};
    Random rnd = new Random(n);
    ledger.loadAll(states(n, clock, rnd));
    double loadS = (System.nanoTime() - t0) / 1e9;
    long t = clock[0];
    long r0 = System.nanoTime();
    int live = 20_000;
    for (int i = 0; i < live; i++) {
      ledger.record(HIT, EntityId.of(rnd.nextInt(n)), 1 + rnd.nextInt(100), t += 180);
    }
    double recordUs = (System.nanoTime() - r0) / 1e3 / live;
    long at = t;
    System.out.printf(
        Locale.ROOT, "n=%d: loadAll %.1f s, live record %.2f us/signal%n", n, loadS, recordUs);
    measure(
        "decay",
        n,
        () -> ledger.topK(List.of(RankTerm.decay(1, HIT, 0)), at, 10, 0, null),
        () -> ledger.scanTopK(List.of(RankTerm.decay(1, HIT, 0)), at, 10, 0, null));
    TopKResult first =
        timed(() -> ledger.topK(List.of(RankTerm.count(HIT, 0, false)), at, 10, 0, null));
    System.out.printf(
        Locale.ROOT,
        "  count first walk (refreshes bounds): %.1f us, touched %d%n",
        lastUs,
        first.touched());
    measure(
        "count",
        n,
        () -> ledger.topK(List.of(RankTerm.count(HIT, 0, false)), at, 10, 0, null),
        () -> ledger.scanTopK(List.of(RankTerm.count(HIT, 0, false)), at, 10, 0, null));
    measure(
        "velocity",
        n,
        () -> ledger.topK(List.of(RankTerm.count(HIT, 0, true)), at, 10, 0, null),
        () -> ledger.scanTopK(List.of(RankTerm.count(HIT, 0, true)), at, 10, 0, null));
    measure(
        "decay, filter 1/10",
        n,
        () -> ledger.topK(List.of(RankTerm.decay(1, HIT, 0)), at, 10, 0, e -> e.bits() % 10 == 3),
        () ->
            ledger.scanTopK(
                List.of(RankTerm.decay(1, HIT, 0)), at, 10, 0, e -> e.bits() % 10 == 3));
    LedgerStats st = ledger.stats();
    System.out.printf(
        Locale.ROOT,
        "  memory: %.1f B/state median (array+table), %.1f B/state index estimate%n",
        st.medianBytesPerState(),
        (double) st.indexBytes() / st.states());
  }

  private static double lastUs;

  private static TopKResult timed(Supplier<TopKResult> q) {
    long s = System.nanoTime();
    TopKResult r = q.get();
    lastUs = (System.nanoTime() - s) / 1e3;
    return r;
  }

  private static void measure(
      String what, int n, Supplier<TopKResult> index, Supplier<TopKResult> scan) {
    for (int i = 0; i < 50; i++) {
      index.get();
    }
    double[] us = new double[200];
    long touched = 0;
    for (int i = 0; i < us.length; i++) {
      touched = timed(index).touched();
      us[i] = lastUs;
    }
    Arrays.sort(us);
    double[] scanMs = new double[3];
    TopKResult sr = null;
    for (int i = 0; i < scanMs.length; i++) {
      sr = timed(scan);
      scanMs[i] = lastUs / 1e3;
    }
    Arrays.sort(scanMs);
    boolean same = sr.entries().equals(index.get().entries());
    System.out.printf(
        Locale.ROOT,
        "  top-10 %-20s index p50 %8.1f us p99 %8.1f us touched %6d | scan median %9.1f ms"
            + " touched %d | same answer: %b%n",
        what,
        us[100],
        us[197],
        touched,
        scanMs[1],
        sr.touched(),
        same);
  }

  /** States in the documented checkpoint format (version 1), one signal each. */
  private static Iterator<StateRecord> states(int n, long[] clock, Random rnd) {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public StateRecord next() {
        long t = clock[0] += 1000;
        ByteBuffer b = ByteBuffer.allocate(46);
        b.put((byte) 1).put((byte) 1).putLong(t).putLong(1).putLong(t);
        b.putDouble(1 + rnd.nextInt(100)).putInt(1).putLong(t);
        return new StateRecord(HIT, EntityId.of(i++), b.array());
      }
    };
  }
}
