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
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The cost of one checkpoint (taken under the engine's exclusive lock, so ingest stops meanwhile)
 * after N signals over E VARCHAR entities of one signal type, ingested through {@link TidalDB} in
 * batches of 1,000 (a plain harness, not JMH: each figure is one timed call). Two rounds: the first
 * checkpoint after N signals on new entities (every dictionary entry and state new), then a second
 * after N more signals on the same entities (states dirty, no new entries); then the time to reopen.
 * Prints ms and the size of {@code data.mv} before and after each checkpoint, and the checkpoint's
 * per-phase times (the engine's DEBUG line "checkpoint seq=.. tables=..ms warm=..ms states=..ms
 * flush=..ms", enabled here through java.util.logging).
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.engine.CheckpointBench [N] [E]}
 * (defaults 1000000 and 100000).
 */
public final class CheckpointBench {
  static final long T0 = 1_798_761_600_000L;
  private static final Logger CHECKPOINT_LOG =
      Logger.getLogger("io.tidal.engine.Checkpointer"); // kept: JUL holds it weakly

  private CheckpointBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    ConsoleHandler h = new ConsoleHandler();
    h.setLevel(Level.FINE);
    CHECKPOINT_LOG.setLevel(Level.FINE);
    CHECKPOINT_LOG.addHandler(h);
    Path dir = Files.createTempDirectory("tidal-checkpoint-bench");
    System.out.printf(
        Locale.ROOT,
        "CheckpointBench %s, Java %s, %d cores, N=%d signals, E=%d VARCHAR entities%n",
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
        db.checkpoint();
        for (int round = 1; round <= 2; round++) {
          long t = System.nanoTime();
          ingest(db, rnd, n, entities, round);
          double ingestS = (System.nanoTime() - t) / 1e9;
          long before = size(dir);
          t = System.nanoTime();
          db.checkpoint();
          double ms = (System.nanoTime() - t) / 1e6;
          System.out.printf(
              Locale.ROOT,
              "round %d (%s): ingest %.1f s, checkpoint %.0f ms, data.mv %,d -> %,d bytes (+%,d, %.1f"
                  + " bytes/signal)%n",
              round,
              round == 1 ? "new entities" : "same entities",
              ingestS,
              ms,
              before,
              size(dir),
              size(dir) - before,
              (size(dir) - before) / (double) n);
        }
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

  private static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static long size(Path dir) throws IOException {
    return Files.size(dir.resolve("data.mv"));
  }
}
