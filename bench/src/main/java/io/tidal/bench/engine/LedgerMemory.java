package io.tidal.bench.engine;

import io.tidal.engine.ledger.Ledger;
import io.tidal.engine.ledger.LedgerStats;
import java.util.Locale;

/**
 * Bytes per tracked (entity, type) state on the W1 workload (100k items, 2M signals over 7 days,
 * Zipf(1.1), type with 2 half-lives and 3 windows): the ledger's own layout accounting
 * ({@link Ledger#stats}) next to the heap delta after GC.
 *
 * <p>Run (CP as in {@link LedgerBench}): {@code java -Xmx4g -cp CP
 * io.tidal.bench.engine.LedgerMemory}
 */
public final class LedgerMemory {
  private LedgerMemory() {}

  public static void main(String[] args) {
    long before = usedAfterGc();
    Ledger ledger = Workloads.w1(Workloads.VIEW, 100_000, 2_000_000, 42);
    long after = usedAfterGc();
    LedgerStats s = ledger.stats();
    System.out.printf(Locale.ROOT, "states=%d%n", s.states());
    System.out.printf(
        Locale.ROOT,
        "state arrays: median %d B, mean %.1f B%n",
        s.medianStateBytes(),
        (double) s.stateBytes() / s.states());
    System.out.printf(
        Locale.ROOT, "hash tables: %.1f B per state%n", (double) s.tableBytes() / s.states());
    System.out.printf(
        Locale.ROOT,
        "median bytes per tracked state (array + table share): %.1f%n",
        s.medianBytesPerState());
    System.out.printf(
        Locale.ROOT,
        "rank index entries: %d (%d per state), est. %.1f B per state%n",
        s.indexEntries(),
        s.indexEntries() / s.states(),
        (double) s.indexBytes() / s.states());
    System.out.printf(
        Locale.ROOT,
        "heap delta after GC: %.1f B per state (states, tables and indexes)%n",
        (double) (after - before) / s.states());
    System.out.println(ledger.stateCount() > 0 ? "ok" : "empty");
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
