package io.tidal.bench.engine;

import io.tidal.Config;
import io.tidal.TidalDB;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

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
  private CheckpointBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    EngineBenchSetup.showCheckpointPhases();
    Path dir = Files.createTempDirectory("tidal-checkpoint-bench");
    EngineBenchSetup.header("CheckpointBench", n, entities);
    Config config = EngineBenchSetup.asyncManualCheckpoints(dir);
    Random rnd = new Random(42);
    try {
      try (TidalDB db = TidalDB.open(config)) {
        EngineBenchSetup.createItemsAndViews(db);
        db.checkpoint();
        for (int round = 1; round <= 2; round++) {
          long t = System.nanoTime();
          EngineBenchSetup.ingest(db, rnd, n, entities, round);
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
      EngineBenchSetup.delete(dir);
    }
  }

  private static long size(Path dir) throws IOException {
    return Files.size(dir.resolve("data.mv"));
  }
}
