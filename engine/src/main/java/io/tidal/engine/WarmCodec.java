package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stored form of the warm tier ({@code w.<gen>} keyspaces, see {@link WarmSignals}): chunks of
 * version 4 are written; versions 3, 2 and 1 are still read and pruned, never written.
 *
 * <p><b>Chunk key</b> (12 bytes, versions 2 and 3): {@code [checkpoint WAL sequence u64 BE][chunk
 * number within the checkpoint u32 BE]}.
 *
 * <p><b>Version 4 value</b> (since 2026-12-07): version 3 with the signal's actor. After the version
 * byte comes one byte of chunk flags (bit 0: some entry has a dedup key, bit 1: some entry has an
 * actor; other bits 0), so that opening a database decodes only the chunks that feed its dedup and
 * actor indexes; then version 3's count, min and max timestamp and entries, where an entry's flags
 * gain bit 2 = an actor follows, as the entry's last field: varint length, then that many UTF-8
 * bytes. Example (golden test): the two signals of the version-3 example below, the second with
 * actor "u" (0x75), encode as {@code 04 01 02 00000000000003DE 00000000000003E8 | 00 05 14 0E | 07
 * AC02 13 02 4004000000000000 02 C3A9 01 75}.
 *
 * <p><b>Version 3 value</b> (since 2026-11-26, read only). Varints are unsigned LEB128 (7 bits per byte, least
 * significant group first, high bit set on every byte but the last, at most 10 bytes); zigzag maps
 * a signed delta d to {@code (d << 1) ^ (d >> 63)}; deltas are taken modulo 2^64, so any pair of
 * values round-trips.
 * <pre>
 * offset  size  field
 *      0     1  version = 3
 *      1   1-3  count: varint, 1..4096
 *    1+c     8  min timestamp: i64 BE, the smallest timestamp of the chunk
 *    9+c     8  max timestamp: i64 BE, the largest (prune decides from these two alone)
 *   17+c        count entries, in arrival order:
 *                 flags      u8: bit 0 = a dedup key follows, bit 1 = a weight follows
 *                            (absent: the weight is exactly 1.0, bits 0x3FF0000000000000); other bits 0
 *                 entity id  varint (EntityId bits, unsigned)
 *                 timestamp  zigzag varint of (timestamp - previous entry's timestamp); the first
 *                            entry's delta is from the min timestamp
 *                 sequence   zigzag varint of (WAL sequence - previous entry's); the first from 0
 *                 weight     if bit 1: f64 raw IEEE-754 bits BE (-0.0 is stored, not 1.0)
 *                 dedup key  if bit 0: varint length, then that many UTF-8 bytes
 * </pre>
 * Example (golden test): signals (entity 5, ts 1000, seq 7, weight 1.0) and (entity 300, ts 990,
 * seq 8, weight 2.5, dedup "é") encode as {@code 03 02 00000000000003DE 00000000000003E8 | 00 05 14 0E
 * | 03 AC02 13 02 4004000000000000 02 C3A9}: a typical signal (dense entity id below 2^21, timestamps
 * close together, weight 1.0, no dedup key) takes 5 to 8 bytes instead of version 2's 33. A decoder
 * checks every entry's timestamp lies within [min, max] and reports a damaged chunk as {@code CORRUPT}
 * naming the field.
 *
 * <p><b>Version 2 value</b>: {@code [u8 2][u32 BE count]} then count entries {@code [entity id u64
 * BE][timestamp i64 BE][WAL sequence u64 BE][weight f64 bits BE][u8 flags: bit 0 = dedup key
 * follows][if bit 0: u32 BE length][UTF-8 bytes]}.
 *
 * <p><b>Version 1</b>: one entry per signal, a 24-byte key {@code [entity id u64 BE][timestamp XOR
 * 2^63 u64 BE][WAL sequence u64 BE]}, value {@code [u8 1][weight f64 bits BE]([u8 1][dedup key
 * UTF-8])?}.
 */
final class WarmCodec {
  static final byte VERSION = 4;
  private static final byte V3 = 3;
  static final int CHUNK_KEY_LENGTH = 12;
  static final int LEGACY_KEY_LENGTH = 24;
  private static final long ONE = Double.doubleToRawLongBits(1.0);
  private static final int DEDUP = 1;
  private static final int WEIGHT = 2;
  private static final int ACTOR = 4;

  /** Chunk flags (version 4). */
  static final int HAS_DEDUP = 1;

  static final int HAS_ACTOR = 2;

  private WarmCodec() {}

  static byte[] chunkKey(long seq, int chunk) {
    return ByteBuffer.allocate(CHUNK_KEY_LENGTH).putLong(seq).putInt(chunk).array();
  }

  // ---- version 4 (and 3) ----

  /** Encodes a non-empty block as a version-4 chunk value. */
  static byte[] encode(WarmBlock b) {
    if (b.size < 1 || b.size > WarmBlock.CAPACITY) {
      throw new IllegalArgumentException(
          "a chunk holds 1.." + WarmBlock.CAPACITY + " signals: " + b.size);
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < b.size; i++) {
      min = Math.min(min, b.timestamps[i]);
      max = Math.max(max, b.timestamps[i]);
    }
    int chunkFlags = 0;
    for (int i = 0; i < b.size; i++) {
      chunkFlags |= (b.dedupKey(i) != null ? HAS_DEDUP : 0) | (b.actor(i) != null ? HAS_ACTOR : 0);
    }
    Sink out = new Sink(21 + 8 * b.size);
    out.u8(VERSION).u8(chunkFlags).varint(b.size).i64(min).i64(max);
    long prevTs = min;
    long prevSeq = 0;
    for (int i = 0; i < b.size; i++) {
      long w = Double.doubleToRawLongBits(b.weights[i]);
      String d = b.dedupKey(i);
      String a = b.actor(i);
      out.u8((d != null ? DEDUP : 0) | (w != ONE ? WEIGHT : 0) | (a != null ? ACTOR : 0))
          .varint(b.ids[i])
          .varint(zigzag(b.timestamps[i] - prevTs))
          .varint(zigzag(b.seqs[i] - prevSeq));
      prevTs = b.timestamps[i];
      prevSeq = b.seqs[i];
      if (w != ONE) {
        out.i64(w);
      }
      if (d != null) {
        byte[] u = d.getBytes(StandardCharsets.UTF_8);
        out.varint(u.length).bytes(u);
      }
      if (a != null) {
        byte[] u = a.getBytes(StandardCharsets.UTF_8);
        out.varint(u.length).bytes(u);
      }
    }
    return out.toArray();
  }

  /** The chunk flags of a stored value: what a version-4 header says, everything for older ones. */
  static int chunkFlags(byte[] key, byte[] value) {
    if (key.length == CHUNK_KEY_LENGTH && value.length > 1 && value[0] == VERSION) {
      return value[1] & (HAS_DEDUP | HAS_ACTOR);
    }
    return HAS_DEDUP; // older versions have no actors, and may have dedup keys
  }

  private static WarmBlock decodeV34(byte[] v) {
    boolean v4 = v[0] == VERSION;
    Source in = new Source(v, 1);
    int allowed = DEDUP | WEIGHT;
    if (v4) {
      int cf = in.u8("chunk flags");
      if ((cf & ~(HAS_DEDUP | HAS_ACTOR)) != 0) {
        throw corrupt("chunk flags=" + cf);
      }
      allowed |= ACTOR;
    }
    int count = count(in.varint("count"), 1);
    long min = in.i64("min timestamp");
    long max = in.i64("max timestamp");
    if (min > max) {
      throw corrupt("min timestamp=" + min + " > max timestamp=" + max);
    }
    WarmBlock b = new WarmBlock(count);
    long ts = min;
    long seq = 0;
    for (int i = 0; i < count; i++) {
      int flags = in.u8("flags");
      if ((flags & ~allowed) != 0) {
        throw corrupt("flags=" + flags + " at entry " + i);
      }
      long id = in.varint("entity id");
      ts += unzigzag(in.varint("timestamp"));
      seq += unzigzag(in.varint("sequence"));
      if (ts < min || ts > max) {
        throw corrupt("timestamp=" + ts + " outside [" + min + ", " + max + "] at entry " + i);
      }
      double w = (flags & WEIGHT) != 0 ? Double.longBitsToDouble(in.i64("weight")) : 1.0;
      String d = null;
      if ((flags & DEDUP) != 0) {
        long len = in.varint("dedup length");
        if (len > in.remaining()) {
          throw corrupt("dedup length=" + len + " at entry " + i);
        }
        d = new String(v, in.pos, (int) len, StandardCharsets.UTF_8);
        in.pos += (int) len;
      }
      String a = null;
      if ((flags & ACTOR) != 0) {
        long len = in.varint("actor length");
        if (len > in.remaining()) {
          throw corrupt("actor length=" + len + " at entry " + i);
        }
        a = new String(v, in.pos, (int) len, StandardCharsets.UTF_8);
        in.pos += (int) len;
      }
      b.add(id, ts, seq, w, d, a);
    }
    in.end();
    return b;
  }

  // ---- reading any version ----

  /** The signals of one stored key/value: a version-3 or -2 chunk, or a version-1 single signal. */
  static WarmBlock decode(byte[] key, byte[] value) {
    if (key.length == LEGACY_KEY_LENGTH) {
      return decodeV1(key, value);
    }
    if (key.length != CHUNK_KEY_LENGTH) {
      throw new EngineException(ErrorCode.CORRUPT, "bad warm-tier key [length=" + key.length + "]");
    }
    return decodeChunk(value);
  }

  /** A chunk value of version 3 or 2. */
  static WarmBlock decodeChunk(byte[] v) {
    int version = v.length == 0 ? -1 : v[0];
    if (version == VERSION || version == V3) {
      return decodeV34(v);
    } else if (version == 2) {
      return decodeV2(v);
    } else if (version == -1) {
      throw corrupt("empty value");
    }
    throw new EngineException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "unsupported warm-tier chunk version [version=" + version + ", supported=2..4]");
  }

  /**
   * {min, max} timestamp of a stored key/value: from the header of a version-3 chunk or the key of
   * a version-1 entry without decoding entries; a version-2 chunk is walked without allocating.
   */
  static long[] span(byte[] key, byte[] value) {
    if (key.length == LEGACY_KEY_LENGTH) {
      long ts = ByteBuffer.wrap(key, 8, 8).getLong() ^ Long.MIN_VALUE;
      return new long[] {ts, ts};
    }
    if (key.length == CHUNK_KEY_LENGTH
        && value.length > 0
        && (value[0] == VERSION || value[0] == V3)) {
      Source in = new Source(value, value[0] == VERSION ? 2 : 1);
      count(in.varint("count"), 1);
      return new long[] {in.i64("min timestamp"), in.i64("max timestamp")};
    }
    if (key.length == CHUNK_KEY_LENGTH && value.length > 0 && value[0] == 2) {
      return spanV2(value);
    }
    return spanOf(decode(key, value)); // reports the damage
  }

  private static long[] spanOf(WarmBlock b) {
    long[] s = {Long.MAX_VALUE, Long.MIN_VALUE};
    for (int i = 0; i < b.size; i++) {
      s[0] = Math.min(s[0], b.timestamps[i]);
      s[1] = Math.max(s[1], b.timestamps[i]);
    }
    return s;
  }

  // ---- version 2 ----

  private static WarmBlock decodeV2(byte[] v) {
    Source in = new Source(v, 1);
    int count = count(in.i32("count"), 0);
    WarmBlock b = new WarmBlock(count);
    for (int i = 0; i < count; i++) {
      long id = in.i64("entity id");
      long ts = in.i64("timestamp");
      long seq = in.i64("sequence");
      double w = Double.longBitsToDouble(in.i64("weight"));
      int flags = in.u8("flags");
      String d = null;
      if (flags == 1) {
        int len = in.i32("dedup length");
        if (len < 0 || len > in.remaining()) {
          throw corrupt("dedup length=" + len + " at entry " + i);
        }
        d = new String(v, in.pos, len, StandardCharsets.UTF_8);
        in.pos += len;
      } else if (flags != 0) {
        throw corrupt("flags=" + flags + " at entry " + i);
      }
      b.add(id, ts, seq, w, d, null);
    }
    in.end();
    return b;
  }

  private static long[] spanV2(byte[] v) {
    Source in = new Source(v, 1);
    int count = count(in.i32("count"), 0);
    long[] s = {Long.MAX_VALUE, Long.MIN_VALUE};
    for (int i = 0; i < count; i++) {
      in.skip(8, "entity id");
      long ts = in.i64("timestamp");
      s[0] = Math.min(s[0], ts);
      s[1] = Math.max(s[1], ts);
      in.skip(16, "sequence and weight");
      int flags = in.u8("flags");
      if (flags == 1) {
        int len = in.i32("dedup length");
        if (len < 0) {
          throw corrupt("dedup length=" + len + " at entry " + i);
        }
        in.skip(len, "dedup key");
      } else if (flags != 0) {
        throw corrupt("flags=" + flags + " at entry " + i);
      }
    }
    in.end();
    return s;
  }

  // ---- version 1 ----

  private static WarmBlock decodeV1(byte[] k, byte[] v) {
    if (v.length < 9 || v[0] != 1 || (v.length > 9 && v[9] != 1)) {
      throw new EngineException(ErrorCode.CORRUPT, "bad warm-tier value [length=" + v.length + "]");
    }
    ByteBuffer key = ByteBuffer.wrap(k);
    WarmBlock b = new WarmBlock(1);
    b.add(
        key.getLong(),
        key.getLong() ^ Long.MIN_VALUE,
        key.getLong(),
        Double.longBitsToDouble(ByteBuffer.wrap(v, 1, 8).getLong()),
        v.length > 9 ? new String(v, 10, v.length - 10, StandardCharsets.UTF_8) : null,
        null);
    return b;
  }

  // ---- primitives ----

  static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }

  private static int count(long n, int least) {
    if (n < least || n > WarmBlock.CAPACITY) {
      throw corrupt("count=" + n);
    }
    return (int) n;
  }

  private static TidalException corrupt(String what) {
    return new EngineException(ErrorCode.CORRUPT, "bad warm-tier chunk [" + what + "]");
  }

  /** A growable output buffer. */
  private static final class Sink {
    private byte[] buf;
    private int pos;

    Sink(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
      }
    }

    Sink u8(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
      return this;
    }

    Sink varint(long v) {
      ensure(Varint.MAX_BYTES);
      pos = Varint.write(buf, pos, v);
      return this;
    }

    Sink i64(long v) {
      ensure(8);
      for (int s = 56; s >= 0; s -= 8) {
        buf[pos++] = (byte) (v >>> s);
      }
      return this;
    }

    Sink bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
      return this;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** A bounds-checked reader: running out of bytes is {@code CORRUPT} naming the field. */
  private static final class Source {
    private final byte[] b;
    int pos;

    Source(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    int remaining() {
      return b.length - pos;
    }

    private void need(int n, String field) {
      if (n > b.length - pos) {
        throw new EngineException(
            ErrorCode.CORRUPT,
            "truncated warm-tier chunk [version="
                + b[0]
                + ", length="
                + b.length
                + ", field="
                + field
                + ", at="
                + pos
                + "]");
      }
    }

    void skip(int n, String field) {
      need(n, field);
      pos += n;
    }

    int u8(String field) {
      need(1, field);
      return b[pos++] & 0xFF;
    }

    int i32(String field) {
      need(4, field);
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    long i64(String field) {
      need(8, field);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    long varint(String field) {
      int[] at = {pos};
      long v = Varint.read(b, at, field, WarmCodec::corrupt);
      pos = at[0];
      return v;
    }

    void end() {
      if (pos != b.length) {
        throw corrupt("trailing=" + (b.length - pos));
      }
    }
  }
}
