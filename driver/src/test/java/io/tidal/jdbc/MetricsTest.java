package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sys.metrics} and the JMX MBean through the driver: every count equals what the test did
 * (statements by kind, WAL appends and fsyncs, batch sizes, checkpoints), and the MBean's
 * attributes equal the table's rows.
 */
class MetricsTest {
  private static final String TYPES =
      "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)";
  private static final String RANKED =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR) AS s FROM items"
          + " ORDER BY s DESC LIMIT 10";

  @TempDir Path dir;

  /** One metric row: kind, value, count, p50, p99, max. */
  record M(String kind, double value, Long count, Double p50, Double p99, Double max) {
    long n() {
      return count == null ? (long) value : count;
    }
  }

  /** The metrics now, read without running a statement (the connection unwraps to them). */
  static Map<String, M> metrics(Connection c) throws SQLException {
    Map<String, M> m = new LinkedHashMap<>();
    for (io.tidal.metrics.Metrics.Row r : c.unwrap(io.tidal.metrics.Metrics.class).snapshot()) {
      m.put(r.name(), new M(r.kind(), r.value(), r.count(), r.p50(), r.p99(), r.max()));
    }
    return m;
  }

  /** The rows of {@code sys.metrics}. */
  static Map<String, M> sysMetrics(Connection c) throws SQLException {
    Map<String, M> m = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, kind, \"VALUE\", \"COUNT\", p50, p99, \"MAX\" FROM sys.metrics")) {
      while (rs.next()) {
        long count = rs.getLong(4);
        Long cnt = rs.wasNull() ? null : count;
        double p50 = rs.getDouble(5);
        Double p50v = rs.wasNull() ? null : p50;
        double p99 = rs.getDouble(6);
        Double p99v = rs.wasNull() ? null : p99;
        double max = rs.getDouble(7);
        Double maxv = rs.wasNull() ? null : max;
        m.put(rs.getString(1), new M(rs.getString(2), rs.getDouble(3), cnt, p50v, p99v, maxv));
      }
    }
    return m;
  }

  /** How much {@code name}'s count (or value) grew from {@code before} to {@code after}. */
  static long delta(Map<String, M> before, Map<String, M> after, String name) {
    assertThat(after).as("metric " + name).containsKey(name);
    return after.get(name).n() - before.get(name).n();
  }

  @Test
  void countsMatchWhatTheStatementsDid() throws Exception {
    String url = "jdbc:tidal:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      Map<String, M> m0 = metrics(c);
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute(TYPES);
      s.executeUpdate(
          "INSERT INTO items (id, title) VALUES ('e0', 'a'), ('e1', 'b'), ('e2', 'c'), ('e3', 'd')");
      Map<String, M> m1 = metrics(c);
      assertThat(delta(m0, m1, "statement_ddl_us")).isEqualTo(2);
      assertThat(delta(m0, m1, "statement_other_us")).isEqualTo(1);
      assertThat(m1.get("rows").value()).isEqualTo(4);
      assertThat(m1.get("statement_ddl_us").kind()).isEqualTo("timer");

      int n = 37;
      try (PreparedStatement ins =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, 1.0, ?)")) {
        for (int i = 0; i < n; i++) {
          ins.setString(1, "e" + (i % 5));
          ins.setTimestamp(2, new java.sql.Timestamp(1_700_000_000_000L + i));
          assertThat(ins.executeUpdate()).isEqualTo(1);
        }
        Map<String, M> m2 = metrics(c);
        assertThat(delta(m1, m2, "statement_signal_insert_us")).isEqualTo(n);
        assertThat(delta(m1, m2, "wal_append_us")).isEqualTo(n);
        // one writer, SYNC: each insert is fsync'd before the next starts
        assertThat(delta(m1, m2, "wal_fsync_us")).isGreaterThanOrEqualTo(n);
        assertThat(delta(m1, m2, "signals")).isEqualTo(n);
        assertThat(m2.get("signals").kind()).isEqualTo("counter");
        assertThat(m2.get("entities").value()).isEqualTo(5);
        assertThat(m2.get("tracked_states").value()).isEqualTo(5);
        assertThat(m2.get("tracked_states").kind()).isEqualTo("gauge");

        int rows = 23;
        for (int i = 0; i < rows; i++) {
          ins.setString(1, "b" + i);
          ins.setTimestamp(2, new java.sql.Timestamp(1_700_000_001_000L + i));
          ins.addBatch();
        }
        ins.executeBatch();
        Map<String, M> m3 = metrics(c);
        assertThat(delta(m2, m3, "statement_batch_us")).isEqualTo(1);
        assertThat(delta(m2, m3, "statement_signal_insert_us")).isZero();
        assertThat(delta(m2, m3, "wal_append_us")).isEqualTo(1);
        assertThat(delta(m2, m3, "statement_batch_rows")).isEqualTo(1);
        assertThat(m3.get("statement_batch_rows").max()).isEqualTo(rows);
        assertThat(m3.get("statement_batch_rows").kind()).isEqualTo("distribution");
        assertThat(m3.get("wal_group_commit_records").max()).isEqualTo(rows);
        assertThat(delta(m2, m3, "signals")).isEqualTo(rows);
      }

      Map<String, M> m4 = metrics(c);
      try (PreparedStatement point =
              c.prepareStatement("SELECT DECAY_SCORE(?, 'view', INTERVAL '1' HOUR)");
          PreparedStatement ranked = c.prepareStatement(RANKED)) {
        for (int i = 0; i < 3; i++) {
          point.setString(1, "e1");
          try (ResultSet rs = point.executeQuery()) {
            assertThat(rs.next()).isTrue();
          }
        }
        for (int i = 0; i < 4; i++) {
          try (ResultSet rs = ranked.executeQuery()) {
            assertThat(rs.next()).isTrue();
          }
        }
      }
      // plain Statements: a ranked query (the direct shape), a point read through Calcite, a
      // literal signal insert, a batch of two inserts, a query that is neither
      for (int i = 0; i < 2; i++) {
        try (ResultSet rs = s.executeQuery(RANKED.replace("LIMIT 10", "LIMIT " + (5 + i)))) {
          assertThat(rs.next()).isTrue();
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT DECAY_SCORE('e1', 'view', INTERVAL '1' HOUR)")) {
        assertThat(rs.next()).isTrue();
      }
      s.executeUpdate(
          "INSERT INTO signals (signal_type, entity_id, weight, ts)"
              + " VALUES ('view', 'p', 1.0, TIMESTAMP '2023-11-14 22:13:20')");
      s.addBatch(
          "INSERT INTO signals (signal_type, entity_id, weight, ts)"
              + " VALUES ('view', 'q', 1.0, TIMESTAMP '2023-11-14 22:13:21')");
      s.addBatch("INSERT INTO items (id, title) VALUES ('q', 'Q')");
      s.executeBatch();
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
        assertThat(rs.next()).isTrue();
      }
      Map<String, M> m5 = metrics(c);
      assertThat(delta(m4, m5, "statement_point_read_us")).isEqualTo(4);
      assertThat(delta(m4, m5, "statement_ranked_query_us")).isEqualTo(6);
      assertThat(delta(m4, m5, "statement_signal_insert_us")).isEqualTo(1);
      assertThat(delta(m4, m5, "statement_batch_us")).isEqualTo(1);
      assertThat(delta(m4, m5, "statement_batch_rows")).isEqualTo(1);
      assertThat(delta(m4, m5, "statement_other_us")).isEqualTo(1); // the COUNT(*)
      assertThat(delta(m4, m5, "statement_ddl_us")).isZero();

      s.execute("CHECKPOINT");
      Map<String, M> m6 = metrics(c);
      assertThat(delta(m5, m6, "checkpoint_us")).isEqualTo(1);
      assertThat(delta(m5, m6, "checkpoint_lock_us")).isEqualTo(1);
      assertThat(m6.get("checkpoint_lock_us").max())
          .isLessThanOrEqualTo(m6.get("checkpoint_us").max());
      assertThat(m6.get("checkpoint_sequence").value()).isEqualTo(m6.get("wal_sequence").value());
      assertThat(delta(m5, m6, "statement_other_us")).isEqualTo(1); // the CHECKPOINT

      assertThatThrownBy(() -> s.executeQuery("SELECT nosuch FROM items"))
          .isInstanceOf(SQLException.class);
      Map<String, M> m7 = metrics(c);
      assertThat(delta(m6, m7, "statement_errors")).isEqualTo(1);

      M t = m7.get("statement_signal_insert_us");
      assertThat(t.p50()).isPositive().isLessThanOrEqualTo(t.p99());
      assertThat(t.p99()).isLessThanOrEqualTo(t.max());
      assertThat(t.value()).isGreaterThanOrEqualTo(t.max());
    }
  }

  @Test
  void mbeansFollowOpenAndCloseAndEqualTheTable() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Path db = dir.resolve("jmx");
    String url = "jdbc:tidal:" + db;
    ObjectName memName =
        new ObjectName("io.tidal:type=Database,name=" + ObjectName.quote("mem:metrics-jmx"));
    for (int round = 0; round < 2; round++) { // the second round: reopen registers again
      try (Connection c = DriverManager.getConnection(url);
          Connection mem = DriverManager.getConnection("jdbc:tidal:mem:metrics-jmx");
          Statement s = c.createStatement();
          Statement ms = mem.createStatement()) {
        ObjectName realName = new ObjectName("io.tidal:type=Database,name=" + db.toRealPath());
        assertThat(server.isRegistered(realName)).as("file database MBean").isTrue();
        assertThat(server.isRegistered(memName)).as("memory database MBean").isTrue();
        if (round == 0) {
          s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
          s.execute(TYPES);
        }
        ms.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY)");
        s.executeUpdate(
            "INSERT INTO signals (signal_type, entity_id, weight, ts)"
                + " VALUES ('view', 'a', 1.0, TIMESTAMP '2023-11-14 22:13:20')");
        Map<String, M> rows = sysMetrics(c);
        String[] names =
            java.util.Arrays.stream(server.getMBeanInfo(realName).getAttributes())
                .map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        Map<String, Object> attrs = new LinkedHashMap<>();
        server
            .getAttributes(realName, names)
            .asList()
            .forEach(a -> attrs.put(a.getName(), a.getValue()));
        Map<String, M> after = sysMetrics(c);
        assertThat(after.keySet()).containsExactlyElementsOf(metrics(c).keySet());
        for (Map.Entry<String, M> e : rows.entrySet()) {
          String n = e.getKey();
          M r = e.getValue();
          if (n.startsWith("statement_")) {
            continue; // the queries reading sys.metrics are statements themselves
          }
          assertThat(after.get(n)).as(n + " unchanged between the reads").isEqualTo(r);
          if (r.count() == null) {
            assertThat(attrs.get(n)).as(n).isEqualTo((long) r.value());
          } else {
            assertThat(attrs.get(n + "_count")).as(n).isEqualTo(r.count());
            assertThat(attrs.get(n + "_sum")).as(n).isEqualTo(r.value());
            assertThat(attrs.get(n + "_p50")).as(n).isEqualTo(r.p50());
            assertThat(attrs.get(n + "_p99")).as(n).isEqualTo(r.p99());
            assertThat(attrs.get(n + "_max")).as(n).isEqualTo(r.max());
          }
        }
        assertThat(server.getAttribute(realName, "signals")).isEqualTo(1L); // since open
        assertThat(server.getAttribute(realName, "wal_append_us_count"))
            .isEqualTo(after.get("wal_append_us").count());
        assertThat(server.getAttribute(memName, "statement_ddl_us_count")).isEqualTo(1L);
      }
      assertThat(server.queryNames(new ObjectName("io.tidal:type=Database,*"), null))
          .as("closed databases are unregistered")
          .doesNotContain(
              new ObjectName("io.tidal:type=Database,name=" + db.toRealPath()), memName);
    }
  }

  /**
   * A component's counters registered for the directory (what the cluster module's Kafka ingest
   * does through {@code StatsSources.register}) are listed in sys.metrics (names ending in lag as
   * gauges, the others counters) and the MBean, and disappear when unregistered.
   */
  @Test
  void directorySources_listedInSysMetricsAndMBean() throws Exception {
    Path db = dir.resolve("sources");
    java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong(7);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db)) {
      Runnable unregister =
          io.tidal.calcite.StatsSources.register(
              db,
              () -> {
                Map<String, Long> m = new LinkedHashMap<>();
                m.put("kafka_applied", applied.get());
                m.put("kafka_lag", 3L);
                return m;
              });
      applied.set(11);
      Map<String, M> m = sysMetrics(c);
      assertThat(m.get("kafka_applied")).isEqualTo(new M("counter", 11, null, null, null, null));
      assertThat(m.get("kafka_lag")).isEqualTo(new M("gauge", 3, null, null, null, null));
      ObjectName on = new ObjectName("io.tidal:type=Database,name=" + db.toRealPath());
      assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(on, "kafka_applied"))
          .isEqualTo(11L);
      unregister.run();
      assertThat(sysMetrics(c)).doesNotContainKeys("kafka_applied", "kafka_lag");
    }
  }
}
