package io.tidal.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Measures one node's ingest (not a test; numbers go to docs/SCALE.md): starts a broker, produces
 * N signals to a 3-partition topic, then times a fresh database's ingest of them to the end, for a
 * few batch sizes (the first run also warms the JVM up). Run from the cluster module's test class path:
 * {@code java -cp <test class path> io.tidal.cluster.IngestBench [N]}.
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("tidal-ingest-bench-");
    try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("kafka")))) {
      System.out.println("broker ready in " + broker.startMillis + " ms");
      broker.createTopics(Map.of("bench", 3));
      Workload work = new Workload(1);
      long t0 = System.nanoTime();
      try (var producer = broker.producer()) {
        work.produce(producer, "bench", n);
      }
      System.out.printf(
          "produced %,d acknowledged records in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
      int run = 0;
      for (int maxPoll : new int[] {500, 50, 500, 2000}) {
        Path db = Files.createDirectory(dir.resolve("db" + run++));
        String url = "jdbc:tidal:" + db;
        Workload.createSchema(url);
        long cpu0 = cpuNanos();
        long s = System.nanoTime();
        KafkaIngestConfig config =
            new KafkaIngestConfig(broker.bootstrap(), "bench", "bench" + run)
                .withMaxPollRecords(maxPoll);
        try (KafkaIngest ingest = KafkaIngest.start(url, config)) {
          if (!ingest.awaitStats(st -> st.applied() >= n, Duration.ofMinutes(5))) {
            throw new IllegalStateException("not caught up: " + ingest.stats());
          }
          long ms = (System.nanoTime() - s) / 1_000_000;
          IngestStats st = ingest.stats();
          System.out.printf(
              "max_poll_records=%d: %,d signals in %,d ms = %,.0f signals/s,"
                  + " %d batches, process CPU %.1f us/signal%n",
              maxPoll,
              st.applied(),
              ms,
              st.applied() * 1000.0 / ms,
              st.batches(),
              (cpuNanos() - cpu0) / 1000.0 / st.applied());
        }
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
