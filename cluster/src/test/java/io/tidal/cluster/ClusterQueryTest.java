package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries over {@code jdbc:tidal:cluster:} answer exactly what one tidal database with the same
 * signals answers (the oracle): ranked top-k (merged from each node's top-k), full listings, point
 * reads by a prepared parameter, a LIMIT given as a parameter; on random data (seed printed). A
 * cluster URL that misses a node holding partitions fails with the retryable 40001 naming them;
 * shapes that cannot merge and bad URLs fail with clear SQLStates.
 */
class ClusterQueryTest {
  @TempDir Path tmp;

  @Test
  void clusterAnswersEqualOneNodeOnRandomData() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println("ClusterQueryTest seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Workload work = new Workload(seed, 50 + rnd.nextInt(400));
    try (ClusterFixture cluster = new ClusterFixture(tmp, "query-" + Long.toHexString(seed), 5);
        var producer = cluster.broker.producer()) {
      cluster.addNode();
      cluster.addNode();
      work.produce(producer, cluster.topic, 1000 + rnd.nextInt(2000));
      cluster.awaitCaughtUp(work, Duration.ofSeconds(90));
      String oracleUrl = ClusterFixture.oracle(tmp.resolve("oracle"), work);
      try (Connection c = DriverManager.getConnection(cluster.clusterUrl(10_000));
          Connection o = DriverManager.getConnection(oracleUrl)) {
        ClusterFixture.assertEqualAnswers(c, o, "two nodes");
        String point =
            "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                + ClusterFixture.AT
                + ") AS s, WINDOWED_COUNT(id, 'view', INTERVAL '7' DAY, "
                + ClusterFixture.AT
                + ") AS c FROM items WHERE id = ?";
        try (PreparedStatement pc = c.prepareStatement(point);
            PreparedStatement po = o.prepareStatement(point)) {
          for (int i = 0; i < 20; i++) {
            String id = "i" + rnd.nextInt(work.sent.size() > 0 ? 500 : 1);
            pc.setString(1, id);
            po.setString(1, id);
            ClusterFixture.assertSameRows(rows(pc), rows(po), "point read of " + id);
          }
        }
        String limit =
            "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                + ClusterFixture.AT
                + ") AS s FROM items ORDER BY 2 DESC LIMIT ?";
        try (PreparedStatement pc = c.prepareStatement(limit);
            PreparedStatement po = o.prepareStatement(limit)) {
          int k = 1 + rnd.nextInt(30);
          pc.setInt(1, k);
          po.setInt(1, k);
          ClusterFixture.assertSameRows(rows(pc), rows(po), "top-" + k + " by a parameter");
        }
        assertThatThrownBy(() -> ClusterFixture.rows(c, "SELECT COUNT(*) FROM items"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("aggregate")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
        assertThatThrownBy(
                () -> c.createStatement().executeUpdate("INSERT INTO items (id) VALUES ('x')"))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      }
      // a URL without the second node: its partitions are held by no reachable node
      String partial = ClusterDriver.PREFIX + cluster.nodes.get(0).url() + ";wait_ms=300";
      try (Connection c = DriverManager.getConnection(partial)) {
        assertThatThrownBy(() -> ClusterFixture.rows(c, ClusterFixture.QUERIES.get(0)))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("held by no reachable node")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
      }
    }
  }

  @Test
  void clusterUrlsBelongToTheClusterDriver() throws Exception {
    String url = ClusterDriver.PREFIX + "http://127.0.0.1:1";
    assertThat(DriverManager.getDriver(url)).isInstanceOf(ClusterDriver.class);
    assertThat(new io.tidal.jdbc.TidalDriver().acceptsURL(url)).isFalse();
    assertThatThrownBy(() -> DriverManager.getConnection(ClusterDriver.PREFIX + "h1:80"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("'h1:80'")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    assertThatThrownBy(() -> DriverManager.getConnection(url + ";wait=1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("wait=1");
    // no node reachable: a clear, retryable failure after the wait
    try (Connection c = DriverManager.getConnection(url + ";wait_ms=0")) {
      assertThatThrownBy(() -> ClusterFixture.rows(c, ClusterFixture.QUERIES.get(0)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("127.0.0.1:1")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
    }
  }

  private static List<List<Object>> rows(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return ClusterFixture.rows(rs);
    }
  }
}
