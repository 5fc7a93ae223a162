package io.tidal.bench.engine;

import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What a scrubbing {@code CHECKPOINT} costs at W1 scale (E VARCHAR rows, N signals over them, all
 * retained in the warm tier), next to a plain checkpoint: a plain harness, each figure one timed
 * call. Steps: ingest and a first checkpoint; 10,000 more signals and a plain user checkpoint; one
 * row delete and a user checkpoint, which scrubs (WAL rotated and truncated, {@code data.mv}
 * rewritten), while one thread keeps recording signals and the longest of its calls is reported
 * (what writers feel); then the reopen time. Prints the sizes of {@code data.mv} and {@code wal/}
 * around each step and the engine's DEBUG lines (checkpoint phases, "scrub ... store=..ms log=..ms").
 *
 * <p>Run: {@code mvn -q -o -pl bench -am package -DskipTests && java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.engine.ScrubBench [N] [E]}
 * (defaults 2000000 and 100000).
 */
public final class ScrubBench {
  static final long T0 = 1_798_761_600_000L;
  private static final Logger CHECKPOINT_LOG =
      Logger.getLogger("io.tidal.engine.Checkpointer"); // kept: JUL holds it weakly

  private ScrubBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    ConsoleHandler h = new ConsoleHandler();
    h.setLevel(Level.FINE);
    CHECKPOINT_LOG.setLevel(Level.FINE);
    CHECKPOINT_LOG.addHandler(h);
    Path dir = Files.createTempDirectory("tidal-scrub-bench");
    System.out.printf(
        Locale.ROOT,
        "ScrubBench %s, Java %s, %d cores, N=%d signals, E=%d VARCHAR rows%n",
        java.time.Instant.now(),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        n,
        entities);
    Config config =
        Config.builder()
            .directory(dir)
            .durability(Durability.ASYNC)
            .backgroundThreads(false)
            .checkpointEveryEvents(0)
            .build();
    Random rnd = new Random(42);
    try {
      try (TidalDB db = TidalDB.open(config)) {
        db.createTable(
            new EntityTable(
                "items",
                List.of(
                    new Column("id", ColumnType.VARCHAR, false),
                    new Column("title", ColumnType.VARCHAR, true)),
                0));
        db.createSignalType(
            new SignalType(
                "view",
                "items",
                List.of(FacadeBench.H1, FacadeBench.D1),
                List.of(FacadeBench.H1, FacadeBench.D1)),
            false);
        long t = System.nanoTime();
        for (int i = 0; i < entities; i++) {
          db.insertRow("items", new Object[] {"item-" + i, "title of item " + i});
        }
        ingest(db, rnd, n, entities, 0);
        System.out.printf(Locale.ROOT, "ingest %.1f s%n", (System.nanoTime() - t) / 1e9);
        timed(dir, "first checkpoint", db::checkpoint);
        ingest(db, rnd, 10_000, entities, 1);
        timed(dir, "plain checkpoint after 10k signals", db::checkpoint);
        ingest(db, rnd, 10_000, entities, 2);
        db.deleteRow("items", "item-7");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worst = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        Thread writer =
            new Thread(
                () -> {
                  Random r = new Random(7);
                  while (!stop.get()) {
                    long s = System.nanoTime();
                    db.signal(
                        new Signal(
                            "view",
                            "item-" + (10 + r.nextInt(entities - 10)),
                            1.0,
                            T0 + 3 * 3_600_000L,
                            null));
                    worst.accumulateAndGet(System.nanoTime() - s, Math::max);
                    calls.incrementAndGet();
                  }
                });
        writer.start();
        timed(dir, "scrubbing checkpoint after a delete (writer running)", db::checkpoint);
        stop.set(true);
        writer.join();
        System.out.printf(
            Locale.ROOT,
            "  concurrent writer: %d signals, longest call %.1f ms%n",
            calls.get(),
            worst.get() / 1e6);
        ingest(db, rnd, 10_000, entities, 4);
        timed(dir, "plain checkpoint after the scrub", db::checkpoint);
      }
      long t = System.nanoTime();
      try (TidalDB db = TidalDB.open(config)) {
        System.out.printf(
            Locale.ROOT,
            "reopen %.0f ms (%d states)%n",
            (System.nanoTime() - t) / 1e6,
            db.stats().trackedStates());
      }
    } finally {
      delete(dir);
    }
  }

  private static void timed(Path dir, String what, Runnable r) throws IOException {
    long mv = Files.size(dir.resolve("data.mv"));
    long wal = walBytes(dir);
    long t = System.nanoTime();
    r.run();
    double ms = (System.nanoTime() - t) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%s: %.0f ms; data.mv %,d -> %,d bytes, wal %,d -> %,d bytes%n",
        what,
        ms,
        mv,
        Files.size(dir.resolve("data.mv")),
        wal,
        walBytes(dir));
  }

  private static void ingest(TidalDB db, Random rnd, int n, int entities, int round) {
    List<Signal> batch = new ArrayList<>(1000);
    long base = T0 + round * 3_600_000L;
    for (int i = 0; i < n; i++) {
      batch.add(new Signal("view", "item-" + rnd.nextInt(entities), 1.0, base + i / 1000, null));
      if (batch.size() == 1000) {
        db.signalBatch(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      db.signalBatch(batch);
    }
  }

  static long walBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
      long sum = 0;
      for (Path p : s.toList()) {
        sum += Files.size(p);
      }
      return sum;
    }
  }

  static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
