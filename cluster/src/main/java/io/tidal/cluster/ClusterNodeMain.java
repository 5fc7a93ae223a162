package io.tidal.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

/**
 * A cluster node in its own JVM (the demo's nodes, and tests that kill nodes with kill -9):
 * {@code dir bootstrap topic group shared name [schema.sql]}. Creates the schema (statements
 * separated by ';') in a new database, starts the node, prints {@code url http://...} and runs
 * until killed or its parent dies.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.haltWithParent();
    Path dir = Path.of(args[0]);
    boolean fresh = !Files.exists(dir);
    Files.createDirectories(dir);
    if (fresh && args.length > 6) {
      try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dir);
          Statement s = c.createStatement()) {
        for (String sql : args[6].split(";")) {
          if (!sql.isBlank()) {
            s.execute(sql);
          }
        }
      }
    }
    ClusterNode node =
        ClusterNode.start(
            dir,
            new KafkaIngestConfig(args[1], args[2], args[3])
                .withRetryBackoff(Duration.ofMillis(200)),
            ClusterNode.Options.of(args[5], Path.of(args[4]))
                .withSessionTimeout(Duration.ofSeconds(6)),
            0);
    System.out.println("url " + node.url());
    Thread.sleep(Long.MAX_VALUE);
  }
}
