package io.tidal.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;

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
    int histogram = 0;
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
        case "--histogram":
          histogram = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown option '" + args[i] + "' (--scale, --rounds, --work, --histogram N)");
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
      long heapBefore = r == rounds ? usedAfterGc() : 0; // schema, items, JDBC and Calcite loaded
      long[] nanos = new long[1];
      long allocated = -allocatedBytes();
      long processCpu = -processCpuNanos();
      long callerCpu = -ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      Batch.feed(
          w,
          1000,
          b -> {
            long t0 = System.nanoTime();
            t.ingest(b);
            nanos[0] += System.nanoTime() - t0;
          });
      allocated += allocatedBytes();
      processCpu += processCpuNanos();
      callerCpu += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      System.out.printf(
          Locale.ROOT,
          "round %d: %,d signals in %.2f s: %,.0f signals/s (load average %.2f);"
              + " CPU per signal %.2f us (process, W1 generation and JDBC binding included),"
              + " %.2f us on the caller's thread; %,.0f B allocated per signal (every thread)%n",
          r,
          w.signals(),
          nanos[0] / 1e9,
          w.signals() / (nanos[0] / 1e9),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          processCpu / 1e3 / w.signals(),
          callerCpu / 1e3 / w.signals(),
          (double) allocated / w.signals());
      if (r == rounds) {
        long heap = usedAfterGc();
        long states = t.trackedStates();
        System.out.printf(
            Locale.ROOT,
            "heap after GC: %.1f MB, %.1f MB before the signals; the signals' share: %.0f B per"
                + " signal, %.0f B per tracked state (%,d states; every structure included)%n",
            heap / 1e6,
            heapBefore / 1e6,
            (double) (heap - heapBefore) / w.signals(),
            (double) (heap - heapBefore) / states,
            states);
        System.out.printf(Locale.ROOT, "peak RSS: %.1f MB%n", vmHwmKb() / 1024.0);
        if (histogram > 0) {
          histogram(histogram);
        }
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

  /** CPU time of this process so far (the OperatingSystem MXBean's ProcessCpuTime). */
  static long processCpuNanos() throws Exception {
    return (Long)
        ManagementFactory.getPlatformMBeanServer()
            .getAttribute(
                new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
  }

  /** Bytes allocated so far by the live threads (HotSpot's per-thread counters). */
  static long allocatedBytes() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long[] ids = threads.getAllThreadIds();
    long[] bytes =
        (long[])
            server.invoke(
                new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
                "getThreadAllocatedBytes",
                new Object[] {ids},
                new String[] {long[].class.getName()});
    long sum = 0;
    for (long b : bytes) {
      sum += Math.max(0, b);
    }
    return sum;
  }

  /** The first {@code lines} classes of the heap's class histogram (jcmd GC.class_histogram). */
  static void histogram(int lines) throws Exception {
    String h =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    h.lines().limit(lines + 2L).forEach(System.out::println);
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
