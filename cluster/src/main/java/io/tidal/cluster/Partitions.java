package io.tidal.cluster;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka's default partitioner on a record key (murmur2 of the key bytes, made positive, modulo the
 * partition count): the partition a producer that keys its records by entity id (UTF-8) sends an
 * entity's signals to, so the partition whose owner holds that entity.
 */
public final class Partitions {
  private Partitions() {}

  /** The partition of {@code entityId} among {@code partitions}. */
  public static int of(String entityId, int partitions) {
    byte[] key = entityId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
