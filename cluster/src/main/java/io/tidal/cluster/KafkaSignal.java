package io.tidal.cluster;

import java.util.Objects;

/**
 * One signal as carried by a Kafka record of a signals topic (docs/FORMATS.md, "Kafka signal
 * records"). {@code actorId} and {@code dedupKey} may be null; {@code entityId} is the primary-key
 * value of the type's table as text (a BIGINT key in decimal).
 */
public record KafkaSignal(
    String type, String entityId, String actorId, double weight, long timestamp, String dedupKey) {
  public KafkaSignal {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(entityId, "entityId");
  }
}
