package io.tidal.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encoders of the warm-tier formats tidal no longer writes (version 1 entries, version 2 chunks),
 * kept in test code so tests can build what older releases left on disk. Layouts in {@link WarmCodec}.
 */
final class LegacyWarm {
  private LegacyWarm() {}

  /** A version-2 chunk value of the block's signals. */
  /**
   * The version-3 chunk of a block without actors: version 4 without its chunk-flags byte (the
   * entries of a block without actors are the same bytes in both versions).
   */
  static byte[] encodeV3(WarmBlock b) {
    for (int i = 0; i < b.size; i++) {
      if (b.actor(i) != null) {
        throw new IllegalArgumentException("version 3 has no actors");
      }
    }
    byte[] v4 = WarmCodec.encode(b);
    byte[] v3 = new byte[v4.length - 1];
    v3[0] = 3;
    System.arraycopy(v4, 2, v3, 1, v4.length - 2);
    return v3;
  }

  static byte[] encodeV2(WarmBlock b) {
    int size = 5;
    byte[][] dedup = new byte[b.size][];
    for (int i = 0; i < b.size; i++) {
      String d = b.dedupKey(i);
      dedup[i] = d == null ? null : d.getBytes(StandardCharsets.UTF_8);
      size += 33 + (d == null ? 0 : 4 + dedup[i].length);
    }
    ByteBuffer buf = ByteBuffer.allocate(size).put((byte) 2).putInt(b.size);
    for (int i = 0; i < b.size; i++) {
      buf.putLong(b.ids[i])
          .putLong(b.timestamps[i])
          .putLong(b.seqs[i])
          .putLong(Double.doubleToRawLongBits(b.weights[i]));
      if (dedup[i] == null) {
        buf.put((byte) 0);
      } else {
        buf.put((byte) 1).putInt(dedup[i].length).put(dedup[i]);
      }
    }
    return buf.array();
  }

  /** The 24-byte version-1 key of one signal. */
  static byte[] encodeV1Key(long id, long ts, long seq) {
    return ByteBuffer.allocate(24).putLong(id).putLong(ts ^ Long.MIN_VALUE).putLong(seq).array();
  }

  /** The version-1 value of one signal. */
  static byte[] encodeV1Value(double weight, String dedupKey) {
    byte[] d = dedupKey == null ? new byte[0] : dedupKey.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(9 + (dedupKey == null ? 0 : 1 + d.length));
    b.put((byte) 1).putLong(Double.doubleToRawLongBits(weight));
    if (dedupKey != null) {
      b.put((byte) 1).put(d);
    }
    return b.array();
  }
}
