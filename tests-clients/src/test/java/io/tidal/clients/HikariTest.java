package io.tidal.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HikariCP (its jar) pooling tidal connections: concurrent borrowers committing and rolling back,
 * a connection handed back with an open transaction, and the pool's own validation and reset
 * calls. Oracle: the set of ids each worker committed.
 */
class HikariTest {

  @TempDir Path dir;

  private static HikariDataSource pool(Databases db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url);
    config.setUsername("app");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("tidal-test");
    return new HikariDataSource(config);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void concurrentBorrowers_commitAndRollBack_exactlyTheCommittedRowsRemain(String kind)
      throws Exception {
    long seed = new Random().nextLong();
    System.out.println("HikariTest seed " + seed);
    try (Databases db = Databases.open(kind, dir);
        HikariDataSource ds = pool(db)) {
      db.execute(
          "CREATE TABLE events (id VARCHAR PRIMARY KEY, worker INTEGER NOT NULL, n INTEGER)");
      Set<String> committed = new ConcurrentSkipListSet<>();
      ExecutorService workers = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
          int worker = w;
          Random random = new Random(seed + w);
          runs.add(
              workers.submit(
                  () -> {
                    for (int i = 0; i < 12; i++) {
                      write(ds, worker, i, random.nextInt(3), committed);
                    }
                    return null;
                  }));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      } finally {
        workers.shutdownNow();
      }
      assertThat(new TreeSet<>(db.rows("SELECT id FROM events")))
          .isEqualTo(new TreeSet<>(committed));
      assertThat(ds.getHikariPoolMXBean().getActiveConnections()).isZero();
    }
  }

  /** mode 0: autocommit insert; 1: transaction committed; 2: transaction rolled back. */
  private static void write(HikariDataSource ds, int worker, int i, int mode, Set<String> committed)
      throws SQLException {
    String id = worker + "-" + i;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(mode == 0);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO events VALUES (?, ?, ?)")) {
        p.setString(1, id);
        p.setInt(2, worker);
        p.setInt(3, i);
        p.executeUpdate();
      }
      if (mode == 1) {
        c.commit();
      } else if (mode == 2) {
        c.rollback();
      }
      if (mode != 2) {
        committed.add(id);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void connectionReturnedInATransaction_isRolledBackAndReset(String kind) throws Exception {
    try (Databases db = Databases.open(kind, dir);
        HikariDataSource ds = pool(db)) {
      db.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY)");
      try (Connection c = ds.getConnection()) {
        assertThat(c.isValid(1)).isTrue();
        c.setAutoCommit(false);
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO t VALUES ('uncommitted')");
        }
      } // back to the pool without commit: Hikari rolls back and restores autocommit
      assertThat(db.rows("SELECT COUNT(*) FROM t")).containsExactly("0");
      for (int i = 0; i < 8; i++) {
        try (Connection c = ds.getConnection();
            Statement s = c.createStatement()) {
          assertThat(c.getAutoCommit()).isTrue();
          s.executeUpdate("INSERT INTO t VALUES ('r" + i + "')");
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(i + 1);
          }
        }
      }
      assertThat(db.rows("SELECT COUNT(*) FROM t")).containsExactly("8");
      assertThat(ds.getHikariPoolMXBean().getTotalConnections()).isBetween(1, 4);
    }
  }
}
