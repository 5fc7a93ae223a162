package io.tidal.cluster;

import java.time.Duration;

/**
 * A tidal node in a child JVM that ingests from Kafka: {@code dir bootstrap topic group
 * maxPollRecords run|drain}. Prints {@code started} once consuming and {@code batch N} after each
 * committed batch; with {@code drain} it waits
 * until caught up, prints {@code caught-up} and exits 0; with {@code run} it runs until killed.
 */
public final class IngestNodeMain {
  private IngestNodeMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.haltWithParent();
    KafkaIngestConfig config =
        new KafkaIngestConfig(args[1], args[2], args[3])
            .withMaxPollRecords(Integer.parseInt(args[4]))
            .withRetryBackoff(Duration.ofMillis(200));
    try (KafkaIngest ingest = KafkaIngest.start("jdbc:tidal:" + args[0], config)) {
      long[] batches = {0};
      long t0 = System.nanoTime();
      ingest.onBatch(
          () ->
              System.out.println(
                  "batch " + ++batches[0] + " at " + (System.nanoTime() - t0) / 1_000_000 + " ms"));
      System.out.println("started");
      if (args[5].equals("drain")) {
        if (!ingest.awaitCaughtUp(Duration.ofSeconds(60))) {
          System.out.println("timeout " + ingest.stats());
          Runtime.getRuntime().halt(2);
        }
        System.out.println("caught-up " + ingest.stats());
        return;
      }
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
