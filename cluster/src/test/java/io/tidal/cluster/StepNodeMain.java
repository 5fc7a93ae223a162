package io.tidal.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A cluster node in its own JVM for the crash tests: {@code dir bootstrap topic group shared name
 * step}. Creates {@link Workload}'s schema in a new database, starts the node (no periodic
 * snapshots), prints {@code url http://...}; when the hand-off reaches {@code step} (see {@link
 * ClusterNode.Options}) it prints {@code step <name>} and stops there, on the ingest thread, for
 * the test to kill it with kill -9 at exactly that point.
 */
public final class StepNodeMain {
  private StepNodeMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.haltWithParent();
    Path dir = Path.of(args[0]);
    boolean fresh = !Files.exists(dir);
    Files.createDirectories(dir);
    if (fresh) {
      Workload.createSchema("jdbc:tidal:" + dir);
    }
    String stopAt = args[6];
    ClusterNode node =
        ClusterNode.start(
            dir,
            new KafkaIngestConfig(args[1], args[2], args[3])
                .withRetryBackoff(Duration.ofMillis(200)),
            ClusterNode.Options.of(args[5], Path.of(args[4]))
                .withSessionTimeout(Duration.ofSeconds(6))
                .withSnapshotEvery(Duration.ZERO)
                .withSteps(
                    step -> {
                      if (step.equals(stopAt)) {
                        System.out.println("step " + step);
                        System.out.flush();
                        try {
                          Thread.sleep(Long.MAX_VALUE); // held here until the test kills us
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }
                    }),
            0);
    System.out.println("url " + node.url());
    Thread.sleep(Long.MAX_VALUE);
  }
}
