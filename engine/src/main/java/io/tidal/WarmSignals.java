package io.tidal;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import io.tidal.storage.KeyValue;
import io.tidal.storage.Keyspace;
import io.tidal.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The warm tier: raw signals retained per signal type, backing {@link TidalDB#scanSignals}.
 *
 * <p>Design notes. New signals go to a per-type in-memory queue of pending entries; a checkpoint moves
 * them into the type's keyspace {@code w.<gen>} ({@link #flush}), so storage changes only at checkpoints
 * and a crash leaves exactly the last checkpoint (the WAL replays the rest). Reads merge both sources
 * in one order, (entity id unsigned, timestamp, WAL sequence); the sequence makes every entry unique,
 * and equal entries met twice are kept once.
 *
 * <p><b>Storage format, version 2</b> (chunks). A checkpoint writes its pending signals of a type,
 * in arrival order, as values of at most {@value #CHUNK_SIGNALS} signals each: one storage write per chunk
 * instead of one B-tree insert per signal, which made the checkpoint the largest cost of ingest.
 * <pre>
 * key   (12 bytes): [checkpoint WAL sequence u64 BE][chunk number within the checkpoint u32 BE]
 * value:            [u8 version = 2][u32 BE count] then count entries:
 *                   [entity id u64 BE][timestamp i64 BE][WAL sequence u64 BE][weight f64 raw bits BE]
 *                   [u8 flags: bit 0 = a dedup key follows][if bit 0: u32 BE length][UTF-8 bytes]
 * </pre>
 * Keys are unique: a checkpoint that writes signals has a sequence above every earlier one. Version 1
 * (one entry per signal: a 24-byte key {@code [entity id u64 BE][timestamp XOR 2^63 u64 BE][WAL
 * sequence u64 BE]}, value {@code [u8 1][weight f64 BE]([u8 1][dedup key UTF-8])?}) is still read
 * and pruned, never written.
 *
 * <p>Retention: every signal later than (the type's latest signal timestamp minus its longest window)
 * is kept; the cut-off follows the data, not the clock, so back-filled history stays listed. Pruning
 * runs inside a checkpoint when a quarter of the longest window (at least one minute) of clock time
 * has passed since the type's last prune, and at the first checkpoint after open: chunks wholly
 * older than the cut-off are deleted, straddling ones rewritten, so older signals may still be
 * listed until then.
 */
final class WarmSignals {
  record Key(EntityId id, long timestamp, long seq) {}

  record Raw(double weight, String dedupKey) {}

  /** Largest number of signals in one stored chunk. */
  static final int CHUNK_SIGNALS = 4096;
  private static final byte CHUNK_VERSION = 2;
  private static final int CHUNK_KEY_LENGTH = 12;
  private static final int LEGACY_KEY_LENGTH = 24;

  private static final Comparator<Key> ORDER = WarmSignals::compare;

  private static int compare(Key a, Key b) {
    int c = Long.compareUnsigned(a.id().bits(), b.id().bits());
    if (c == 0) {
      c = Long.compare(a.timestamp(), b.timestamp());
    }
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  }

  private static final class TypeWarm {
    final String keyspace;
    final long longestWindowMs;
    /** Appended in any order (cheap on the write path); sorted when read or flushed. */
    final ConcurrentLinkedQueue<Map.Entry<Key, Raw>> pending = new ConcurrentLinkedQueue<>();
    long lastPrune = Long.MIN_VALUE;

    TypeWarm(String keyspace, long longestWindowMs) {
      this.keyspace = keyspace;
      this.longestWindowMs = longestWindowMs;
    }
  }

  private final StorageEngine storage;
  private final Map<String, TypeWarm> byType = new ConcurrentHashMap<>();

  WarmSignals(StorageEngine storage) {
    this.storage = storage;
  }

  void addType(String type, String keyspace, long longestWindowMs) {
    byType.put(type, new TypeWarm(keyspace, longestWindowMs));
  }

  void dropType(String type) {
    byType.remove(type);
  }

  void add(String type, EntityId id, long ts, long seq, double weight, String dedupKey) {
    byType.get(type).pending.add(Map.entry(new Key(id, ts, seq), new Raw(weight, dedupKey)));
  }

  /** Signals of {@code type} on {@code id} (all entities when null), in (id, ts, seq) order. */
  Iterator<Map.Entry<Key, Raw>> scan(String type, EntityId id) {
    TypeWarm tw = byType.get(type);
    if (tw == null) {
      return Collections.emptyIterator();
    }
    List<Map.Entry<Key, Raw>> all = new ArrayList<>();
    for (Map.Entry<Key, Raw> e : tw.pending) {
      if (id == null || e.getKey().id().equals(id)) {
        all.add(e);
      }
    }
    if (storage.hasKeyspace(tw.keyspace)) {
      storage.keyspace(tw.keyspace).scan(null, null).forEachRemaining(kv -> {
        for (Map.Entry<Key, Raw> e : decodeStored(kv)) {
          if (id == null || e.getKey().id().equals(id)) {
            all.add(e);
          }
        }
      });
    }
    all.sort(Map.Entry.comparingByKey(ORDER));
    List<Map.Entry<Key, Raw>> out = new ArrayList<>(all.size());
    for (Map.Entry<Key, Raw> e : all) {
      if (out.isEmpty() || ORDER.compare(out.get(out.size() - 1).getKey(), e.getKey()) != 0) {
        out.add(e); // the same entry stored and replayed is kept once
      }
    }
    return out.iterator();
  }

  /** Signals of {@code type} (on {@code only}, or all when null) ordered by entity key, then timestamp. */
  List<Signal> signals(SignalType type, EntityDictionary dictionary, EntityId only) {
    List<Signal> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Raw>> it = scan(type.name(), only); it.hasNext();) {
      Map.Entry<Key, Raw> e = it.next();
      out.add(new Signal(type.name(), dictionary.keyOf(e.getKey().id()), e.getValue().weight(),
          e.getKey().timestamp(), e.getValue().dedupKey()));
    }
    out.sort((a, b) -> RowCodec.KEY_ORDER.compare(a.entityKey(), b.entityKey())); // stable: keeps ts order
    return out;
  }

  /**
   * Moves pending entries into storage as chunks keyed by {@code seq} (the checkpoint's WAL sequence)
   * and prunes old ones when due; {@code latest} gives a type's latest signal timestamp
   * ({@code Long.MIN_VALUE}: none). Called by the checkpoint under the exclusive lock; returns the
   * number of signals written.
   */
  long flush(long now, long seq, java.util.function.ToLongFunction<String> latest) {
    long n = 0;
    for (Map.Entry<String, TypeWarm> t : byType.entrySet()) {
      TypeWarm tw = t.getValue();
      if (tw.pending.isEmpty() && !pruneDue(tw, now)) {
        continue;
      }
      Keyspace ks = storage.keyspace(tw.keyspace);
      List<Map.Entry<Key, Raw>> batch = new ArrayList<>();
      for (Map.Entry<Key, Raw> e; (e = tw.pending.poll()) != null;) {
        batch.add(e);
      }
      for (int from = 0, chunk = 0; from < batch.size(); from += CHUNK_SIGNALS, chunk++) {
        List<Map.Entry<Key, Raw>> part = batch.subList(from, Math.min(batch.size(), from + CHUNK_SIGNALS));
        ks.put(chunkKey(seq, chunk), encodeChunk(part));
      }
      n += batch.size();
      if (pruneDue(tw, now)) {
        long newest = latest.applyAsLong(t.getKey());
        if (newest != Long.MIN_VALUE) {
          prune(ks, newest - tw.longestWindowMs);
        }
        tw.lastPrune = now;
      }
    }
    return n;
  }

  /** Whether a prune is due; the first flush after open always prunes (no overflow on MIN_VALUE). */
  private static boolean pruneDue(TypeWarm tw, long now) {
    return tw.lastPrune == Long.MIN_VALUE || now - tw.lastPrune >= Math.max(60_000L, tw.longestWindowMs / 4);
  }

  /** Drops stored signals at or before {@code cutoff}: whole chunks, or rewrites a straddling one. */
  private static void prune(Keyspace ks, long cutoff) {
    List<byte[]> drop = new ArrayList<>();
    Map<byte[], byte[]> rewrite = new java.util.LinkedHashMap<>();
    ks.scan(null, null).forEachRemaining(kv -> {
      List<Map.Entry<Key, Raw>> entries = decodeStored(kv);
      List<Map.Entry<Key, Raw>> keep = new ArrayList<>(entries.size());
      for (Map.Entry<Key, Raw> e : entries) {
        if (e.getKey().timestamp() > cutoff) {
          keep.add(e);
        }
      }
      if (keep.isEmpty()) {
        drop.add(kv.key());
      } else if (keep.size() < entries.size()) {
        rewrite.put(kv.key(), encodeChunk(keep)); // a straddling legacy entry cannot occur
      }
    });
    drop.forEach(ks::delete);
    rewrite.forEach(ks::put);
  }

  static byte[] chunkKey(long seq, int chunk) {
    return ByteBuffer.allocate(CHUNK_KEY_LENGTH).putLong(seq).putInt(chunk).array();
  }

  /** Encodes entries (in any order) as a version-2 chunk value. */
  static byte[] encodeChunk(List<Map.Entry<Key, Raw>> entries) {
    int size = 5;
    List<byte[]> dedup = new ArrayList<>(entries.size());
    for (Map.Entry<Key, Raw> e : entries) {
      String d = e.getValue().dedupKey();
      byte[] b = d == null ? null : d.getBytes(StandardCharsets.UTF_8);
      dedup.add(b);
      size += 33 + (b == null ? 0 : 4 + b.length);
    }
    ByteBuffer buf = ByteBuffer.allocate(size).put(CHUNK_VERSION).putInt(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Key k = entries.get(i).getKey();
      buf.putLong(k.id().bits()).putLong(k.timestamp()).putLong(k.seq())
          .putLong(Double.doubleToRawLongBits(entries.get(i).getValue().weight()));
      byte[] b = dedup.get(i);
      if (b == null) {
        buf.put((byte) 0);
      } else {
        buf.put((byte) 1).putInt(b.length).put(b);
      }
    }
    return buf.array();
  }

  /** The entries of one stored key/value: a version-2 chunk or a version-1 single signal. */
  static List<Map.Entry<Key, Raw>> decodeStored(KeyValue kv) {
    if (kv.key().length == LEGACY_KEY_LENGTH) {
      return List.of(Map.entry(decodeKey(kv.key()), decodeValue(kv.value())));
    }
    if (kv.key().length != CHUNK_KEY_LENGTH) {
      throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier key [length=" + kv.key().length + "]");
    }
    return decodeChunk(kv.value());
  }

  static List<Map.Entry<Key, Raw>> decodeChunk(byte[] v) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(v);
      if (buf.get() != CHUNK_VERSION) {
        throw new TidalException(ErrorCode.UNSUPPORTED_FORMAT,
            "unsupported warm-tier chunk version [version=" + v[0] + "]");
      }
      int count = buf.getInt();
      if (count < 0 || count > CHUNK_SIGNALS) {
        throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier chunk [count=" + count + "]");
      }
      List<Map.Entry<Key, Raw>> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        Key k = new Key(EntityId.of(buf.getLong()), buf.getLong(), buf.getLong());
        double w = Double.longBitsToDouble(buf.getLong());
        byte flags = buf.get();
        String d = null;
        if (flags == 1) {
          int len = buf.getInt();
          if (len < 0 || len > buf.remaining()) {
            throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier chunk [dedup length=" + len + "]");
          }
          byte[] b = new byte[len];
          buf.get(b);
          d = new String(b, StandardCharsets.UTF_8);
        } else if (flags != 0) {
          throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier chunk [flags=" + flags + "]");
        }
        out.add(Map.entry(k, new Raw(w, d)));
      }
      if (buf.hasRemaining()) {
        throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier chunk [trailing=" + buf.remaining() + "]");
      }
      return out;
    } catch (java.nio.BufferUnderflowException e) {
      throw new TidalException(ErrorCode.CORRUPT, "truncated warm-tier chunk [length=" + v.length + "]");
    }
  }

  static byte[] encodeKey(Key k) {
    return ByteBuffer.allocate(24).putLong(k.id().bits()).putLong(k.timestamp() ^ Long.MIN_VALUE)
        .putLong(k.seq()).array();
  }

  static Key decodeKey(byte[] b) {
    if (b.length != 24) {
      throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier key [length=" + b.length + "]");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new Key(EntityId.of(buf.getLong()), buf.getLong() ^ Long.MIN_VALUE, buf.getLong());
  }

  static byte[] encodeValue(Raw r) {
    byte[] d = r.dedupKey() == null ? new byte[0] : r.dedupKey().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(9 + (r.dedupKey() == null ? 0 : 1 + d.length));
    b.put((byte) 1).putLong(Double.doubleToRawLongBits(r.weight()));
    if (r.dedupKey() != null) {
      b.put((byte) 1).put(d);
    }
    return b.array();
  }

  static Raw decodeValue(byte[] b) {
    if (b.length < 9 || b[0] != 1 || (b.length > 9 && b[9] != 1)) {
      throw new TidalException(ErrorCode.CORRUPT, "bad warm-tier value [length=" + b.length + "]");
    }
    double w = Double.longBitsToDouble(ByteBuffer.wrap(b, 1, 8).getLong());
    return new Raw(w, b.length > 9 ? new String(b, 10, b.length - 10, StandardCharsets.UTF_8) : null);
  }
}
