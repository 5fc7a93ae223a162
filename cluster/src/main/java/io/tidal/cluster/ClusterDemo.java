package io.tidal.cluster;

import io.tidal.sql.SqlStates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code ./tidal cluster demo [--signals N]}: a real Kafka broker (KRaft, child JVM), three tidal
 * nodes (child JVMs) in one consumer group, W1-like signals produced to a 6-partition topic; the
 * cluster's top-10 next to a single-node tidal's over the same signals, then one node killed with
 * kill -9, its partitions moving to the others and the answers staying equal; everything shut
 * down at the end. Entry point: {@link #run(String[], PrintStream)} (0: the answers were equal).
 */
public final class ClusterDemo {
  static final String SCHEMA =
      "CREATE TABLE items (id VARCHAR PRIMARY KEY);"
          + "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR);"
          + "CREATE SIGNAL TYPE \"like\" ON items HALF_LIFE (INTERVAL '6' HOUR) WINDOW (INTERVAL '1' DAY);"
          + "CREATE SIGNAL TYPE share ON items HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '1' DAY)";
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final String Q1 =
      "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, TIMESTAMP '2026-01-02 00:00:00') AS s"
          + " FROM items ORDER BY s DESC LIMIT 10";
  private static final String TOPIC = "signals";
  private static final int PARTITIONS = 6;

  private final PrintStream out;
  private final long t0 = System.nanoTime();

  private ClusterDemo(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo; 0 when the cluster answered as the single node did, 1 if not, 2 on bad usage. */
  public static int run(String[] args, PrintStream out) {
    int signals = 20_000;
    int items = 2_000;
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--signals") || args[i].equals("--items")) && i + 1 < args.length) {
        try {
          int v = Integer.parseInt(args[i + 1]);
          if (v < 1) {
            throw new NumberFormatException();
          }
          if (args[i].equals("--signals")) {
            signals = v;
          } else {
            items = v;
          }
          i++;
          continue;
        } catch (NumberFormatException e) {
          out.println("cluster demo: " + args[i] + " needs a positive integer, got " + args[i + 1]);
          return 2;
        }
      }
      out.println("usage: tidal cluster demo [--signals N] [--items N] (unknown: " + args[i] + ")");
      return 2;
    }
    try {
      return new ClusterDemo(out).demo(signals, items);
    } catch (Exception e) {
      out.println("cluster demo failed: " + e);
      return 1;
    }
  }

  private void say(String format, Object... args) {
    out.printf(
        Locale.ROOT,
        "[%6.1f s] %s%n",
        (System.nanoTime() - t0) / 1e9,
        String.format(Locale.ROOT, format, args));
  }

  private int demo(int signals, int items) throws Exception {
    Path dir = Files.createTempDirectory("tidal-cluster-demo-");
    Path logs = Files.createDirectories(dir.resolve("logs"));
    say("working directory %s (child JVM logs in %s)", dir, logs);
    List<ChildJvm> nodes = new ArrayList<>();
    KafkaBroker broker = null;
    try {
      say("starting a Kafka broker (KRaft, child JVM) ...");
      broker =
          KafkaBroker.start(
              Files.createDirectories(dir.resolve("kafka")), logs.resolve("kafka.log"));
      say("broker ready at %s in %d ms", broker.bootstrap(), broker.startMillis);
      broker.createTopics(Map.of(TOPIC, PARTITIONS));
      say("topic '%s' with %d partitions created", TOPIC, PARTITIONS);
      List<String> urls = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        nodes.add(startNode(broker, dir, logs, "n" + i));
      }
      for (int i = 0; i < 3; i++) {
        String line = nodes.get(i).awaitLine("url ", Duration.ofSeconds(120));
        if (line == null) {
          throw new IllegalStateException(
              "node n" + (i + 1) + " did not start; see " + nodes.get(i).log());
        }
        urls.add(line.substring(4).strip());
        say("node n%d serving at %s", i + 1, urls.get(i));
      }
      String single = singleNode(dir.resolve("single"), items);
      try (KafkaIngest ingest =
          KafkaIngest.start(
              single, new KafkaIngestConfig(broker.bootstrap(), TOPIC, "tidal-demo-single"))) {
        say("single-node tidal ingesting the same topic (its own consumer group)");
        Map<Integer, Long> end = produce(broker, signals, items);
        ClusterWatch watch = new ClusterWatch(urls);
        say("cluster holds %s", watch.awaitCaughtUp(end, Duration.ofSeconds(180)));
        if (!ingest.awaitCaughtUp(Duration.ofSeconds(180))) {
          throw new IllegalStateException("the single node did not catch up: " + ingest.stats());
        }
        say("single node caught up: %s", ingest.stats());
        boolean equal = compare(watch.clusterUrl(10_000), single, "three nodes");
        say("kill -9 node n2 ...");
        long killedAt = System.nanoTime();
        nodes.get(1).kill();
        equal &= watchRecovery(watch, single, end, killedAt);
        say(
            equal
                ? "the cluster answered as the single node did, before and after the kill"
                : "ANSWERS DIFFERED");
        return equal ? 0 : 1;
      }
    } finally {
      say("shutting down ...");
      for (ChildJvm n : nodes) {
        n.kill();
      }
      if (broker != null) {
        broker.close();
      }
      deleteTree(dir);
      say("done");
    }
  }

  private ChildJvm startNode(KafkaBroker broker, Path dir, Path logs, String name)
      throws IOException {
    say("starting node %s (child JVM) ...", name);
    return ChildJvm.start(
        ClusterNodeMain.class,
        List.of("-Xmx256m"),
        logs.resolve(name + ".log"),
        dir.resolve(name).toString(),
        broker.bootstrap(),
        TOPIC,
        "tidal-demo",
        dir.resolve("snapshots").toString(),
        name,
        SCHEMA);
  }

  private static String singleNode(Path dir, int items) throws SQLException {
    String url = "jdbc:tidal:" + dir;
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        for (String sql : SCHEMA.split(";")) {
          s.execute(sql);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id) VALUES (?)")) {
        for (int i = 0; i < items; i++) {
          ps.setString(1, "item-" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return url;
  }

  /** W1-like: Zipf-skewed items, 85% views, 12% likes, 3% shares over one day; JSON records. */
  private Map<Integer, Long> produce(KafkaBroker broker, int n, int items) throws Exception {
    long start = System.nanoTime();
    Random rnd = new Random(42);
    Map<Integer, Long> end = new TreeMap<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int item = (int) Math.min(items - 1, Math.floor(Math.pow(items, rnd.nextDouble())) - 1);
        double r = rnd.nextDouble();
        String type = r < 0.85 ? "view" : r < 0.97 ? "like" : "share";
        KafkaSignal s =
            new KafkaSignal(type, "item-" + item, null, 1.0, T0 + rnd.nextInt(86_400_000), null);
        byte[] key = s.entityId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        acks.add(producer.send(new ProducerRecord<>(TOPIC, key, SignalCodec.toJson(s))));
      }
      producer.flush();
      for (Future<RecordMetadata> f : acks) {
        RecordMetadata md = f.get();
        end.merge(md.partition(), md.offset() + 1, Math::max);
      }
    }
    say(
        "produced %,d signals on %,d items, acknowledged by Kafka (acks=all) in %d ms",
        n, items, (System.nanoTime() - start) / 1_000_000);
    return end;
  }

  /** Prints the cluster's and the single node's Q1 side by side; true if equal. */
  private boolean compare(String clusterUrl, String singleUrl, String when) throws SQLException {
    long a = System.nanoTime();
    List<Object[]> cluster = top(clusterUrl);
    long b = System.nanoTime();
    List<Object[]> single = top(singleUrl);
    long c = System.nanoTime();
    say(
        "top-10 by DECAY_SCORE(view, 1h) (%s): cluster %.1f ms, single node %.1f ms",
        when, (b - a) / 1e6, (c - b) / 1e6);
    out.printf(
        Locale.ROOT,
        "      %-4s %-12s %14s   %-12s %14s%n",
        "rank",
        "cluster",
        "score",
        "single",
        "score");
    boolean equal = cluster.size() == single.size();
    for (int i = 0; i < Math.max(cluster.size(), single.size()); i++) {
      Object[] x = i < cluster.size() ? cluster.get(i) : new Object[] {"-", 0.0};
      Object[] y = i < single.size() ? single.get(i) : new Object[] {"-", 0.0};
      boolean same =
          x[0].equals(y[0])
              && Math.abs((Double) x[1] - (Double) y[1])
                  <= 1e-9 * Math.max(1, Math.abs((Double) y[1]));
      equal &= same;
      out.printf(
          Locale.ROOT,
          "      %-4d %-12s %14.6f   %-12s %14.6f %s%n",
          i + 1,
          x[0],
          x[1],
          y[0],
          y[1],
          same ? "" : "DIFFERENT");
    }
    say("equal: %s", equal ? "yes" : "NO");
    return equal;
  }

  private static List<Object[]> top(String url) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(Q1)) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString(1), rs.getDouble(2)});
      }
    }
    return rows;
  }

  /** After the kill: queries until the cluster answers again, printing the partitions' moves. */
  private boolean watchRecovery(
      ClusterWatch watch, String single, Map<Integer, Long> end, long killedAt) throws Exception {
    String last = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      String holdings = watch.holdings();
      if (!holdings.equals(last)) {
        say("partitions: %s", holdings);
        last = holdings;
      }
      try (Connection c = DriverManager.getConnection(watch.clusterUrl(0));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(Q1)) {
        rs.next();
        say(
            "the cluster answers again %.1f s after the kill (Kafka's session timeout is 6 s)",
            (System.nanoTime() - killedAt) / 1e9);
        say("cluster holds %s", watch.awaitCaughtUp(end, Duration.ofSeconds(120)));
        return compare(watch.clusterUrl(10_000), single, "two nodes, after the kill");
      } catch (SQLException e) {
        if (!SqlStates.SERIALIZATION_FAILURE.equals(e.getSQLState())) {
          throw e;
        }
        say("query: SQLState 40001, %s", e.getMessage());
      }
      Thread.sleep(1000); // the demo's pace: one look a second
    }
    say("the cluster did not recover within 120 s");
    return false;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left behind at worst
    }
  }
}
