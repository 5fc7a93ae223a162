package io.tidal.bench.engine;

import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.RankQuery;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What answers about a moment and erasures cost at W1 scale (a plain harness, not JMH): 2M view
 * signals over 7 days on 100k VARCHAR entities, each from one of 100k actors, plus a few actors with
 * 1,000 signals each; then
 * <ul>
 *   <li>a top-10 by decay (1 h half-life) and by the last hour's count at the type's latest signal
 *       ("now", the index path) and at points 1, 6 and 24 hours before it (decay: the index walk
 *       corrected by the entities with signals after {@code at}; count: the walk over the 1-day
 *       or 7-day window's index), p50 and p99 of up to 2,000 calls each after as many of
 *       warm-up (each phase stops after about 10 s, with at least 20 measured calls);
 *   <li>erasing one actor with 1,000 signals (durable, sync), and the user checkpoint after it.
 * </ul>
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.engine.ErasureBench [N] [E]}
 * (defaults 2000000 and 100000).
 */
public final class ErasureBench {
  static final long T0 = 1_798_761_600_000L;
  static final Duration H1 = Duration.ofHours(1);
  static final Duration D1 = Duration.ofDays(1);
  static final Duration D7 = Duration.ofDays(7);
  static final int HEAVY_ACTORS = 5;

  private ErasureBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Path dir = Files.createTempDirectory("tidal-erasure-bench");
    System.out.printf(
        Locale.ROOT,
        "ErasureBench %s, Java %s, %d cores, N=%d signals, E=%d entities%n",
        java.time.Instant.now(),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        n,
        entities);
    Config config = Config.builder().directory(dir).durability(Durability.SYNC).build();
    Random rnd = new Random(42);
    try (TidalDB db = TidalDB.open(config)) {
      db.createTable(
          new EntityTable("items", List.of(new Column("id", ColumnType.VARCHAR, false)), 0));
      db.createSignalType(
          new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1, D7)), false);
      long span = 7 * 86_400_000L;
      long latest = Long.MIN_VALUE;
      List<Signal> batch = new ArrayList<>(1000);
      long t = System.nanoTime();
      int step = n / (HEAVY_ACTORS * 1000); // every step-th signal is a heavy actor's: 1,000 each
      for (int i = 0; i < n; i++) {
        long ts = T0 + (long) i * span / n;
        String actor =
            i % step == 0 ? "heavy-" + (i / step) % HEAVY_ACTORS : "u" + rnd.nextInt(100_000);
        batch.add(new Signal("view", "item-" + rnd.nextInt(entities), 1.0, ts, null, actor));
        latest = Math.max(latest, ts);
        if (batch.size() == 1000) {
          db.signalBatch(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        db.signalBatch(batch);
      }
      System.out.printf(Locale.ROOT, "ingest %.1f s%n", (System.nanoTime() - t) / 1e9);
      db.checkpoint();
      for (long back : new long[] {0, 3_600_000L, 6 * 3_600_000L, 24 * 3_600_000L}) {
        long at = latest - back;
        measure(db, "decay 1h", RankQuery.decay("view", H1, at, 10), back);
        measure(db, "count 1h", RankQuery.count("view", H1, false, at, 10), back);
      }
      for (int a = 0; a < HEAVY_ACTORS; a++) {
        t = System.nanoTime();
        long erased = db.eraseSignals(null, null, "heavy-" + a);
        double eraseMs = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        db.checkpoint();
        System.out.printf(
            Locale.ROOT,
            "erase actor heavy-%d: %d signals in %.1f ms; the checkpoint after it %.0f ms%n",
            a,
            erased,
            eraseMs,
            (System.nanoTime() - t) / 1e6);
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** p50/p99 of up to 2,000 calls after as many of warm-up, each phase about 10 s at most. */
  private static void measure(TidalDB db, String what, RankQuery q, long back) {
    long[] lat = new long[2000];
    long budget = System.nanoTime() + 10_000_000_000L;
    for (int i = 0; i < 2000 && System.nanoTime() < budget; i++) {
      db.topK(q);
    }
    int reps = 0;
    budget = System.nanoTime() + 10_000_000_000L;
    while (reps < lat.length && (reps < 20 || System.nanoTime() < budget)) {
      long a = System.nanoTime();
      db.topK(q);
      lat[reps++] = System.nanoTime() - a;
    }
    lat = Arrays.copyOf(lat, reps);
    Arrays.sort(lat);
    System.out.printf(
        Locale.ROOT,
        "top-10 %s at latest - %2d h: p50 %.1f us, p99 %.1f us (%d calls), touched %d%n",
        what,
        back / 3_600_000L,
        lat[lat.length / 2] / 1e3,
        lat[lat.length * 99 / 100] / 1e3,
        reps,
        db.stats().lastTopKTouched());
  }
}
