package io.tidal.bench.engine;

import io.tidal.Config;
import io.tidal.DatabaseCheck;
import io.tidal.Durability;
import io.tidal.Signal;
import io.tidal.TidalDB;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code BACKUP TO} costs at W1 scale (E VARCHAR rows, N signals over them): a plain harness,
 * each figure one timed call. Ingest and a checkpoint; then a backup while one thread keeps
 * recording signals one at a time (SYNC: each call waits for its fsync), reporting the backup's
 * time, the sizes of source and copy, and the writer's longest call during the backup (what writers
 * feel; the engine's INFO line gives the exclusive-lock hold); then the copy's open time and a
 * {@code ./tidal check} of it.
 *
 * <p>Run: {@code mvn -q -o -pl bench -am package -DskipTests && java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.engine.BackupBench [N] [E]}
 * (defaults 2000000 and 100000).
 */
public final class BackupBench {
  private BackupBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Path root = Files.createTempDirectory("tidal-backup-bench");
    Path dir = root.resolve("db");
    EngineBenchSetup.header("BackupBench", n, entities);
    Config load = Config.builder().directory(dir).durability(Durability.ASYNC).build();
    Config config = Config.builder().directory(dir).durability(Durability.SYNC).build();
    Random rnd = new Random(42);
    try {
      try (TidalDB db = TidalDB.open(load)) { // loading: ASYNC (100k single-row inserts)
        EngineBenchSetup.createItemsAndViews(db);
        long t = System.nanoTime();
        EngineBenchSetup.insertItems(db, entities);
        java.util.ArrayList<Signal> batch = new java.util.ArrayList<>(1000);
        for (int i = 0; i < n; i++) {
          batch.add(
              new Signal(
                  "view",
                  "item-" + rnd.nextInt(entities),
                  1.0,
                  EngineBenchSetup.T0 + i / 10,
                  null));
          if (batch.size() == 1000) {
            db.signalBatch(batch);
            batch.clear();
          }
        }
        db.checkpoint();
        System.out.printf(
            Locale.ROOT,
            "ingest + checkpoint %.1f s; source data.mv %,d bytes, wal %,d bytes%n",
            (System.nanoTime() - t) / 1e9,
            Files.size(dir.resolve("data.mv")),
            ScrubBench.walBytes(dir));
      }
      try (TidalDB db = TidalDB.open(config)) { // backups: SYNC, as in production
        for (int round = 0; round < 3; round++) {
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
                              "item-" + r.nextInt(entities),
                              1.0,
                              EngineBenchSetup.T0 + n / 10,
                              null));
                      worst.accumulateAndGet(System.nanoTime() - s, Math::max);
                      calls.incrementAndGet();
                    }
                  });
          writer.start();
          Path copy = root.resolve("copy" + round);
          long b = System.nanoTime();
          db.backup(copy);
          double ms = (System.nanoTime() - b) / 1e6;
          stop.set(true);
          writer.join();
          System.out.printf(
              Locale.ROOT,
              "backup %d: %.0f ms; copy data.mv %,d bytes, wal %,d bytes; concurrent writer: %d "
                  + "signals, longest call %.1f ms%n",
              round,
              ms,
              Files.size(copy.resolve("data.mv")),
              ScrubBench.walBytes(copy),
              calls.get(),
              worst.get() / 1e6);
        }
      }
      long t = System.nanoTime();
      try (TidalDB copy =
          TidalDB.open(Config.builder().directory(root.resolve("copy0")).create(false).build())) {
        System.out.printf(
            Locale.ROOT,
            "open the copy %.0f ms (%d states)%n",
            (System.nanoTime() - t) / 1e6,
            copy.stats().trackedStates());
      }
      t = System.nanoTime();
      DatabaseCheck.Report r = DatabaseCheck.run(root.resolve("copy0"));
      System.out.printf(
          Locale.ROOT, "check of the copy %.0f ms: %s%n", (System.nanoTime() - t) / 1e6, r.lines());
    } finally {
      EngineBenchSetup.delete(root);
    }
  }
}
