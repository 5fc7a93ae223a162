package io.tidal.engine;

import io.tidal.engine.storage.Keyspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Maintenance of a signal type's stored warm-tier chunks ({@link WarmSignals}, {@link WarmCodec}):
 * pruning by time and rewriting after erasures, both one pass over the keyspace that decides per
 * stored value whether it stays, goes or is replaced. Called by a checkpoint under the exclusive
 * lock; the keyspace is written after the scan ends.
 */
final class WarmChunks {
  private static final byte[] DELETE = new byte[0];

  private WarmChunks() {}

  /**
   * Drops stored signals at or before {@code cutoff}: a chunk wholly older is deleted and one wholly
   * newer kept, from its timestamp range alone; a straddling one is decoded and rewritten.
   */
  static void prune(Keyspace ks, long cutoff) {
    apply(
        ks,
        (key, value) -> {
          long[] span = WarmCodec.span(key, value);
          if (span[1] <= cutoff) {
            return DELETE;
          }
          // straddles: only a chunk (a version-1 entry has one timestamp)
          return span[0] <= cutoff
              ? WarmCodec.encode(WarmCodec.decode(key, value).after(cutoff))
              : null;
        });
  }

  /** Rewrites every stored chunk through {@code keep}: deleted when it keeps nothing, as it was when all. */
  static void rewrite(Keyspace ks, UnaryOperator<WarmBlock> keep) {
    apply(
        ks,
        (key, value) -> {
          WarmBlock b = WarmCodec.decode(key, value);
          WarmBlock k = keep.apply(b);
          return k.size == 0 ? DELETE : k != b ? WarmCodec.encode(k) : null;
        });
  }

  /** {@code decide} gives per stored value: null = keep it, {@link #DELETE}, or the new value. */
  private static void apply(Keyspace ks, BiFunction<byte[], byte[], byte[]> decide) {
    List<byte[]> drop = new ArrayList<>();
    Map<byte[], byte[]> put = new LinkedHashMap<>();
    ks.scan(null, null)
        .forEachRemaining(
            kv -> {
              byte[] v = decide.apply(kv.key(), kv.value());
              if (v == DELETE) {
                drop.add(kv.key());
              } else if (v != null) {
                put.put(kv.key(), v);
              }
            });
    drop.forEach(ks::delete);
    put.forEach(ks::put);
  }
}
