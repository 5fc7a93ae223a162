package io.tidal.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a node's signals come from: {@code bootstrap=HOST:PORT,topic=signals,group=tidal} on the
 * command line ({@link #parse}), or built in Java. Immutable; the {@code with*} methods return
 * copies.
 *
 * <ul>
 *   <li>{@code bootstrap}: Kafka bootstrap servers, {@code host:port[;host:port...]} (';' because
 *       ',' separates the options)
 *   <li>{@code topic}: the signals topic (all its partitions are consumed by this node)
 *   <li>{@code group}: the Kafka consumer group the node reports its progress under (monitoring
 *       only: the node's position is the one stored in its database)
 *   <li>{@code dlq}: the dead-letter topic (default {@code <topic>.dlq}; created if missing)
 *   <li>{@code max_poll_records}: most records per database batch (default 500)
 * </ul>
 */
public final class KafkaIngestConfig {
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern HOST_PORT = Pattern.compile("[^\\s:;,=]+:\\d{1,5}");

  private final String bootstrap;
  private final String topic;
  private final String group;
  private final String deadLetterTopic;
  private final int maxPollRecords;
  private final Duration retryBackoff;

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public KafkaIngestConfig(String bootstrap, String topic, String group) {
    this(
        bootstrap, topic, group, topic == null ? null : topic + ".dlq", 500, Duration.ofSeconds(2));
  }

  private KafkaIngestConfig(
      String bootstrap,
      String topic,
      String group,
      String deadLetterTopic,
      int maxPollRecords,
      Duration retryBackoff) {
    this.bootstrap = checkBootstrap(bootstrap);
    this.topic = checkTopic("topic", topic);
    this.group = require("group", group);
    this.deadLetterTopic = checkTopic("dlq", deadLetterTopic);
    if (deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException(
          "the dead-letter topic must differ from topic '" + topic + "'");
    }
    if (maxPollRecords < 1 || maxPollRecords > 100_000) {
      throw new IllegalArgumentException(
          "max_poll_records must be 1..100000, got " + maxPollRecords);
    }
    this.maxPollRecords = maxPollRecords;
    if (retryBackoff.isNegative() || retryBackoff.isZero()) {
      throw new IllegalArgumentException("the retry backoff must be positive, got " + retryBackoff);
    }
    this.retryBackoff = retryBackoff;
  }

  /**
   * Parses {@code key=value,...} with the keys bootstrap, topic, group (required), dlq and
   * max_poll_records.
   *
   * @throws IllegalArgumentException naming the bad key or value
   */
  public static KafkaIngestConfig parse(String spec) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : require("--kafka", spec).split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--kafka expects key=value pairs separated by ',', got '" + part + "'");
      }
      String key = part.substring(0, eq).strip();
      if (!java.util.Set.of("bootstrap", "topic", "group", "dlq", "max_poll_records")
          .contains(key)) {
        throw new IllegalArgumentException(
            "unknown --kafka key '"
                + key
                + "' (keys: bootstrap, topic, group, dlq, max_poll_records)");
      }
      if (m.put(key, part.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("--kafka key '" + key + "' is given twice");
      }
    }
    KafkaIngestConfig c = new KafkaIngestConfig(m.get("bootstrap"), m.get("topic"), m.get("group"));
    if (m.containsKey("dlq")) {
      c = c.withDeadLetterTopic(m.get("dlq"));
    }
    if (m.containsKey("max_poll_records")) {
      try {
        c = c.withMaxPollRecords(Integer.parseInt(m.get("max_poll_records")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "max_poll_records must be an integer, got '" + m.get("max_poll_records") + "'");
      }
    }
    return c;
  }

  public KafkaIngestConfig withDeadLetterTopic(String dlq) {
    return new KafkaIngestConfig(bootstrap, topic, group, dlq, maxPollRecords, retryBackoff);
  }

  public KafkaIngestConfig withMaxPollRecords(int n) {
    return new KafkaIngestConfig(bootstrap, topic, group, deadLetterTopic, n, retryBackoff);
  }

  /** How long to wait before retrying after the broker, the topic or the database failed. */
  public KafkaIngestConfig withRetryBackoff(Duration d) {
    return new KafkaIngestConfig(bootstrap, topic, group, deadLetterTopic, maxPollRecords, d);
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** The bootstrap list in Kafka's own form (comma-separated). */
  String kafkaBootstrap() {
    return bootstrap.replace(';', ',');
  }

  public String topic() {
    return topic;
  }

  public String group() {
    return group;
  }

  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  public int maxPollRecords() {
    return maxPollRecords;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  @Override
  public String toString() {
    return "bootstrap="
        + bootstrap
        + ",topic="
        + topic
        + ",group="
        + group
        + ",dlq="
        + deadLetterTopic
        + ",max_poll_records="
        + maxPollRecords;
  }

  private static String require(String what, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          what
              + " is required (e.g. --kafka "
              + "bootstrap=127.0.0.1:9092,topic=signals,group=tidal)");
    }
    return v;
  }

  private static String checkBootstrap(String v) {
    for (String hp : require("bootstrap", v).split(";", -1)) {
      if (!HOST_PORT.matcher(hp).matches()
          || Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1)) > 65_535) {
        throw new IllegalArgumentException("bootstrap server '" + hp + "' is not host:port");
      }
    }
    return v;
  }

  private static String checkTopic(String what, String v) {
    if (!TOPIC.matcher(require(what, v)).matches() || v.equals(".") || v.equals("..")) {
      throw new IllegalArgumentException(
          what
              + " '"
              + v
              + "' is not a Kafka topic name (1-249 of"
              + " letters, digits, '.', '_', '-')");
    }
    return v;
  }
}
