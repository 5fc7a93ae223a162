package io.tidal.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ingest thread. One session = connect, take every partition of the topic (manual assignment:
 * one node owns the topic), seek each to the offset stored in the database (the beginning if none),
 * then poll and apply until stopped. Any failure ends the session: the open transaction is rolled
 * back, the failure counted and described, and after the backoff a new session starts from the
 * stored offsets again, so a retry never skips or repeats a record. The database keeps serving
 * queries meanwhile. Offsets are also committed to the consumer group, for monitoring only.
 */
final class IngestLoop implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration METADATA = Duration.ofSeconds(5);

  private final KafkaIngestConfig config;
  private final Connection conn;
  private final Counters counters;
  private final Object progress = new Object();
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private boolean caughtUp;

  IngestLoop(KafkaIngestConfig config, Connection conn, Counters counters) {
    this.config = config;
    this.conn = conn;
    this.counters = counters;
  }

  @Override
  public void run() {
    SessionLoop.run(() -> running, this::session, this::report, this::backoff);
    counters.state = "stopped";
    counters.changed();
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void report(Exception e) {
    if (e instanceof TimeoutException) {
      counters.error(
          counters.brokerErrors,
          "cannot reach Kafka at "
              + config.bootstrap()
              + " ("
              + e.getMessage()
              + "); retrying every "
              + config.retryBackoff().toMillis()
              + " ms",
          null);
    } else if (e instanceof MissingTopicException) {
      counters.error(counters.topicErrors, e.getMessage(), null);
    } else if (e instanceof KafkaException) {
      counters.error(counters.brokerErrors, "Kafka failed: " + describe(e), null);
    } else if (e instanceof SQLException s) {
      counters.error(
          counters.databaseErrors,
          "database write failed, retrying from the stored"
              + " offsets: "
              + s.getMessage()
              + " (SQLState "
              + s.getSQLState()
              + ")",
          s);
    } else {
      // a bug or an unforeseen client failure must not end the ingest thread silently
      counters.error(
          counters.brokerErrors,
          "ingest failed, retrying from the stored offsets: " + describe(e),
          e);
    }
  }

  private void session() throws SQLException {
    try (KafkaConsumer<byte[], byte[]> c =
            new KafkaConsumer<>(
                consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetters dead = new DeadLetters(config)) {
      consumer = c;
      if (!running) {
        return;
      }
      List<TopicPartition> parts = partitions(c);
      ensureTopic(config, config.deadLetterTopic(), parts.size());
      OffsetTable offsets = new OffsetTable(conn);
      BatchApplier applier = new BatchApplier(conn, new SignalCheck(conn), dead, offsets, counters);
      c.assign(parts);
      Map<Integer, Long> stored = offsets.load(config.topic());
      for (TopicPartition tp : parts) {
        Long next = stored.get(tp.partition());
        if (next == null) {
          c.seekToBeginning(List.of(tp));
        } else {
          c.seek(tp, next);
        }
      }
      counters.state = "running";
      counters.lastError = null;
      counters.changed();
      try {
        pollLoop(c, applier, parts);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(e);
        throw e;
      }
    } finally {
      consumer = null;
    }
  }

  private void pollLoop(
      KafkaConsumer<byte[], byte[]> c, BatchApplier applier, List<TopicPartition> parts)
      throws SQLException {
    while (running) {
      ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
      if (!records.isEmpty()) {
        Map<TopicPartition, Long> next = applier.apply(records);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        next.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        c.commitAsync(commit, null);
      }
      updateLag(c, parts, records.isEmpty());
    }
  }

  private void updateLag(
      KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts, boolean idle) {
    long lag = 0;
    for (TopicPartition tp : parts) {
      OptionalLong l = c.currentLag(tp);
      if (l.isEmpty()) {
        lag = -1;
        break;
      }
      lag += l.getAsLong();
    }
    if (lag < 0 && idle) {
      Map<TopicPartition, Long> end = c.endOffsets(parts, METADATA);
      lag = 0;
      for (TopicPartition tp : parts) {
        lag += Math.max(0, end.get(tp) - c.position(tp, METADATA));
      }
    }
    counters.lag = lag;
    synchronized (progress) {
      caughtUp = lag == 0;
      progress.notifyAll();
    }
  }

  List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) {
    return partitions(config, c);
  }

  /** The topic's partitions; MissingTopicException if it does not exist. */
  static List<TopicPartition> partitions(
      KafkaIngestConfig config, KafkaConsumer<byte[], byte[]> c) {
    List<PartitionInfo> infos = c.partitionsFor(config.topic(), METADATA);
    if (infos == null || infos.isEmpty()) {
      throw new MissingTopicException(
          "topic '"
              + config.topic()
              + "' does not exist at "
              + config.bootstrap()
              + "; retrying every "
              + config.retryBackoff().toMillis()
              + " ms");
    }
    List<TopicPartition> out = new ArrayList<>();
    for (PartitionInfo p : infos) {
      out.add(new TopicPartition(p.topic(), p.partition()));
    }
    return out;
  }

  /** Creates the dead-letter topic if it is missing. */
  static void ensureTopic(KafkaIngestConfig config, String topic, int partitions) {
    ensureTopic(config, topic, partitions, Map.of());
  }

  /** Creates {@code topic} with the topic {@code configs} if it is missing. */
  static void ensureTopic(
      KafkaIngestConfig config, String topic, int partitions, Map<String, String> configs) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) METADATA.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA.toMillis());
    try (Admin admin = Admin.create(p)) {
      if (admin.listTopics().names().get().contains(topic)) {
        return;
      }
      admin
          .createTopics(Set.of(new NewTopic(topic, partitions, (short) -1).configs(configs)))
          .all()
          .get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new KafkaException(
            "cannot create topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  private Properties consumerProps() {
    return consumerProps(config);
  }

  /** The consumer settings every tidal consumer of a signals topic uses. */
  static Properties consumerProps(KafkaIngestConfig config) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A stored offset outside the log (the topic was recreated, or retention deleted records not
    // yet applied) is an error to report, never a silent jump.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) METADATA.toMillis());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA.toMillis());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tidal-ingest-" + config.group());
    return p;
  }

  /** The message and its causes' messages, "a: b: c". */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append(": ").append(c.getMessage());
      }
    }
    return b.toString();
  }

  private void rollbackQuietly(Exception primary) {
    try {
      conn.rollback();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  private void backoff() {
    synchronized (progress) {
      if (running) {
        try {
          progress.wait(config.retryBackoff().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  /** Waits until a poll found nothing left to apply; false on timeout or stop. */
  boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      caughtUp = false;
      while (!caughtUp && running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
      return caughtUp;
    }
  }

  void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** The topic is missing at the broker. */
  static final class MissingTopicException extends KafkaException {
    private static final long serialVersionUID = 1L;

    MissingTopicException(String message) {
      super(message);
    }
  }
}
