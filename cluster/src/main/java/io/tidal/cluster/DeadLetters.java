package io.tidal.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic: a record that cannot become a signal is copied there (same key and value)
 * with headers {@code tidal.reason} (UTF-8 text), {@code tidal.source} ({@code topic/partition/offset})
 * and {@code tidal.format} ({@value SignalCodec#VERSION}). Sends of one batch are awaited before
 * the batch's offsets are committed, so a dead letter is never lost; a crash between the two sends
 * it again on restart (at least once, with the same tidal.source).
 */
final class DeadLetters implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();

  DeadLetters(KafkaIngestConfig config) {
    this.topic = config.deadLetterTopic();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "tidal-dlq-" + config.group());
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  String topic() {
    return topic;
  }

  void send(ConsumerRecord<byte[], byte[]> r, String reason) {
    RecordHeaders h = new RecordHeaders();
    h.add("tidal.reason", reason.getBytes(StandardCharsets.UTF_8));
    h.add(
        "tidal.source",
        (r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8));
    h.add("tidal.format", Integer.toString(SignalCodec.VERSION).getBytes(StandardCharsets.UTF_8));
    pending.add(producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), h)));
  }

  /** Waits until every dead letter sent so far is acknowledged. @throws KafkaException if one failed */
  void flush() {
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      throw new KafkaException(
          "cannot write to dead-letter topic '" + topic + "': " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException(
          "dead-letter topic '" + topic + "' did not acknowledge within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing dead letters", e);
    } finally {
      pending.clear();
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
