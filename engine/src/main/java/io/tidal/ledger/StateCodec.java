package io.tidal.ledger;

import io.tidal.schema.EntityId;
import java.nio.ByteBuffer;

/**
 * Byte encoding of one hot state ({@link EntityState}) for checkpoints. Big-endian throughout.
 *
 * <pre>
 * offset      size  field
 * 0           1     format version (1)
 * 1           1     k: number of decay values (= the type's half-life count)
 * 2           8     anchor a: greatest timestamp recorded, UTC ms (i64)
 * 10          8     total number of signals recorded (i64, &gt;= 1)
 * 18          8     bound time b &gt;= a (i64)
 * 26          8k    decay values v_0..v_{k-1} anchored at a (IEEE 754 binary64, finite)
 * 26+8k       4     n: retained timestamps (u32, &lt;= total)
 * 30+8k       8n    retained timestamps, ascending (i64)
 * </pre>
 *
 * Decoding checks the version range, the length and every invariant above, and raises
 * {@code CORRUPT} or {@code UNSUPPORTED_FORMAT} naming the type and entity. Rank indexes are not
 * stored: they are rebuilt from the states on load.
 */
final class StateCodec {
  static final int VERSION = 1;
  static final int MIN_VERSION = 1;
  private static final int FIXED = 30;

  private StateCodec() {}

  static byte[] encode(long[] s, int k) {
    int n = EntityState.len(s);
    ByteBuffer b = ByteBuffer.allocate(FIXED + 8 * k + 8 * n);
    b.put((byte) VERSION).put((byte) k);
    b.putLong(s[EntityState.ANCHOR]).putLong(s[EntityState.TOTAL]).putLong(s[EntityState.BOUND_TIME]);
    for (int j = 0; j < k; j++) {
      b.putLong(s[EntityState.HEADER + j]);
    }
    b.putInt(n);
    for (int i = 0; i < n; i++) {
      b.putLong(s[EntityState.HEADER + k + i]);
    }
    return b.array();
  }

  static long[] decode(byte[] bytes, int k, String type, EntityId id) {
    if (bytes == null || bytes.length < FIXED) {
      throw LedgerException.corruptState(type, id, "too short [length=" + (bytes == null ? 0 : bytes.length) + "]");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int version = b.get() & 0xFF;
    if (version < MIN_VERSION || version > VERSION) {
      throw LedgerException.unsupportedStateVersion(type, id, version);
    }
    int kk = b.get() & 0xFF;
    if (kk != k) {
      throw LedgerException.corruptState(type, id, "half-life count " + kk + ", type declares " + k);
    }
    long a = b.getLong();
    long total = b.getLong();
    long bound = b.getLong();
    if (total < 1 || bound < a) {
      throw LedgerException.corruptState(type, id, "bad header [total=" + total + ", anchor=" + a + ", bound=" + bound + "]");
    }
    if (bytes.length < FIXED + 8 * k) {
      throw LedgerException.corruptState(type, id, "truncated [length=" + bytes.length + "]");
    }
    long[] values = new long[k];
    for (int j = 0; j < k; j++) {
      values[j] = b.getLong();
      if (!Double.isFinite(Double.longBitsToDouble(values[j]))) {
        throw LedgerException.corruptState(type, id, "non-finite decay value #" + j);
      }
    }
    long n = b.getInt() & 0xFFFF_FFFFL;
    if (n > total || bytes.length != FIXED + 8L * k + 8L * n) {
      throw LedgerException.corruptState(type, id, "bad length [length=" + bytes.length + ", n=" + n + "]");
    }
    long[] s = new long[EntityState.HEADER + k + (int) Math.max(1, n)];
    s[EntityState.ANCHOR] = a;
    s[EntityState.TOTAL] = total;
    s[EntityState.BOUND_TIME] = bound;
    s[EntityState.LEN] = n;
    System.arraycopy(values, 0, s, EntityState.HEADER, k);
    long prev = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long t = b.getLong();
      if (t < prev || t > a) {
        throw LedgerException.corruptState(type, id, "timestamps out of order at #" + i);
      }
      s[EntityState.HEADER + k + i] = t;
      prev = t;
    }
    return s;
  }
}
