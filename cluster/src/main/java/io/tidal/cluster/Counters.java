package io.tidal.cluster;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link IngestStats}; written by the ingest thread, read by anyone. */
final class Counters {
  volatile String state = "starting";
  volatile String lastError;
  volatile long lag = -1;

  /** Run after each committed batch (tests use it to pick crash points). */
  volatile Runnable onBatch = () -> {};

  final AtomicLong consumed = new AtomicLong();
  final AtomicLong applied = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong badPayloads = new AtomicLong();
  final AtomicLong unknownTypes = new AtomicLong();
  final AtomicLong invalidSignals = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  final AtomicLong brokerErrors = new AtomicLong();
  final AtomicLong topicErrors = new AtomicLong();
  final AtomicLong databaseErrors = new AtomicLong();

  IngestStats snapshot() {
    return new IngestStats(
        state,
        consumed.get(),
        applied.get(),
        deadLettered.get(),
        badPayloads.get(),
        unknownTypes.get(),
        invalidSignals.get(),
        batches.get(),
        brokerErrors.get(),
        topicErrors.get(),
        databaseErrors.get(),
        lag,
        lastError);
  }

  /** The counters as {@code sys.stats} rows (names prefixed {@code kafka_}; lag -1 = unknown). */
  java.util.Map<String, Long> asStats() {
    java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
    m.put("kafka_consumed", consumed.get());
    m.put("kafka_applied", applied.get());
    m.put("kafka_lag", lag);
    m.put("kafka_batches", batches.get());
    m.put("kafka_dead_lettered", deadLettered.get());
    m.put("kafka_bad_payloads", badPayloads.get());
    m.put("kafka_unknown_types", unknownTypes.get());
    m.put("kafka_invalid_signals", invalidSignals.get());
    m.put("kafka_broker_errors", brokerErrors.get());
    m.put("kafka_topic_errors", topicErrors.get());
    m.put("kafka_database_errors", databaseErrors.get());
    return m;
  }

  /** Wakes {@link #await} callers; called after every change worth waiting for. */
  synchronized void changed() {
    notifyAll();
  }

  /** Waits until {@code condition} holds for a snapshot; false on timeout. */
  synchronized boolean await(
      java.util.function.Predicate<IngestStats> condition, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(snapshot())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * Counts a failure and makes it the last error. Logged once per distinct message (a broker that
   * stays down is retried every backoff, not logged every backoff), with the stack trace only
   * when {@code cause} is given (unexpected failures).
   */
  void error(AtomicLong counter, String message, Throwable cause) {
    counter.incrementAndGet();
    boolean repeat = message.equals(lastError);
    lastError = message;
    state = "retrying";
    changed();
    if (!repeat) {
      System.getLogger(KafkaIngest.class.getName())
          .log(System.Logger.Level.WARNING, message, cause);
    }
  }
}
