package io.tidal.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cluster node holds, published in its {@code sys.stats} for the cluster driver: {@code
 * cluster_epoch} (a sequence number, odd while partitions move in or out or before the node's first
 * assignment, even when stable: a query is consistent if every node's epoch is even and unchanged
 * across it), {@code cluster_partitions} (the topic's partition count), and one {@code
 * cluster_held_<p>} row per held partition whose value is the partition's stored next offset.
 */
final class ClusterState {
  private long epoch = 1;
  private int partitions;
  private final TreeMap<Integer, Long> held = new TreeMap<>();
  private long moves;
  private long snapshotsWritten;
  private long snapshotsRestored;
  private long lastMoveMillis;

  synchronized void begin() {
    if (epoch % 2 == 0) {
      epoch++;
    }
  }

  synchronized void end() {
    if (epoch % 2 == 1) {
      epoch++;
    }
    notifyAll();
  }

  synchronized void partitions(int n) {
    partitions = n;
  }

  synchronized void hold(int partition, long nextOffset) {
    held.put(partition, nextOffset);
    notifyAll();
  }

  synchronized void release(int partition) {
    held.remove(partition);
  }

  synchronized void moved(long millis, boolean restored, boolean written) {
    moves++;
    lastMoveMillis = millis;
    snapshotsRestored += restored ? 1 : 0;
    snapshotsWritten += written ? 1 : 0;
  }

  synchronized void written() {
    snapshotsWritten++;
  }

  synchronized boolean stable() {
    return epoch % 2 == 0;
  }

  synchronized Map<Integer, Long> held() {
    return new TreeMap<>(held);
  }

  synchronized Map<String, Long> asStats() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("cluster_epoch", epoch);
    out.put("cluster_partitions", (long) partitions);
    out.put("cluster_moves", moves);
    out.put("cluster_snapshots_written", snapshotsWritten);
    out.put("cluster_snapshots_restored", snapshotsRestored);
    out.put("cluster_last_move_ms", lastMoveMillis);
    held.forEach((p, o) -> out.put("cluster_held_" + p, o));
    return out;
  }
}
