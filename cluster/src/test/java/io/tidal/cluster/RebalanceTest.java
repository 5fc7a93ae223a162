package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes join and leave a running cluster: the moved partitions are handed off (snapshot published
 * by the old owner, restored by the new one, then the replay from the snapshot's offsets), and
 * after every step the cluster's answers equal those of a single tidal database that got the same
 * signals (the oracle). Meanwhile a reader queries without pause: every answer it gets is the
 * complete, correct one; the others fail with the retryable SQLState 40001, never partially.
 */
class RebalanceTest {
  @TempDir Path tmp;

  @Test
  void nodesAddedAndRemovedKeepAnswersEqualToOneNode() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println("RebalanceTest seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Workload work = new Workload(seed, 300);
    long t0 = System.nanoTime();
    java.util.function.Consumer<String> phase =
        what ->
            System.out.println(
                "RebalanceTest +" + (System.nanoTime() - t0) / 1_000_000 + " ms: " + what);
    try (ClusterFixture cluster =
            new ClusterFixture(tmp, "rebalance-" + Long.toHexString(seed), 6);
        var producer = cluster.broker.producer()) {
      ClusterNode n1 = cluster.addNode();
      work.produce(producer, cluster.topic, 1500);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
      phase.accept("one node caught up");
      assertThat(n1.held()).hasSize(6);
      String oracleUrl = ClusterFixture.oracle(tmp.resolve("oracle1"), work);
      try (Connection c = DriverManager.getConnection(cluster.clusterUrl(10_000));
          Connection o = DriverManager.getConnection(oracleUrl)) {
        ClusterFixture.assertEqualAnswers(c, o, "one node");
      }

      // a second and a third node join while a reader queries; then more signals
      String full = ClusterFixture.QUERIES.get(2);
      List<List<Object>> expected;
      try (Connection o = DriverManager.getConnection(oracleUrl)) {
        expected = ClusterFixture.rows(o, full);
      }
      ClusterNode n2 = cluster.addNode();
      ClusterNode n3;
      try (Reader reader = new Reader(cluster, full, expected)) {
        cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
        phase.accept("n2 joined, caught up");
        // one complete answer from the two nodes before the third joins (the window between two
        // rebalances is otherwise a race with the reader's first query on the new holdings)
        reader.awaitAnswer(Duration.ofSeconds(60));
        n3 = cluster.addNode();
        cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
        phase.accept("n3 joined, caught up");
        reader.stop();
      }
      assertThat(n2.held()).as("n2 took partitions").isNotEmpty();
      assertThat(n3.held()).as("n3 took partitions").isNotEmpty();
      assertThat(
              n2.clusterStats().get("cluster_snapshots_restored")
                  + n3.clusterStats().get("cluster_snapshots_restored"))
          .as("moved partitions were restored from their snapshots")
          .isPositive();
      work.produce(producer, cluster.topic, 1500);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
      String oracle2 = ClusterFixture.oracle(tmp.resolve("oracle2"), work);
      try (Connection c = DriverManager.getConnection(cluster.clusterUrl(10_000));
          Connection o = DriverManager.getConnection(oracle2)) {
        ClusterFixture.assertEqualAnswers(c, o, "three nodes");
        expected = ClusterFixture.rows(o, full);
      }
      System.out.println(
          "RebalanceTest: held n1 "
              + n1.held().keySet()
              + " n2 "
              + n2.held().keySet()
              + " n3 "
              + n3.held().keySet());

      // n2 leaves: its partitions are handed to the others, the answers stay the same
      try (Reader reader = new Reader(cluster, full, expected)) {
        n2.close();
        cluster.nodes.remove(n2);
        cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
        reader.stop();
      }
      assertThat(n1.held().size() + n3.held().size()).isEqualTo(6);
      phase.accept("n2 left, caught up");
      work.produce(producer, cluster.topic, 500);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
      String oracle3 = ClusterFixture.oracle(tmp.resolve("oracle3"), work);
      try (Connection c = DriverManager.getConnection(cluster.clusterUrl(10_000));
          Connection o = DriverManager.getConnection(oracle3)) {
        ClusterFixture.assertEqualAnswers(c, o, "after n2 left");
      }
    }
  }

  /**
   * Queries the cluster in a loop (a short wait, so rebalances surface as 40001): every answer must
   * equal {@code expected}.
   */
  static final class Reader implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicInteger retryable = new AtomicInteger();
    private final List<Throwable> failures = new ArrayList<>();
    private final Thread thread;

    Reader(ClusterFixture cluster, String sql, List<List<Object>> expected) {
      String url = cluster.clusterUrl(300);
      thread =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(url)) {
                  while (running.get()) {
                    try {
                      ClusterFixture.assertSameRows(
                          ClusterFixture.rows(c, sql), expected, "during a rebalance");
                      answers.incrementAndGet();
                      Thread.sleep(20); // pacing: leave the 2 cores to the rebalance
                    } catch (SQLException e) {
                      if (!"40001".equals(e.getSQLState())) {
                        throw e;
                      }
                      retryable.incrementAndGet();
                    }
                  }
                } catch (Throwable t) {
                  synchronized (failures) {
                    failures.add(t);
                  }
                }
              },
              "rebalance-reader");
      thread.start();
    }

    /** Waits until some query got a complete answer (polling the reader's counter). */
    void awaitAnswer(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (answers.get() == 0 && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(20); // polling a condition of the reader thread, not a synchronisation
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
      System.out.println(
          "RebalanceTest reader: " + answers + " complete answers, " + retryable + " 40001");
      synchronized (failures) {
        if (!failures.isEmpty()) {
          throw new AssertionError("a query during the rebalance", failures.get(0));
        }
      }
      assertThat(answers.get()).as("answers during the rebalance").isPositive();
    }

    @Override
    public void close() throws InterruptedException {
      if (running.get()) {
        running.set(false);
        thread.join();
      }
    }
  }
}
