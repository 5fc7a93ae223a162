package io.tidal.calcite;

import java.nio.charset.StandardCharsets;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * {@code TIDAL_PARTITION(key, n)}: the partition, among {@code n}, that Kafka's default partitioner
 * gives a record keyed by {@code key}'s text (UTF-8): murmur2 with Kafka's seed, its sign bit
 * cleared, modulo {@code n}. A tidal cluster node answers only for the entities of the partitions
 * it holds: {@code jdbc:tidal:cluster:} adds {@code TIDAL_PARTITION(<key>, n) IN (<held>)} to each
 * node's query (docs/SCALE.md), which a ranked query keeps as its walk's filter. Null for a null
 * key; {@code n} below 1 is an error.
 *
 * <p>Public only because Calcite's generated code calls {@link #partition}.
 */
public final class PartitionFunction {
  /** The SQL name. */
  static final String NAME = "TIDAL_PARTITION";

  private static final int SEED = 0x9747b28c;
  private static final int MIX = 0x5bd1e995;

  private PartitionFunction() {}

  /** The function as Calcite registers it. */
  static Function function() {
    return ScalarFunctionImpl.create(PartitionFunction.class, "partition");
  }

  /** The partition of {@code key} among {@code partitions}; null for a null key. */
  public static Integer partition(Object key, int partitions) {
    if (key == null) {
      return null;
    }
    if (partitions < 1) {
      throw io.tidal.TidalException.invalidArgument(
          NAME + " needs a partition count of at least 1, not " + partitions);
    }
    return (murmur2(key.toString().getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitions;
  }

  /** MurmurHash2 (32 bits) of {@code b}, little-endian blocks, as Kafka's partitioner computes it. */
  static int murmur2(byte[] b) {
    int h = SEED ^ b.length;
    int blocks = b.length >>> 2;
    for (int i = 0; i < blocks; i++) {
      int o = i << 2;
      int k =
          (b[o] & 0xff)
              | (b[o + 1] & 0xff) << 8
              | (b[o + 2] & 0xff) << 16
              | (b[o + 3] & 0xff) << 24;
      k *= MIX;
      k ^= k >>> 24;
      k *= MIX;
      h = h * MIX ^ k;
    }
    int tail = blocks << 2;
    int rest = b.length - tail;
    if (rest == 3) {
      h ^= (b[tail + 2] & 0xff) << 16;
    }
    if (rest >= 2) {
      h ^= (b[tail + 1] & 0xff) << 8;
    }
    if (rest >= 1) {
      h ^= b[tail] & 0xff;
      h *= MIX;
    }
    h ^= h >>> 13;
    h *= MIX;
    h ^= h >>> 15;
    return h;
  }
}
