package io.tidal.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's measurements for docs/SCALE.md (not a test: run with {@code -Dtidal.cluster.bench=true
 * -Dtest=ClusterBench}): ingest with 1, 2 and 3 node JVMs (wall time and each node's CPU per
 * signal from /proc), the time to move a partition of 100k entities, Q1's fan-out overhead.
 */
@EnabledIfSystemProperty(named = "tidal.cluster.bench", matches = "true")
class ClusterBench {
  @TempDir Path tmp;

  @Test
  void ingestWithOneTwoThreeNodesAndFanOut() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    int n = Integer.getInteger("tidal.cluster.bench.signals", 60_000);
    for (int k = 1; k <= 3; k++) {
      String topic = "bench-" + k + "-" + System.nanoTime();
      broker.createTopics(Map.of(topic, 6));
      List<ChildJvm> jvms = new ArrayList<>();
      List<String> urls = new ArrayList<>();
      try {
        for (int i = 0; i < k; i++) {
          jvms.add(
              ChildJvm.start(
                  ClusterNodeMain.class,
                  List.of("-Xmx512m"),
                  KafkaBroker.logDir("ClusterBench").resolve(topic + "-n" + i + ".log"),
                  tmp.resolve(topic + "-n" + i).toString(),
                  broker.bootstrap(),
                  topic,
                  "g-" + topic,
                  tmp.resolve("snap").toString(),
                  "n" + i,
                  ClusterDemo.SCHEMA));
        }
        for (ChildJvm j : jvms) {
          urls.add(j.awaitLine("url ", Duration.ofSeconds(120)).substring(4).strip());
        }
        ClusterWatch watch = new ClusterWatch(urls);
        Map<Integer, Long> zero = new TreeMap<>();
        for (int p = 0; p < 6; p++) {
          zero.put(p, 0L);
        }
        watch.awaitCaughtUp(zero, Duration.ofSeconds(120));
        long[] cpu0 = new long[k];
        for (int i = 0; i < k; i++) {
          cpu0[i] = cpuMillis(jvms.get(i).pid());
        }
        long t0 = System.nanoTime();
        Map<Integer, Long> end = produce(broker, topic, n, 20_000);
        long produced = System.nanoTime();
        String holdings = watch.awaitCaughtUp(end, Duration.ofSeconds(600));
        long t1 = System.nanoTime();
        double secs = (t1 - t0) / 1e9;
        StringBuilder cpu = new StringBuilder();
        double total = 0;
        for (int i = 0; i < k; i++) {
          double ms = cpuMillis(jvms.get(i).pid()) - cpu0[i];
          total += ms;
          cpu.append(String.format(Locale.ROOT, " n%d %.0f ms", i + 1, ms));
        }
        System.out.printf(
            Locale.ROOT,
            "ClusterBench ingest nodes=%d signals=%d: %.1f s (producing %.1f s), %.0f signals/s;"
                + " node CPU%s; %.1f us CPU per signal (all nodes); load %s; %s%n",
            k,
            n,
            secs,
            (produced - t0) / 1e9,
            n / secs,
            cpu,
            total * 1000 / n,
            load(),
            holdings);
        if (k == 3) {
          fanOut(urls);
        }
      } finally {
        for (ChildJvm j : jvms) {
          j.kill();
        }
      }
    }
  }

  private static void fanOut(List<String> urls) throws Exception {
    String cluster = ClusterDriver.PREFIX + String.join(",", urls);
    String remote = "jdbc:tidal:remote:url=" + urls.get(0);
    double[] c = time(cluster, 300);
    double[] r = time(remote, 300);
    System.out.printf(
        Locale.ROOT,
        "ClusterBench Q1 over 3 nodes: median %.2f ms (p90 %.2f); one node over"
            + " jdbc:tidal:remote: median %.2f ms (p90 %.2f); load %s%n",
        c[0],
        c[1],
        r[0],
        r[1],
        load());
  }

  private static double[] time(String url, int runs) throws Exception {
    return time(url, ClusterDemo.Q1, runs);
  }

  private static double[] time(String url, String sql, int runs) throws Exception {
    double[] ms = new double[runs];
    try (Connection conn = DriverManager.getConnection(url);
        Statement s = conn.createStatement()) {
      for (int i = -50; i < runs; i++) {
        long a = System.nanoTime();
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
        if (i >= 0) {
          ms[i] = (System.nanoTime() - a) / 1e6;
        }
      }
    }
    Arrays.sort(ms);
    return new double[] {ms[runs / 2], ms[runs * 9 / 10]};
  }

  /**
   * Where Q1's fan-out time goes (nodes in this JVM, so the figures are the protocol's, not the
   * scheduling of extra JVMs): one node's {@code sys.stats} read, Q1 on one node, Q1 on the
   * cluster.
   */
  @Test
  void fanOutBreakdown() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("fan"));
    try (ClusterFixture cluster = new ClusterFixture(root, "fan-" + System.nanoTime(), 6);
        KafkaProducer<byte[], byte[]> producer = cluster.broker.producer()) {
      for (int i = 0; i < 3; i++) {
        cluster.addNode();
      }
      Workload work = new Workload(3, 2_000);
      work.produce(producer, cluster.topic, 6_000);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(300));
      String node = "jdbc:tidal:remote:url=" + cluster.nodes.get(0).url();
      double[] stats = time(node, "SELECT name, \"VALUE\" FROM sys.stats", 300);
      double[] one = time(node, ClusterFixture.QUERIES.get(0), 300);
      double[] all = time(cluster.clusterUrl(10_000), ClusterFixture.QUERIES.get(0), 300);
      System.out.printf(
          Locale.ROOT,
          "ClusterBench fan-out breakdown (3 nodes in one JVM): sys.stats on one node median %.2f"
              + " ms (p90 %.2f); Q1 on one node %.2f ms (p90 %.2f); Q1 on the cluster %.2f ms"
              + " (p90 %.2f); load %s%n",
          stats[0],
          stats[1],
          one[0],
          one[1],
          all[0],
          all[1],
          load());
    }
  }

  /**
   * The phases of one partition's hand-off on one database, without Kafka: export (SQL scans),
   * write (the snapshot file), drop (the entities' deletion), read, restore.
   */
  @Test
  void handOffPhases() throws Exception {
    int n = Integer.getInteger("tidal.cluster.bench.entities", 30_000);
    String url = "jdbc:tidal:" + tmp.resolve("db");
    Workload.createSchema(url);
    try (Connection c = DriverManager.getConnection(url)) {
      OffsetTable.create(c);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id) VALUES (?)")) {
        for (int i = 0; i < n; i++) {
          ps.setString(1, "e" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(BatchApplier.INSERT)) {
        for (int i = 0; i < n; i++) {
          BatchApplier.bind(ps, new KafkaSignal("view", "e" + i, null, 1.0, Workload.T0 + i, null));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      OffsetTable offsets = new OffsetTable(c);
      offsets.load("t");
      c.setAutoCommit(false);
      offsets.stage("t", 0, n);
      c.commit();
      offsets.committed();
      c.setAutoCommit(true);
      PartitionSnapshots snaps =
          new PartitionSnapshots(Files.createDirectories(tmp.resolve("s")), c, new SignalCheck(c));
      long t0 = System.nanoTime();
      PartitionSnapshots.Snapshot s = snaps.export("t", 0, 1, (long) n);
      long t1 = System.nanoTime();
      snaps.write(s);
      long t2 = System.nanoTime();
      snaps.drop("t", List.of(0), 1);
      long t3 = System.nanoTime();
      PartitionSnapshots.Snapshot r = snaps.read("t", 0);
      long t4 = System.nanoTime();
      snaps.restore(r);
      snaps.finishRestores("t", List.of(0));
      long t5 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "ClusterBench hand-off phases of a partition of %d entities (one database, no Kafka): export %d ms, write %d ms, drop %d ms, read %d ms, restore %d ms; load %s%n",
          n,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          (t3 - t2) / 1_000_000,
          (t4 - t3) / 1_000_000,
          (t5 - t4) / 1_000_000,
          load());
    }
  }

  @Test
  void moveAPartitionOf100kEntities() throws Exception {
    int entities = Integer.getInteger("tidal.cluster.bench.entities", 100_000);
    Path root = Files.createDirectories(tmp.resolve("move"));
    try (ClusterFixture cluster = new ClusterFixture(root, "move-" + System.nanoTime(), 1);
        KafkaProducer<byte[], byte[]> producer = cluster.broker.producer()) {
      ClusterNode n1 = cluster.addNode();
      Workload work = new Workload(1);
      List<KafkaSignal> signals = new ArrayList<>();
      for (int i = 0; i < entities; i++) {
        signals.add(new KafkaSignal("view", "e" + i, null, 1.0, Workload.T0 + i, null));
      }
      work.sendAll(producer, cluster.topic, signals);
      cluster.awaitCaughtUp(work, Duration.ofSeconds(900));
      ClusterNode n2 = cluster.addNode();
      cluster.awaitCaughtUp(work, Duration.ofSeconds(120));
      long t0 = System.nanoTime();
      n1.close();
      cluster.nodes.remove(n1);
      long closed = System.nanoTime();
      cluster.awaitCaughtUp(work, Duration.ofSeconds(900));
      long t1 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "ClusterBench move of a partition of %d entities (%d signals): old owner's hand-off"
              + " (export, write, drop) %d ms, new owner's restore %d ms, leave to serving %.1f s"
              + " (close %.1f s); snapshot %d bytes; load %s%n",
          entities,
          entities,
          n1.clusterStats().get("cluster_last_move_ms"),
          n2.clusterStats().get("cluster_last_move_ms"),
          (t1 - t0) / 1e9,
          (closed - t0) / 1e9,
          Files.size(cluster.shared.resolve(cluster.topic).resolve("p-0.snap")),
          load());
    }
  }

  private static Map<Integer, Long> produce(KafkaBroker broker, String topic, int n, int items)
      throws Exception {
    Random rnd = new Random(7);
    Map<Integer, Long> end = new TreeMap<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        KafkaSignal s =
            new KafkaSignal("view", "item-" + rnd.nextInt(items), null, 1.0, Workload.T0 + i, null);
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    topic,
                    s.entityId().getBytes(StandardCharsets.UTF_8),
                    SignalCodec.toBinary(s))));
      }
      producer.flush();
      for (Future<RecordMetadata> f : acks) {
        RecordMetadata md = f.get();
        end.merge(md.partition(), md.offset() + 1, Math::max);
      }
    }
    return end;
  }

  /** utime + stime of a process, in ms (Linux /proc). */
  private static long cpuMillis(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // clock ticks of 10 ms
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }
}
