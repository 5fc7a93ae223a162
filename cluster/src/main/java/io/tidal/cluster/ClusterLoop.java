package io.tidal.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ingest thread of a cluster node: a member of the topic's consumer group (classic protocol,
 * {@link CooperativeStickyAssignor}: only moved partitions are revoked). Applies its partitions'
 * records exactly once as the single-node ingest does (signals and next offsets in one
 * transaction), creating each entity's row. Hand-off runs in the rebalance callbacks, on this
 * thread, between batches: a revoked partition is exported to the shared directory and dropped; an
 * assigned one is restored from the newer of the node's own state and the published snapshot, and
 * the consumer seeks to that state's offset, so the replay continues exactly where the state ends.
 * A lost partition (the node was expelled) is dropped without a snapshot. Every change of the held
 * set is bracketed by {@link ClusterState#begin()} / {@link ClusterState#end()}.
 */
final class ClusterLoop implements Runnable, ConsumerRebalanceListener {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaIngestConfig config;
  private final ClusterNode.Options options;
  private final Connection conn;
  private final Counters counters;
  private final ClusterState state;
  private final java.util.concurrent.locks.Lock writes;
  private final java.util.function.LongSupplier rowDeletes;
  private long seenRowDeletes;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private PartitionSnapshots snapshots;
  private OffsetTable offsets;
  private EntityRows rows;
  private int partitions;
  private long lastSnapshot = System.nanoTime();

  ClusterLoop(
      KafkaIngestConfig config,
      ClusterNode.Options options,
      Connection conn,
      Counters counters,
      ClusterState state,
      java.util.concurrent.locks.Lock writes,
      java.util.function.LongSupplier rowDeletes) {
    this.config = config;
    this.options = options;
    this.conn = conn;
    this.counters = counters;
    this.state = state;
    this.writes = writes;
    this.rowDeletes = rowDeletes;
  }

  @Override
  public void run() {
    SessionLoop.run(
        () -> running, this::session, counters, config.retryBackoff(), "cluster ingest");
    counters.state = "stopped";
    counters.changed();
  }

  private void session() throws SQLException {
    try (KafkaConsumer<byte[], byte[]> c =
            new KafkaConsumer<>(props(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetters dead = new DeadLetters(config)) {
      consumer = c;
      if (!running) {
        return;
      }
      partitions = IngestLoop.partitions(config, c).size();
      state.partitions(partitions);
      IngestLoop.ensureTopic(config, config.deadLetterTopic(), partitions);
      SignalCheck check = new SignalCheck(conn);
      offsets = new OffsetTable(conn);
      offsets.load(config.topic());
      rows = new EntityRows(conn, check);
      snapshots = new PartitionSnapshots(options.shared(), conn, check);
      BatchApplier applier = new BatchApplier(conn, check, dead, offsets, counters, rows);
      c.subscribe(List.of(config.topic()), this);
      counters.state = "running";
      counters.lastError = null;
      counters.changed();
      try {
        while (running) {
          ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
          if (!records.isEmpty()) {
            Map<TopicPartition, Long> next;
            writes.lock(); // never beside an entity-row batch of EntityReplica
            try {
              long d = rowDeletes.getAsLong();
              if (d != seenRowDeletes) {
                seenRowDeletes = d;
                rows.reset(); // replicated rows were deleted: the known ids are stale
              }
              next = applier.apply(records);
            } finally {
              writes.unlock();
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            next.forEach(
                (tp, o) -> {
                  commit.put(tp, new OffsetAndMetadata(o));
                  state.hold(tp.partition(), o);
                });
            c.commitAsync(commit, null);
          }
          periodicSnapshots();
        }
      } catch (SQLException | RuntimeException e) {
        try {
          conn.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    } finally {
      consumer = null;
    }
  }

  private Properties props() {
    Properties p = IngestLoop.consumerProps(config);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) options.sessionTimeout().toMillis());
    p.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(100, options.sessionTimeout().toMillis() / 10));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tidal-node-" + options.name());
    return p;
  }

  /** Publishes every held partition's state now and then, so a crash's replay stays short. */
  private void periodicSnapshots() throws SQLException {
    long every = options.snapshotEvery().toNanos();
    if (every <= 0 || System.nanoTime() - lastSnapshot < every) {
      return;
    }
    lastSnapshot = System.nanoTime();
    Map<Integer, Long> stored = offsets.load(config.topic());
    for (int p : state.held().keySet()) {
      publish(p, stored.get(p));
    }
  }

  private boolean publish(int p, Long next) throws SQLException {
    PartitionSnapshots.Snapshot s = snapshots.export(config.topic(), p, partitions, next);
    if (s == null) {
      return false;
    }
    try {
      snapshots.write(s);
      state.written();
      return true;
    } catch (IOException e) {
      // the new owner restores an older snapshot and replays more: slower, never wrong
      counters.error(
          counters.databaseErrors,
          "cannot publish the snapshot of partition " + p + ": " + e.getMessage(),
          null);
      return false;
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    if (revoked.isEmpty() || snapshots == null) {
      return;
    }
    writes.lock();
    state.begin();
    try {
      Map<Integer, Long> stored = offsets.load(config.topic());
      long t0 = System.nanoTime();
      Set<Integer> gone = new HashSet<>();
      boolean written = true;
      for (TopicPartition tp : revoked) {
        written &= publish(tp.partition(), stored.get(tp.partition()));
        gone.add(tp.partition());
      }
      options.steps().accept("revoke-published");
      snapshots.drop(config.topic(), gone, partitions);
      options.steps().accept("revoke-dropped");
      for (int p : gone) {
        state.release(p);
      }
      state.moved((System.nanoTime() - t0) / 1_000_000, false, written);
      rows.reset();
    } catch (SQLException e) {
      throw new KafkaException("cannot hand off partitions " + revoked + ": " + e.getMessage(), e);
    } finally {
      state.end();
      writes.unlock();
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> lost) {
    if (snapshots == null) {
      return;
    }
    writes.lock();
    state.begin();
    try {
      Set<Integer> gone = new HashSet<>();
      for (TopicPartition tp : lost) {
        gone.add(tp.partition());
      }
      options.steps().accept("revoke-published");
      snapshots.drop(config.topic(), gone, partitions);
      options.steps().accept("revoke-dropped");
      gone.forEach(state::release);
      rows.reset();
    } catch (SQLException e) {
      throw new KafkaException("cannot drop lost partitions " + lost + ": " + e.getMessage(), e);
    } finally {
      state.end();
      writes.unlock();
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    writes.lock();
    state.begin();
    try {
      // restores a crash interrupted (their imported states were not durable yet)
      snapshots.drop(config.topic(), offsets.restoring(config.topic()), partitions);
      List<Integer> restored = new ArrayList<>();
      Map<Integer, Long> local = offsets.load(config.topic());
      for (TopicPartition tp : assigned) {
        int p = tp.partition();
        long t0 = System.nanoTime();
        PartitionSnapshots.Snapshot s = snapshots.read(config.topic(), p);
        Long mine = local.get(p);
        boolean restore = s != null && (mine == null || s.nextOffset() > mine);
        if (restore) {
          if (mine != null) {
            snapshots.drop(config.topic(), List.of(p), partitions);
          }
          snapshots.restore(s);
          restored.add(p);
          mine = s.nextOffset();
        }
        if (mine == null) {
          consumer.seekToBeginning(List.of(tp));
          state.hold(p, 0);
        } else {
          consumer.seek(tp, mine);
          state.hold(p, mine);
        }
        state.moved((System.nanoTime() - t0) / 1_000_000, restore, false);
      }
      if (!restored.isEmpty()) {
        options.steps().accept("restore-imported");
      }
      snapshots.finishRestores(config.topic(), restored);
      // state left from before a crash of this node, for partitions now owned by others
      Set<Integer> owned = new HashSet<>();
      for (TopicPartition tp : consumer.assignment()) {
        owned.add(tp.partition());
      }
      Set<Integer> stale = new HashSet<>(offsets.load(config.topic()).keySet());
      stale.removeAll(owned);
      snapshots.drop(config.topic(), stale, partitions);
      stale.forEach(state::release);
      rows.reset();
    } catch (SQLException e) {
      throw new KafkaException("cannot restore partitions " + assigned + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the snapshot of partitions " + assigned + ": " + e.getMessage(), e);
    } finally {
      state.end();
      writes.unlock();
    }
  }

  void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}
