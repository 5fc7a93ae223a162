package io.tidal.engine.ledger;

import io.tidal.schema.EntityId;
import java.nio.ByteBuffer;

/**
 * Byte encoding of one hot state ({@link EntityState}) for checkpoints. Big-endian throughout.
 *
 * <p>Version 2 (2026-12-07: per-signal weights and folded values, for exact as-of reads):
 * <pre>
 * offset          size  field
 * 0               1     format version (2)
 * 1               1     k: number of decay values (= the type's half-life count)
 * 2               8     anchor a: greatest timestamp recorded, UTC ms (i64)
 * 10              8     total number of signals recorded (i64, &gt;= 1)
 * 18              8     bound time b &gt;= a (i64)
 * 26              8     fold time F (i64; Long.MIN_VALUE = nothing folded)
 * 34              8k    all-signal decay values v_0..v_{k-1} anchored at a (binary64, finite)
 * 34+8k           8k    folded values f_0..f_{k-1} anchored at F (binary64, finite; 0 when no F)
 * 34+16k          4     n: retained signals (u32, &lt;= total)
 * 38+16k          8n    their timestamps, ascending (i64)
 * 38+16k+8n       4     m: retained signals whose weight is not 1.0 (u32, &lt;= n)
 * 42+16k+8n       12m   m x (u32 index into the n signals, ascending | i64 weight bits); the bits
 *                       of NaN mark a count-only timestamp (weight folded, t &lt;= F)
 * </pre>
 * Weights are mostly 1.0, so a state costs 4 bytes more than its timestamps alone in the common
 * case. Version 1 (read only) is version 2 without the fold time, the folded values and the
 * weights: {@code [1][k][a][total][b][v x k][n][t x n]}; it decodes as {@code F = a}, {@code f = v}
 * and count-only timestamps (see {@link EntityState}): decay is exact from {@code a} on, counts as
 * before.
 *
 * <p>Decoding checks the version range, the length and every invariant above, and raises
 * {@code CORRUPT} or {@code UNSUPPORTED_FORMAT} naming the type and entity. Rank indexes are not
 * stored: they are rebuilt from the states on load.
 */
final class StateCodec {
  static final int VERSION = 2;
  static final int MIN_VERSION = 1;
  private static final int FIXED_V1 = 30;
  private static final int FIXED = 42;
  private static final long ONE = Double.doubleToRawLongBits(1.0);

  private StateCodec() {}

  static byte[] encode(long[] s, int k) {
    int n = EntityState.len(s);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (s[EntityState.pair(k, i) + 1] != ONE) {
        m++;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(FIXED + 16 * k + 8 * n + 12 * m);
    b.put((byte) VERSION).put((byte) k);
    b.putLong(s[EntityState.ANCHOR])
        .putLong(s[EntityState.TOTAL])
        .putLong(s[EntityState.BOUND_TIME]);
    b.putLong(s[EntityState.FOLD_TIME]);
    for (int j = 0; j < 2 * k; j++) {
      b.putLong(s[EntityState.HEADER + j]);
    }
    b.putInt(n);
    for (int i = 0; i < n; i++) {
      b.putLong(s[EntityState.pair(k, i)]);
    }
    b.putInt(m);
    for (int i = 0; i < n; i++) {
      long bits = s[EntityState.pair(k, i) + 1];
      if (bits != ONE) {
        b.putInt(i).putLong(bits);
      }
    }
    return b.array();
  }

  static long[] decode(byte[] bytes, int k, String type, EntityId id) {
    if (bytes == null || bytes.length < FIXED_V1) {
      throw LedgerException.corruptState(
          type, id, "too short [length=" + (bytes == null ? 0 : bytes.length) + "]");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int version = b.get() & 0xFF;
    if (version < MIN_VERSION || version > VERSION) {
      throw LedgerException.unsupportedStateVersion(type, id, version);
    }
    int kk = b.get() & 0xFF;
    if (kk != k) {
      throw LedgerException.corruptState(
          type, id, "half-life count " + kk + ", type declares " + k);
    }
    long a = b.getLong();
    long total = b.getLong();
    long bound = b.getLong();
    long f = version == 1 ? a : b.getLong();
    if (total < 1 || bound < a) {
      throw LedgerException.corruptState(
          type, id, "bad header [total=" + total + ", anchor=" + a + ", bound=" + bound + "]");
    }
    int fixed = version == 1 ? FIXED_V1 : FIXED - 4;
    int valueCount = version == 1 ? k : 2 * k;
    if (bytes.length < fixed + 8L * valueCount) {
      throw LedgerException.corruptState(type, id, "truncated [length=" + bytes.length + "]");
    }
    long[] values = new long[2 * k];
    for (int j = 0; j < valueCount; j++) {
      values[j] = b.getLong();
      if (!Double.isFinite(Double.longBitsToDouble(values[j]))) {
        throw LedgerException.corruptState(type, id, "non-finite decay value #" + j);
      }
    }
    if (version == 1) {
      System.arraycopy(values, 0, values, k, k); // f = v at F = a
    }
    long n = b.getInt() & 0xFFFF_FFFFL;
    long minLength = fixed + 8L * valueCount + 8L * n + (version == 1 ? 0 : 4);
    if (n > total || bytes.length < minLength || (version == 1 && bytes.length != minLength)) {
      throw LedgerException.corruptState(
          type, id, "bad length [length=" + bytes.length + ", n=" + n + "]");
    }
    long[] s = new long[EntityState.pair(k, (int) Math.max(1, n))];
    s[EntityState.ANCHOR] = a;
    s[EntityState.TOTAL] = total;
    s[EntityState.BOUND_TIME] = bound;
    s[EntityState.LEN] = n;
    s[EntityState.FOLD_TIME] = f;
    System.arraycopy(values, 0, s, EntityState.HEADER, 2 * k);
    long prev = Long.MIN_VALUE;
    long defaultBits = version == 1 ? EntityState.COUNT_ONLY : ONE;
    for (int i = 0; i < n; i++) {
      long t = b.getLong();
      if (t < prev || t > a) {
        throw LedgerException.corruptState(type, id, "timestamps out of order at #" + i);
      }
      s[EntityState.pair(k, i)] = t;
      s[EntityState.pair(k, i) + 1] = defaultBits;
      prev = t;
    }
    if (version >= 2) {
      decodeWeights(b, s, k, (int) n, bytes.length, type, id);
    }
    s[EntityState.NEGATIVES] = EntityState.countNegatives(s, k);
    return s;
  }

  private static void decodeWeights(
      ByteBuffer b, long[] s, int k, int n, int length, String type, EntityId id) {
    long m = b.getInt() & 0xFFFF_FFFFL;
    if (m > n || b.remaining() != 12L * m) {
      throw LedgerException.corruptState(
          type, id, "bad weight list [length=" + length + ", m=" + m + "]");
    }
    long f = s[EntityState.FOLD_TIME];
    int prev = -1;
    for (long x = 0; x < m; x++) {
      int i = b.getInt();
      long bits = b.getLong();
      double w = Double.longBitsToDouble(bits);
      boolean countOnly = bits == EntityState.COUNT_ONLY;
      if (i <= prev
          || i >= n
          || (!countOnly && !Double.isFinite(w))
          || (countOnly && (f == EntityState.NO_FOLD || s[EntityState.pair(k, i)] > f))) {
        throw LedgerException.corruptState(
            type, id, "bad weight entry #" + x + " [index=" + i + "]");
      }
      s[EntityState.pair(k, i) + 1] = bits;
      prev = i;
    }
    for (int i = 0; i < n; i++) {
      int p = EntityState.pair(k, i);
      if (s[p + 1] != EntityState.COUNT_ONLY && f != EntityState.NO_FOLD && s[p] <= f) {
        throw LedgerException.corruptState(
            type, id, "retained signal #" + i + " at or before the fold time");
      }
    }
  }
}
