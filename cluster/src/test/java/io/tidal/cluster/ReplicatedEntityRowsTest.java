package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity rows produced once to the compacted {@code <topic>.entities} topic reach every node (each
 * node's own table equals the oracle's, inserts, updates and deletes applied in topic order), and
 * with rows on every node the cluster still answers exactly as one tidal database holding the same
 * rows and signals (the oracle): ranked top-k over items and over creators, a filtered top-k, a
 * top-k larger than the signalled entities (the scan path), a full listing, a join of items with
 * creators' columns, and point reads; each node answers only for its own partitions (the
 * {@code TIDAL_PARTITION} filter), and a node's ranked query still walks the index with it. Random
 * data, seed printed.
 */
class ReplicatedEntityRowsTest {
  private static final String AT = ClusterFixture.AT;
  private static final long T0 = Workload.T0;

  @TempDir Path tmp;

  @Test
  void rowsReachEveryNodeAndClusterAnswersEqualOneNode() throws Exception {
    long seed = Long.getLong("tidal.seed", new Random().nextLong());
    System.out.println(
        "ReplicatedEntityRowsTest seed " + seed + " (rerun with -Dtidal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    int partitions = 4;
    String topic = "rows-" + Long.toHexString(seed);
    String entities = EntityRecords.topic(topic);
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(Map.of(topic, partitions, entities, 1));
    Path shared = Files.createDirectories(tmp.resolve("snapshots"));

    // the rows: creators and items, then updates and deletes, in topic order
    List<Object[]> changes = new ArrayList<>(); // {table, key, Map row or null}
    int creators = 10 + rnd.nextInt(20);
    int items = 150 + rnd.nextInt(250);
    for (long c = 1; c <= creators; c++) {
      changes.add(new Object[] {"creators", c, creator(c, "creator " + c)});
    }
    for (int i = 0; i < items; i++) {
      changes.add(
          new Object[] {"items", "i" + i, item(i, "title " + i, 1 + rnd.nextInt(creators))});
    }
    for (int n = 0; n < items / 5; n++) {
      int i = rnd.nextInt(items);
      changes.add(
          new Object[] {"items", "i" + i, item(i, "retitled " + n, 1 + rnd.nextInt(creators))});
    }
    for (int n = 0; n < items / 20; n++) {
      changes.add(new Object[] {"items", "i" + rnd.nextInt(items), null});
    }
    List<ClusterNode> nodes = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      nodes.add(node(broker, topic, shared, "n1"));
      nodes.add(node(broker, topic, shared, "n2"));
      List<Future<RecordMetadata>> rowAcks = new ArrayList<>();
      for (Object[] ch : changes) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) ch[2];
        rowAcks.add(
            producer.send(
                new ProducerRecord<>(
                    entities,
                    EntityRecords.key((String) ch[0], ch[1]),
                    row == null ? null : EntityRecords.value(row))));
      }
      long entityEnd = 0;
      for (Future<RecordMetadata> a : rowAcks) {
        entityEnd = Math.max(entityEnd, a.get().offset() + 1);
      }
      // signals after the rows (two topics are not ordered with each other: the test waits)
      awaitRows(nodes, entityEnd);
      List<KafkaSignal> signals = new ArrayList<>();
      for (int n = 200 + rnd.nextInt(800); n > 0; n--) {
        long ts = T0 + rnd.nextInt(86_400_000);
        if (rnd.nextInt(4) == 0) {
          signals.add(
              new KafkaSignal(
                  "fav",
                  Long.toString(1 + rnd.nextInt(creators)),
                  null,
                  1 + rnd.nextInt(3),
                  ts,
                  null));
        } else {
          String id = "i" + rnd.nextInt(items);
          signals.add(new KafkaSignal("view", id, null, 0.5 + rnd.nextInt(4), ts, null));
        }
      }
      Workload work = new Workload(seed);
      work.sendAll(producer, topic, signals);
      Map<Integer, Long> end = new HashMap<>();
      for (Workload.Sent sent : work.sent) {
        end.merge(sent.partition(), sent.offset() + 1, Math::max);
      }
      awaitSignals(nodes, partitions, end);

      long t0 = System.nanoTime();
      String oracle = oracle(tmp.resolve("oracle"), changes, signals);
      System.out.printf(
          java.util.Locale.ROOT,
          "ReplicatedEntityRowsTest: %d row changes, %d signals; oracle built in %d ms%n",
          changes.size(),
          signals.size(),
          (System.nanoTime() - t0) / 1_000_000);
      try (Connection o = DriverManager.getConnection(oracle);
          Connection c =
              DriverManager.getConnection(
                  ClusterDriver.PREFIX
                      + nodes.get(0).url()
                      + ","
                      + nodes.get(1).url()
                      + ";wait_ms=20000")) {
        List<List<Object>> table = ClusterFixture.rows(o, "SELECT * FROM items ORDER BY id");
        assertThat(table).hasSizeGreaterThan(items / 2);
        for (ClusterNode n : nodes) {
          try (Connection r = DriverManager.getConnection("jdbc:tidal:remote:url=" + n.url())) {
            // a node's own table: every replicated row, with the latest image (signals may have
            // added id-only rows of deleted items on their owner: compare the replicated ones)
            List<List<Object>> mine =
                ClusterFixture.rows(r, "SELECT * FROM items WHERE title IS NOT NULL ORDER BY id");
            ClusterFixture.assertSameRows(
                mine,
                ClusterFixture.rows(o, "SELECT * FROM items WHERE title IS NOT NULL ORDER BY id"),
                "items on " + n.url());
            ClusterFixture.assertSameRows(
                ClusterFixture.rows(r, "SELECT * FROM creators ORDER BY id"),
                ClusterFixture.rows(o, "SELECT * FROM creators ORDER BY id"),
                "creators on " + n.url());
          }
        }
        String view = "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, " + AT + ")";
        List<String> queries =
            List.of(
                "SELECT id, title, " + view + " AS s FROM items ORDER BY s DESC, id LIMIT 10",
                "SELECT id, title, creator, "
                    + view
                    + " AS s FROM items WHERE creator <= "
                    + (creators / 2)
                    + " ORDER BY s DESC, id LIMIT 7",
                "SELECT id, name, DECAY_SCORE(id, 'fav', INTERVAL '1' DAY, "
                    + AT
                    + ") AS s FROM creators ORDER BY s DESC, id LIMIT 5",
                "SELECT id, " + view + " AS s FROM items ORDER BY s DESC, id LIMIT " + (items + 50),
                "SELECT * FROM items ORDER BY id",
                "SELECT i.id, i.title, c.name, DECAY_SCORE(i.id, 'view', INTERVAL '1' HOUR, "
                    + AT
                    + ") AS s FROM items i JOIN creators c ON i.creator = c.id"
                    + " ORDER BY s DESC, id LIMIT 12",
                "SELECT c.id, c.name, i.title FROM creators AS c JOIN items i ON i.creator = c.id"
                    + " WHERE i.title LIKE 'retitled%' ORDER BY 3");
        for (String q : queries) {
          ClusterFixture.assertSameRows(ClusterFixture.rows(c, q), ClusterFixture.rows(o, q), q);
        }
        String point = "SELECT id, title, " + view + " AS s FROM items WHERE id = ?";
        try (PreparedStatement pc = c.prepareStatement(point);
            PreparedStatement po = o.prepareStatement(point)) {
          for (int n = 0; n < 15; n++) {
            String id = "i" + rnd.nextInt(items + 5);
            pc.setString(1, id);
            po.setString(1, id);
            try (ResultSet a = pc.executeQuery();
                ResultSet b = po.executeQuery()) {
              ClusterFixture.assertSameRows(
                  ClusterFixture.rows(a), ClusterFixture.rows(b), "point read of " + id);
            }
          }
        }
        // a node's ranked query keeps walking the index with its partition filter
        String ranked = queries.get(0);
        String nodeSql =
            MergePlan.of(ranked).filter().sql("id", partitions, nodes.get(0).held().keySet());
        assertThat(nodeSql).contains("TIDAL_PARTITION(items.\"id\", 4) IN (");
        try (Connection r =
                DriverManager.getConnection("jdbc:tidal:remote:url=" + nodes.get(0).url());
            Statement st = r.createStatement();
            ResultSet rs = st.executeQuery("EXPLAIN PLAN FOR " + nodeSql)) {
          StringBuilder plan = new StringBuilder();
          while (rs.next()) {
            plan.append(rs.getString(1));
          }
          System.out.println("node plan: " + plan);
          assertThat(plan.toString()).contains("TopKScan");
        }
      }
    } finally {
      for (ClusterNode n : nodes) {
        n.close();
      }
    }
  }

  static Map<String, Object> creator(long id, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    return m;
  }

  static Map<String, Object> item(int i, String title, long creator) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "i" + i);
    m.put("title", title);
    m.put("creator", creator);
    return m;
  }

  static void createSchema(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, creator BIGINT)");
      s.execute("CREATE TABLE creators (id BIGINT PRIMARY KEY, name VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '7' DAY)");
      s.execute(
          "CREATE SIGNAL TYPE fav ON creators HALF_LIFE (INTERVAL '1' DAY) WINDOW (INTERVAL '7' DAY)");
    }
  }

  private static ClusterNode node(KafkaBroker broker, String topic, Path shared, String name)
      throws Exception {
    Path dir = Files.createDirectories(shared.getParent().resolve(name));
    createSchema("jdbc:tidal:" + dir);
    return ClusterFixture.start(broker, topic, "tidal-" + topic, dir, shared, name);
  }

  /** Waits until every node applied the entities topic up to {@code end}. */
  private static void awaitRows(List<ClusterNode> nodes, long end) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!nodes.stream().allMatch(n -> n.entityOffsets().getOrDefault(0, -1L) >= end)) {
      assertThat(System.nanoTime()).as("rows applied everywhere").isLessThan(deadline);
      Thread.sleep(50); // polling a condition of other threads, not a synchronisation by time
    }
  }

  /** Waits until the nodes hold every partition, stable, each applied up to its end. */
  private static void awaitSignals(List<ClusterNode> nodes, int partitions, Map<Integer, Long> end)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Map<Integer, Long> held = new HashMap<>();
      boolean done = true;
      for (ClusterNode n : nodes) {
        held.putAll(n.held());
        done &= n.clusterStats().get("cluster_epoch") % 2 == 0;
      }
      done &= held.size() == partitions;
      for (int p = 0; p < partitions && done; p++) {
        done = held.get(p) >= end.getOrDefault(p, 0L);
      }
      if (done) {
        return;
      }
      assertThat(System.nanoTime()).as("signals applied: %s of %s", held, end).isLessThan(deadline);
      Thread.sleep(50); // polling a condition of other threads, not a synchronisation by time
    }
  }

  /** One database with the final rows (INSERT/UPDATE/DELETE in topic order) and every signal. */
  private static String oracle(Path dir, List<Object[]> changes, List<KafkaSignal> signals)
      throws SQLException {
    String url = "jdbc:tidal:" + dir + ";durability=async";
    createSchema(url);
    Map<String, Map<String, Object>> last = new TreeMap<>();
    for (Object[] ch : changes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = (Map<String, Object>) ch[2];
      last.put(ch[0] + "/" + ch[1], row);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      Map<String, PreparedStatement> inserts = new HashMap<>();
      for (Map.Entry<String, Map<String, Object>> e : last.entrySet()) {
        Map<String, Object> row = e.getValue();
        if (row == null) {
          continue;
        }
        String table = e.getKey().substring(0, e.getKey().indexOf('/'));
        PreparedStatement ps = inserts.get(table);
        if (ps == null) {
          ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " ("
                      + String.join(", ", row.keySet())
                      + ") VALUES ("
                      + String.join(", ", row.keySet().stream().map(k -> "?").toList())
                      + ")");
          inserts.put(table, ps);
        }
        int i = 1;
        for (Object v : row.values()) {
          ps.setObject(i++, v);
        }
        ps.addBatch();
      }
      for (PreparedStatement ps : inserts.values()) {
        ps.executeBatch();
        ps.close();
      }
      // entities signalled without a replicated row get an id-only row, as on their owner
      java.util.Set<String> idOnly = new java.util.TreeSet<>();
      for (KafkaSignal s : signals) {
        String table = s.type().equals("view") ? "items" : "creators";
        if (last.get(table + "/" + s.entityId()) == null) {
          idOnly.add(table + "/" + s.entityId());
        }
      }
      for (String table : List.of("items", "creators")) {
        try (PreparedStatement ins =
            c.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
          for (String k : idOnly) {
            if (k.startsWith(table + "/")) {
              String id = k.substring(table.length() + 1);
              ins.setObject(1, table.equals("items") ? id : (Object) Long.parseLong(id));
              ins.addBatch();
            }
          }
          ins.executeBatch();
        }
      }
      try (PreparedStatement ps = c.prepareStatement(BatchApplier.INSERT)) {
        for (KafkaSignal s : signals) {
          BatchApplier.bind(ps, s);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return url;
  }
}
