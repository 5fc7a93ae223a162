package io.tidal.cluster;

import io.tidal.sql.SqlStates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one query on every node of a cluster and merges the answers, never silently partially.
 * Each attempt reads every node's published state ({@code cluster_*} rows of {@code sys.stats}:
 * epoch and held partitions), checks that the reachable nodes are stable (even epochs) and hold
 * every partition of the topic exactly once, runs the query on the nodes that hold partitions,
 * then reads their epochs again: unchanged epochs mean no partition moved in or out of any node
 * during the query, so every entity was counted on exactly one node. Otherwise it retries until
 * the wait ends and then fails with SQLState 40001 (retryable), naming the partitions that were
 * moving or held by no reachable node. A node that cannot be reached is left out only if the
 * others hold all partitions (Kafka moved its partitions away).
 */
final class FanOut implements AutoCloseable {
  /** What one node says it holds. */
  private record NodeState(long epoch, int partitions, TreeSet<Integer> held) {}

  /** The columns of an answer. */
  record Columns(List<String> labels, int[] types, String[] typeNames, String[] classNames) {}

  /** A merged answer. */
  record Answer(Columns columns, List<Object[]> rows) {}

  private final List<String> nodeUrls;
  private final Connection[] conns;

  /** Per node: its prepared statements by SQL (the stats query and the user's queries). */
  private final List<Map<String, PreparedStatement>> prepared = new ArrayList<>();

  private final Duration wait;
  private final ExecutorService pool;

  /** Entity tables' key columns by lower-case name (empty: not an entity table); same on every node. */
  private final Map<String, java.util.Optional<String>> keyColumns =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Every node's state as read after the last consistent answer (null: read them first). */
  private NodeState[] last;

  FanOut(List<String> nodeUrls, Duration wait) {
    this.nodeUrls = nodeUrls;
    this.conns = new Connection[nodeUrls.size()];
    for (int i = 0; i < conns.length; i++) {
      prepared.add(new java.util.HashMap<>());
    }
    this.wait = wait;
    this.pool =
        Executors.newFixedThreadPool(
            nodeUrls.size(),
            r -> {
              Thread t = new Thread(r, "tidal-cluster-fanout");
              t.setDaemon(true);
              return t;
            });
  }

  synchronized Answer query(String sql, Map<Integer, Object> params) throws SQLException {
    MergePlan plan = MergePlan.of(sql);
    long deadline = System.nanoTime() + wait.toNanos();
    String problem;
    while (true) {
      // The states read after the previous query serve as this one's "before": epochs only grow,
      // so an even epoch read then and found again after this query means no partition moved in
      // or out of that node in between. Any doubt reads them afresh.
      boolean cached = last != null;
      NodeState[] before = cached ? last : states();
      last = null;
      problem = coverProblem(before);
      if (problem == null) {
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
          if (before[i] != null && !before[i].held().isEmpty()) {
            asked.add(i);
          }
        }
        List<Future<Answer>> futures = new ArrayList<>();
        NodeState[] after = new NodeState[before.length];
        for (int i : asked) {
          // one task per node: the query, then the node's state (no barrier in between)
          futures.add(
              pool.submit(
                  () -> {
                    Answer a = runOn(i, nodeSql(i, sql, plan.filter(), before[i]), params);
                    after[i] = stateOf(i);
                    return a;
                  }));
        }
        List<Answer> answers = new ArrayList<>();
        for (int k = 0; k < futures.size(); k++) {
          try {
            answers.add(get(futures.get(k)));
          } catch (SQLException e) {
            if (!isConnectionFailure(e)) {
              throw e; // the query itself is wrong: every node says the same
            }
            drop(asked.get(k));
            problem = "node " + nodeUrls.get(asked.get(k)) + " failed: " + e.getMessage();
          }
        }
        if (problem == null) {
          problem = changedDuring(before, after, asked);
        }
        if (problem == null) {
          NodeState[] next = before.clone();
          for (int i : asked) {
            next[i] = after[i];
          }
          last = next;
          Columns cols = answers.get(0).columns();
          plan.check(cols.labels());
          List<List<Object[]>> rows = new ArrayList<>();
          answers.forEach(a -> rows.add(a.rows()));
          return new Answer(cols, plan.merge(rows, cols.labels(), plan.limit(params)));
        }
      }
      if (cached) {
        continue; // the cached states may be old news: read them afresh before waiting
      }
      if (System.nanoTime() > deadline) {
        throw new SQLTransientException(
            "the cluster is rebalancing: "
                + problem
                + "; no answer after "
                + wait.toMillis()
                + " ms (retry the query)",
            SqlStates.SERIALIZATION_FAILURE);
      }
      try {
        Thread.sleep(50); // retry backoff while partitions move
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException(
            "interrupted while the cluster rebalances", SqlStates.SERIALIZATION_FAILURE, e);
      }
    }
  }

  /** Null if the reachable nodes are stable and hold each partition exactly once. */
  private String coverProblem(NodeState[] states) {
    int partitions = -1;
    Map<Integer, String> owner = new TreeMap<>();
    List<String> down = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      NodeState s = states[i];
      if (s == null) {
        down.add(nodeUrls.get(i));
        continue;
      }
      if (s.epoch() % 2 == 1) {
        return "node " + nodeUrls.get(i) + " is moving partitions (epoch " + s.epoch() + ")";
      }
      if (s.partitions() > 0) {
        partitions = s.partitions();
      }
      for (int p : s.held()) {
        String prev = owner.put(p, nodeUrls.get(i));
        if (prev != null) {
          return "partition " + p + " is held by " + prev + " and " + nodeUrls.get(i);
        }
      }
    }
    if (partitions < 0) {
      return "no reachable node holds partitions" + (down.isEmpty() ? "" : " (down: " + down + ")");
    }
    List<Integer> missing = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (!owner.containsKey(p)) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      return "partitions "
          + missing
          + " are held by no reachable node"
          + (down.isEmpty() ? "" : " (unreachable: " + down + ")");
    }
    return null;
  }

  private String changedDuring(NodeState[] before, NodeState[] after, List<Integer> asked) {
    for (int i : asked) {
      if (after[i] == null || after[i].epoch() != before[i].epoch()) {
        return "partitions of node " + nodeUrls.get(i) + " moved during the query";
      }
    }
    return null;
  }

  /** Every node's state, in parallel; null for a node that cannot be reached. */
  private NodeState[] states() throws SQLException {
    List<Future<NodeState>> futures = new ArrayList<>();
    for (int i = 0; i < conns.length; i++) {
      int n = i;
      futures.add(pool.submit(() -> stateOf(n)));
    }
    NodeState[] out = new NodeState[conns.length];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = get(futures.get(i));
      } catch (SQLException e) {
        if (!isConnectionFailure(e)) {
          throw e;
        }
        drop(i);
      }
    }
    return out;
  }

  private NodeState stateOf(int i) throws SQLException {
    long epoch = -1;
    int partitions = 0;
    TreeSet<Integer> held = new TreeSet<>();
    try (ResultSet rs = prepare(i, "SELECT name, \"VALUE\" FROM sys.stats").executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (name.equals("cluster_epoch")) {
          epoch = rs.getLong(2);
        } else if (name.equals("cluster_partitions")) {
          partitions = (int) rs.getLong(2);
        } else if (name.startsWith("cluster_held_")) {
          held.add(Integer.parseInt(name.substring("cluster_held_".length())));
        }
      }
    }
    if (epoch < 0) {
      throw new SQLException(
          nodeUrls.get(i) + " is not a tidal cluster node (no cluster_epoch in sys.stats)",
          SqlStates.CONNECTION_REJECTED);
    }
    return new NodeState(epoch, partitions, held);
  }

  /** {@code sql} with node {@code i}'s partition filter ({@link NodeFilter}). */
  private String nodeSql(int i, String sql, NodeFilter filter, NodeState s) throws SQLException {
    if (filter == null) {
      return sql;
    }
    return filter.sql(keyColumn(i, filter.table()), s.partitions(), s.held());
  }

  /** The key column of entity table {@code table}, or null for any other table (cached). */
  private String keyColumn(int i, String table) throws SQLException {
    String lower = table.toLowerCase(java.util.Locale.ROOT);
    java.util.Optional<String> known = keyColumns.get(lower);
    if (known == null) {
      PreparedStatement ps =
          prepare(i, "SELECT primary_key FROM sys.tables WHERE LOWER(table_name) = ?");
      ps.setString(1, lower);
      try (ResultSet rs = ps.executeQuery()) {
        known = java.util.Optional.ofNullable(rs.next() ? rs.getString(1) : null);
      }
      keyColumns.put(lower, known);
    }
    return known.orElse(null);
  }

  private Answer runOn(int i, String sql, Map<Integer, Object> params) throws SQLException {
    PreparedStatement ps = prepare(i, sql);
    ps.clearParameters();
    for (Map.Entry<Integer, Object> p : params.entrySet()) {
      ps.setObject(p.getKey(), p.getValue());
    }
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> labels = new ArrayList<>();
      int[] types = new int[n];
      String[] typeNames = new String[n];
      String[] classNames = new String[n];
      for (int c = 0; c < n; c++) {
        labels.add(md.getColumnLabel(c + 1));
        types[c] = md.getColumnType(c + 1);
        typeNames[c] = md.getColumnTypeName(c + 1);
        classNames[c] = md.getColumnClassName(c + 1);
      }
      List<Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int c = 0; c < n; c++) {
          row[c] = rs.getObject(c + 1);
        }
        rows.add(row);
      }
      return new Answer(new Columns(labels, types, typeNames, classNames), rows);
    }
  }

  /** The node's prepared statement for {@code sql} (kept while its connection lives; at most 64). */
  private PreparedStatement prepare(int i, String sql) throws SQLException {
    Connection c = conn(i);
    synchronized (conns) {
      Map<String, PreparedStatement> cache = prepared.get(i);
      PreparedStatement ps = cache.get(sql);
      if (ps == null) {
        if (cache.size() >= 64) {
          closeAll(cache);
        }
        ps = c.prepareStatement(sql);
        cache.put(sql, ps);
      }
      return ps;
    }
  }

  private static void closeAll(Map<String, PreparedStatement> cache) {
    for (PreparedStatement ps : cache.values()) {
      try {
        ps.close();
      } catch (SQLException | RuntimeException e) {
        // closing with its connection anyway
      }
    }
    cache.clear();
  }

  private Connection conn(int i) throws SQLException {
    synchronized (conns) {
      if (conns[i] == null) {
        try {
          conns[i] = DriverManager.getConnection("jdbc:tidal:remote:url=" + nodeUrls.get(i));
        } catch (SQLException e) {
          throw new SQLException(
              "cannot reach node " + nodeUrls.get(i) + ": " + e.getMessage(),
              SqlStates.CONNECTION_FAILED,
              e);
        }
      }
      return conns[i];
    }
  }

  private void drop(int i) {
    synchronized (conns) {
      closeAll(prepared.get(i));
      if (conns[i] != null) {
        try {
          conns[i].close();
        } catch (SQLException | RuntimeException e) {
          // the node is gone; the connection with it
        }
        conns[i] = null;
      }
    }
  }

  private static boolean isConnectionFailure(SQLException e) {
    String s = e.getSQLState();
    return s == null || s.startsWith("08") || s.equals(SqlStates.INTERNAL) && isIo(e);
  }

  private static boolean isIo(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static <T> T get(Future<T> f) throws SQLException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", SqlStates.CONNECTION_FAILURE, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof SQLException s) {
        throw s;
      }
      throw new SQLException("node query failed: " + c, SqlStates.CONNECTION_FAILURE, c);
    }
  }

  @Override
  public synchronized void close() {
    for (int i = 0; i < conns.length; i++) {
      drop(i);
    }
    pool.shutdownNow();
  }
}
