package io.tidal.engine;

import io.tidal.TidalException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The actor index of one signal type's warm tier: each actor's retained signals (entity id,
 * timestamp, WAL sequence, weight, dedup key or roll-up link), in arrival order, so
 * {@code WHERE actor_id = ?}, a seen set and an erasure by actor read only that actor's signals.
 *
 * <p>Design notes. One growable byte array per actor, each signal a variable-length record
 * ({@link Varint}s):
 *
 * <pre>
 *   flags    1 byte   bit 0: weight is 1.0 (no weight bytes); bit 1: a dedup key follows
 *   id       varint   the entity id sign-folded: id &lt;&lt; 1 for id &gt;= 0, else
 *                     ((id ^ Long.MIN_VALUE) &lt;&lt; 1) | 1 (a BIGINT key's id stays short)
 *   ts       varint   zigzag(ts - the previous record's ts; the first: ts - 0)
 *   seq      varint   zigzag(seq - the previous record's seq)
 *   weight   8 bytes  IEEE 754 bits, big-endian, unless flag bit 0
 *   dedup    varint length + UTF-8 bytes, if flag bit 1
 * </pre>
 *
 * A view with weight 1.0 by a user takes 8-12 bytes here instead of the 32 of four primitive
 * columns (plus their doubling slack); the array grows by a quarter. Reads decode the actor's
 * records in order (O(the actor's signals), as before); removals (an erasure, a row delete, a
 * prune) re-encode the lists they visit. In memory only, rebuilt at open from the stored chunks:
 * the layout is no file format. Not thread-safe: {@link WarmSignals} calls it under the type's
 * monitor.
 */
final class ActorIndex {
  /** One decoded signal. */
  interface Visitor {
    void accept(long id, long ts, long seq, double weight, String dedupKey);
  }

  /** Which signals to remove. */
  interface Test {
    boolean test(long id, long ts, long seq);
  }

  /** One actor's records, the previous record's timestamp and sequence (the delta bases). */
  private static final class Log {
    byte[] bytes;
    int length;
    int count;
    long lastTs;
    long lastSeq;

    Log(int capacity) {
      bytes = new byte[capacity];
    }

    void add(long id, long ts, long seq, double weight, String dedupKey) {
      byte[] dedup = dedupKey == null ? null : dedupKey.getBytes(StandardCharsets.UTF_8);
      int need = 1 + Varint.MAX_BYTES * 3 + 8 + (dedup == null ? 0 : 5 + dedup.length);
      if (length + need > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + need, bytes.length + bytes.length / 4));
      }
      boolean one = Double.doubleToRawLongBits(weight) == ONE_BITS;
      bytes[length++] = (byte) ((one ? 1 : 0) | (dedup != null ? 2 : 0));
      length = Varint.write(bytes, length, id >= 0 ? id << 1 : ((id ^ Long.MIN_VALUE) << 1) | 1);
      length = Varint.write(bytes, length, zigzag(ts - lastTs));
      length = Varint.write(bytes, length, zigzag(seq - lastSeq));
      if (!one) {
        long b = Double.doubleToRawLongBits(weight);
        for (int s = 56; s >= 0; s -= 8) {
          bytes[length++] = (byte) (b >>> s);
        }
      }
      if (dedup != null) {
        length = Varint.write(bytes, length, dedup.length);
        System.arraycopy(dedup, 0, bytes, length, dedup.length);
        length += dedup.length;
      }
      lastTs = ts;
      lastSeq = seq;
      count++;
    }

    /** Decodes every record in order; {@code ids} only: the dedup key is skipped, not built. */
    void forEach(Visitor v, boolean idsOnly) {
      long ts = 0;
      long seq = 0;
      int[] p = {0};
      while (p[0] < length) {
        int flags = bytes[p[0]++];
        long f = get(bytes, p);
        long id = (f & 1) == 0 ? f >>> 1 : (f >>> 1) ^ Long.MIN_VALUE;
        ts += unzigzag(get(bytes, p));
        seq += unzigzag(get(bytes, p));
        double weight = 1.0;
        if ((flags & 1) == 0) {
          long b = 0;
          for (int i = 0; i < 8; i++) {
            b = (b << 8) | (bytes[p[0]++] & 0xFF);
          }
          weight = Double.longBitsToDouble(b);
        }
        String dedup = null;
        if ((flags & 2) != 0) {
          int n = (int) get(bytes, p);
          if (!idsOnly) {
            dedup = new String(bytes, p[0], n, StandardCharsets.UTF_8);
          }
          p[0] += n;
        }
        v.accept(id, ts, seq, weight, dedup);
      }
    }
  }

  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  private final Map<String, Log> byActor = new HashMap<>();

  /** Appends a signal of {@code actor}. */
  void add(String actor, long id, long ts, long seq, double weight, String dedupKey) {
    byActor.computeIfAbsent(actor, a -> new Log(16)).add(id, ts, seq, weight, dedupKey);
  }

  /** Visits {@code actor}'s signals in arrival order (none if unknown). */
  void forEach(String actor, Visitor v) {
    Log l = byActor.get(actor);
    if (l != null) {
      l.forEach(v, false);
    }
  }

  /** The entity ids of {@code actor}'s signals, in arrival order (repeats possible). */
  long[] ids(String actor) {
    Log l = byActor.get(actor);
    if (l == null) {
      return new long[0];
    }
    long[] out = new long[l.count];
    int[] n = {0};
    l.forEach((id, ts, seq, w, d) -> out[n[0]++] = id, true);
    return out;
  }

  /** Removes the signals of {@code actor} that {@code gone} accepts. */
  void removeIf(String actor, Test gone) {
    Log l = byActor.get(actor);
    if (l != null && !filter(l, gone)) {
      byActor.remove(actor);
    }
  }

  /** Removes every actor's signals that {@code gone} accepts. */
  void removeIfAll(Test gone) {
    for (Iterator<Map.Entry<String, Log>> it = byActor.entrySet().iterator(); it.hasNext(); ) {
      if (!filter(it.next().getValue(), gone)) {
        it.remove();
      }
    }
  }

  /** Rewrites {@code l} without the signals {@code gone} accepts; false when none is left. */
  private static boolean filter(Log l, Test gone) {
    boolean[] any = {false};
    l.forEach((id, ts, seq, w, d) -> any[0] |= gone.test(id, ts, seq), true);
    if (!any[0]) {
      return l.count > 0; // untouched: no re-encoding
    }
    Log kept = new Log(Math.max(16, l.length));
    l.forEach(
        (id, ts, seq, w, d) -> {
          if (!gone.test(id, ts, seq)) {
            kept.add(id, ts, seq, w, d);
          }
        },
        false);
    l.bytes =
        kept.length == kept.bytes.length ? kept.bytes : Arrays.copyOf(kept.bytes, kept.length);
    l.length = kept.length;
    l.count = kept.count;
    l.lastTs = kept.lastTs;
    l.lastSeq = kept.lastSeq;
    return l.count > 0;
  }

  /** Signals held, and bytes of their records (array slack excluded): for measurements. */
  long[] size() {
    long signals = 0;
    long bytes = 0;
    for (Log l : byActor.values()) {
      signals += l.count;
      bytes += l.length;
    }
    return new long[] {signals, bytes};
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Reads a varint of this in-memory layout (never truncated: a failure is a bug). */
  private static long get(byte[] b, int[] p) {
    return Varint.read(
        b, p, "actor index", detail -> TidalException.internal("actor index: " + detail, null));
  }
}
