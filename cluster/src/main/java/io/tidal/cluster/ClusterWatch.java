package io.tidal.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the nodes of a cluster hold, read from their {@code sys.stats} over {@code
 * jdbc:tidal:remote:} (the demo's view of the cluster).
 */
final class ClusterWatch {
  private final List<String> urls;

  ClusterWatch(List<String> urls) {
    this.urls = urls;
  }

  String clusterUrl(long waitMs) {
    return ClusterDriver.PREFIX + String.join(",", urls) + ";wait_ms=" + waitMs;
  }

  /** Per node: its cluster_* stats (epoch, held partitions with their next offsets); null if down. */
  private Map<String, Long> stats(String url) {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:tidal:remote:url=" + url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, \"VALUE\" FROM sys.stats")) {
      while (rs.next()) {
        if (rs.getString(1).startsWith("cluster_")) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    } catch (SQLException e) {
      return null;
    }
  }

  /** "n1 [0, 3] n2 down n3 [1, 2, 4, 5]". */
  String holdings() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < urls.size(); i++) {
      Map<String, Long> s = stats(urls.get(i));
      b.append(i == 0 ? "" : "  ").append("n").append(i + 1).append(' ');
      if (s == null) {
        b.append("down");
        continue;
      }
      List<Integer> held =
          s.keySet().stream()
              .filter(k -> k.startsWith("cluster_held_"))
              .map(k -> Integer.parseInt(k.substring("cluster_held_".length())))
              .sorted()
              .toList();
      b.append(held).append(s.get("cluster_epoch") % 2 == 1 ? " (moving)" : "");
    }
    return b.toString();
  }

  /** Waits until the reachable nodes hold every partition of {@code end}, applied to its end. */
  String awaitCaughtUp(Map<Integer, Long> end, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<Integer, Long> held = new TreeMap<>();
      boolean stable = true;
      for (String url : urls) {
        Map<String, Long> s = stats(url);
        if (s == null) {
          continue;
        }
        stable &= s.getOrDefault("cluster_epoch", 1L) % 2 == 0;
        s.forEach(
            (k, v) -> {
              if (k.startsWith("cluster_held_")) {
                held.put(Integer.parseInt(k.substring("cluster_held_".length())), v);
              }
            });
      }
      boolean done = stable;
      for (Map.Entry<Integer, Long> e : end.entrySet()) {
        done &= held.getOrDefault(e.getKey(), -1L) >= e.getValue();
      }
      if (done) {
        return holdings();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the cluster did not catch up within " + timeout + ": held " + held + ", end " + end);
      }
      Thread.sleep(200); // polling the nodes' progress
    }
  }
}
