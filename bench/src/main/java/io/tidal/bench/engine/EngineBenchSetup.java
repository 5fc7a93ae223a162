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
 * What the checkpoint, scrub and backup benchmarks share: the header line, the {@code items} table
 * with its {@code view} type, the batched ingest, the checkpoint's DEBUG timings on the console,
 * and cleaning up the temporary directory.
 */
final class EngineBenchSetup {
  /** 2027-01-01T00:00:00Z: the benchmarks' signal timestamps start here. */
  static final long T0 = 1_798_761_600_000L;

  /** Kept referenced: java.util.logging holds its loggers weakly. */
  private static final Logger CHECKPOINT_LOG = Logger.getLogger("io.tidal.engine.Checkpointer");

  private EngineBenchSetup() {}

  /** Prints the run's header: bench name, time, Java, cores, N signals, E entities. */
  static void header(String bench, int n, int entities) {
    System.out.printf(
        Locale.ROOT,
        "%s %s, Java %s, %d cores, N=%d signals, E=%d VARCHAR entities%n",
        bench,
        java.time.Instant.now(),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        n,
        entities);
  }

  /** Prints the checkpoint's per-phase DEBUG line ("checkpoint seq=.. tables=..ms ..."). */
  static void showCheckpointPhases() {
    ConsoleHandler h = new ConsoleHandler();
    h.setLevel(Level.FINE);
    CHECKPOINT_LOG.setLevel(Level.FINE);
    CHECKPOINT_LOG.addHandler(h);
  }

  /** A directory database, ASYNC, checkpoints only when asked. */
  static Config asyncManualCheckpoints(Path dir) {
    return Config.builder()
        .directory(dir)
        .durability(Durability.ASYNC)
        .backgroundThreads(false)
        .checkpointEveryEvents(0)
        .build();
  }

  /** {@code items (id VARCHAR, title VARCHAR)} and the signal type {@code view} on it. */
  static void createItemsAndViews(TidalDB db) {
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
  }

  /** Inserts {@code item-0 .. item-(entities-1)}. */
  static void insertItems(TidalDB db, int entities) {
    for (int i = 0; i < entities; i++) {
      db.insertRow("items", new Object[] {"item-" + i, "title of item " + i});
    }
  }

  /** {@code n} views on random items in batches of 1,000, timestamps from hour {@code round}. */
  static void ingest(TidalDB db, Random rnd, int n, int entities, int round) {
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

  /** Deletes {@code root} and everything below it. */
  static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
