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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Engine-level figures of the {@link TidalDB} facade (a plain harness, not JMH: each figure is one
 * timed loop after a warm-up loop). Questions: how many signals per second does one thread record
 * (single calls and batches of 100, SYNC and ASYNC durability); how long do point reads take; how
 * long does a reopen take after 2M signals.
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.engine.FacadeBench [scale]}
 * [phases]} ({@code scale} multiplies the loop sizes, default 1; {@code phases} a comma list of
 * {@code ingest,reads,reopen}, default all). Results: docs/benchmarks/facade.md.
 */
public final class FacadeBench {
  static final long T0 = 1_798_761_600_000L;
  static final Duration H1 = Duration.ofHours(1);
  static final Duration D1 = Duration.ofDays(1);

  private FacadeBench() {}

  public static void main(String[] args) throws IOException {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    Path root = Files.createTempDirectory("tidal-facade-bench");
    try {
      System.out.printf(
          Locale.ROOT,
          "FacadeBench %s, Java %s, %d cores%n",
          java.time.Instant.now(),
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
      String phases = args.length > 1 ? args[1] : "ingest,reads,reopen";
      if (phases.contains("ingest")) {
        ingest(root.resolve("async1"), Durability.ASYNC, 1, (int) (200_000 * scale));
        ingest(root.resolve("async100"), Durability.ASYNC, 100, (int) (1_000_000 * scale));
        ingest(root.resolve("sync1"), Durability.SYNC, 1, (int) (2_000 * scale));
        ingest(root.resolve("sync100"), Durability.SYNC, 100, (int) (200_000 * scale));
      }
      if (phases.contains("reads")) {
        reads(root.resolve("reads"), (int) (1_000_000 * scale));
      }
      if (phases.contains("reopen")) {
        reopen(root.resolve("reopen"), (int) (2_000_000 * scale));
      }
    } finally {
      delete(root);
    }
  }

  static Config config(Path dir, Durability d) {
    return Config.builder().directory(dir).durability(d).build();
  }

  static void setUp(TidalDB db) {
    db.createTable(
        new EntityTable(
            "items",
            List.of(
                new Column("id", ColumnType.BIGINT, false),
                new Column("title", ColumnType.VARCHAR, true)),
            0));
    db.createSignalType(new SignalType("view", "items", List.of(H1, D1), List.of(H1, D1)), false);
  }

  static List<Signal> batch(Random rnd, int n, int entities, long t) {
    List<Signal> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Signal("view", (long) rnd.nextInt(entities), 1.0, t - rnd.nextInt(3_600_000)));
    }
    return out;
  }

  static void ingest(Path dir, Durability d, int batchSize, int total) {
    try (TidalDB db = TidalDB.open(config(dir, d))) {
      setUp(db);
      Random rnd = new Random(1);
      int warm = Math.max(batchSize, total / 10);
      write(db, rnd, batchSize, warm);
      long t0 = System.nanoTime();
      write(db, rnd, batchSize, total);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "ingest %-5s batch %3d: %,d signals in %.2f s = %,.0f signals/s%n",
          d,
          batchSize,
          total,
          s,
          total / s);
    }
  }

  private static void write(TidalDB db, Random rnd, int batchSize, int total) {
    for (int done = 0; done < total; done += batchSize) {
      if (batchSize == 1) {
        db.signal("view", (long) rnd.nextInt(100_000), 1.0, T0 - rnd.nextInt(3_600_000));
      } else {
        db.signalBatch(batch(rnd, batchSize, 100_000, T0));
      }
    }
  }

  static void reads(Path dir, int n) {
    try (TidalDB db = TidalDB.open(config(dir, Durability.ASYNC))) {
      setUp(db);
      Random rnd = new Random(2);
      for (int i = 0; i < 100_000; i++) {
        db.insertRow("items", new Object[] {(long) i, "item " + i});
      }
      write(db, rnd, 1000, n);
      for (int round = 0; round < 2; round++) { // round 0 warms up
        long t0 = System.nanoTime();
        double sink = 0;
        for (int i = 0; i < n; i++) {
          sink += db.decayScore("view", (long) rnd.nextInt(100_000), H1, T0);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          sink += db.windowedCount("view", (long) rnd.nextInt(100_000), D1, T0);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          sink += db.row("items", (long) rnd.nextInt(100_000)).orElseThrow().length;
        }
        long t3 = System.nanoTime();
        for (int i = 0; i < n / 100; i++) {
          sink += db.topK(RankQuery.decay("view", H1, T0, 10)).entries().size();
        }
        long t4 = System.nanoTime();
        if (round == 1) {
          System.out.printf(
              Locale.ROOT,
              "point reads (100k entities, %,d signals): decayScore %.0f ns/op, windowedCount %.0f ns/op,"
                  + " row %.0f ns/op, top-10 decay %.0f ns/op (sink %.1f)%n",
              n,
              (t1 - t0) / (double) n,
              (t2 - t1) / (double) n,
              (t3 - t2) / (double) n,
              (t4 - t3) / (n / 100.0),
              sink);
        }
      }
    }
  }

  static void reopen(Path dir, int total) {
    long t0 = System.nanoTime();
    try (TidalDB db = TidalDB.open(config(dir, Durability.ASYNC))) {
      setUp(db);
      write(db, new Random(3), 1000, total);
      long t1 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "reopen: wrote %,d signals in %.2f s (%,.0f/s)%n",
          total,
          (t1 - t0) / 1e9,
          total / ((t1 - t0) / 1e9));
      t0 = System.nanoTime();
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "reopen: close (final checkpoint) %.2f s%n", (t2 - t0) / 1e9);
    for (int i = 0; i < 3; i++) {
      long t3 = System.nanoTime();
      try (TidalDB db = TidalDB.open(config(dir, Durability.ASYNC))) {
        long t4 = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "reopen #%d after %,d signals: open %.3f s, %d tracked states, windowed count sample %d%n",
            i + 1,
            total,
            (t4 - t3) / 1e9,
            db.stats().trackedStates(),
            db.windowedCount("view", 7L, D1, T0));
      }
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> System.out.printf(Locale.ROOT, "  %s %,d bytes%n", p.getFileName(), size(p)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
