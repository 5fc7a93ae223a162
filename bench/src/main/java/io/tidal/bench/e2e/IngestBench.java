package io.tidal.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * W1's durable batch ingest through JDBC on tidal alone, with the memory and disk it leaves: the
 * e2e ingest phase without the peers, the oracle or the queries, for profiling (issue 18 items 4
 * and 5).
 *
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *     io.tidal.bench.e2e.IngestBench [--scale full|quick|tiny] [--rounds N] [--work DIR]
 * </pre>
 *
 * <p>Each round builds a fresh database (create untimed), feeds every W1 signal in
 * {@code executeBatch} calls of 1,000 (autocommit, durable) and prints the rate; after the last
 * round: heap used after a full GC with the database open, peak RSS (VmHWM), the database's bytes
 * on disk after close. Add {@code -XX:StartFlightRecording=filename=ingest.jfr} for a profile.
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    String scale = "full";
    int rounds = 3;
    Path work = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scale":
          scale = args[++i];
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++i]);
          break;
        case "--work":
          work = Paths.get(args[++i]);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown option '" + args[i] + "' (--scale, --rounds, --work)");
      }
    }
    W1 w = W1.named(scale, W1.SEED);
    Path root = work != null ? work : Files.createTempDirectory("tidal-ingest-");
    for (int r = 1; r <= rounds; r++) {
      Path dir = root.resolve("round-" + r);
      Main.deleteTree(dir);
      Files.createDirectories(dir);
      TidalTarget t = new TidalTarget();
      t.create(dir, w);
      long[] nanos = new long[1];
      Batch.feed(
          w,
          1000,
          b -> {
            long t0 = System.nanoTime();
            t.ingest(b);
            nanos[0] += System.nanoTime() - t0;
          });
      System.out.printf(
          Locale.ROOT,
          "round %d: %,d signals in %.2f s: %,.0f signals/s (load average %.2f)%n",
          r,
          w.signals(),
          nanos[0] / 1e9,
          w.signals() / (nanos[0] / 1e9),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      if (r == rounds) {
        System.out.printf(
            Locale.ROOT,
            "heap after GC: %.1f MB (%.0f B per signal)%n",
            usedAfterGc() / 1e6,
            (double) usedAfterGc() / w.signals());
        System.out.printf(Locale.ROOT, "peak RSS: %.1f MB%n", vmHwmKb() / 1024.0);
      }
      t.close();
      System.out.printf(Locale.ROOT, "disk: %.1f MB%n", bytes(dir) / 1e6);
      if (r < rounds) {
        Main.deleteTree(dir);
      }
    }
    if (work == null) {
      Main.deleteTree(root);
    }
  }

  static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  static long vmHwmKb() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static long bytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
