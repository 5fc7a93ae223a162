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
 * <p>Design notes. New signals go to a per-type in-memory map of pending entries; a checkpoint moves
 * them into the type's keyspace {@code w.<gen>} ({@link #flush}), so storage changes only at checkpoints
 * and a crash leaves exactly the last checkpoint (the WAL replays the rest). Reads merge both sources,
 * which share one order: (entity id unsigned, timestamp, WAL sequence). The sequence makes every entry
 * unique and replay idempotent.
 *
 * <p>Key (24 bytes): {@code [entity id u64 BE][timestamp XOR 2^63, u64 BE][WAL sequence u64 BE]}, so
 * unsigned byte order is (id, signed timestamp, sequence). Value (version 1):
 * {@code [u8 version=1][weight f64 raw bits BE][dedup key UTF-8, absent when null; u8 flag 1 before it]}.
 *
 * <p>Retention: every signal later than (clock at the last prune minus the type's longest window) is
 * kept. Pruning runs inside a checkpoint at most once per quarter of the longest window (at least one
 * minute) per type, so older signals may still be listed until then.
 */
final class WarmSignals {
  record Key(EntityId id, long timestamp, long seq) {}

  record Raw(double weight, String dedupKey) {}

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
    List<Map.Entry<Key, Raw>> mem = new ArrayList<>();
    for (Map.Entry<Key, Raw> e : tw.pending) {
      if (id == null || e.getKey().id().equals(id)) {
        mem.add(e);
      }
    }
    mem.sort(Map.Entry.comparingByKey(ORDER));
    List<Map.Entry<Key, Raw>> stored = new ArrayList<>();
    if (storage.hasKeyspace(tw.keyspace)) {
      Keyspace ks = storage.keyspace(tw.keyspace);
      Iterator<KeyValue> it = id == null ? ks.scan(null, null) : ks.scanPrefix(id.toBytes());
      it.forEachRemaining(kv -> stored.add(Map.entry(decodeKey(kv.key()), decodeValue(kv.value()))));
    }
    List<Map.Entry<Key, Raw>> out = new ArrayList<>(stored.size() + mem.size());
    Iterator<Map.Entry<Key, Raw>> a = stored.iterator();
    Iterator<Map.Entry<Key, Raw>> b = mem.iterator();
    Map.Entry<Key, Raw> x = a.hasNext() ? a.next() : null;
    Map.Entry<Key, Raw> y = b.hasNext() ? b.next() : null;
    while (x != null || y != null) {
      if (y == null || (x != null && ORDER.compare(x.getKey(), y.getKey()) <= 0)) {
        if (y != null && ORDER.compare(x.getKey(), y.getKey()) == 0) {
          y = b.hasNext() ? b.next() : null; // the same entry replayed: keep one
        }
        out.add(x);
        x = a.hasNext() ? a.next() : null;
      } else {
        out.add(y);
        y = b.hasNext() ? b.next() : null;
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
   * Moves pending entries into storage and prunes old ones when due. Called by the checkpoint under
   * the exclusive lock; returns the number of entries written.
   */
  long flush(long now) {
    long n = 0;
    for (TypeWarm tw : byType.values()) {
      if (tw.pending.isEmpty() && now - tw.lastPrune < pruneInterval(tw)) {
        continue;
      }
      Keyspace ks = storage.keyspace(tw.keyspace);
      for (Map.Entry<Key, Raw> e; (e = tw.pending.poll()) != null;) {
        ks.put(encodeKey(e.getKey()), encodeValue(e.getValue()));
        n++;
      }
      if (now - tw.lastPrune >= pruneInterval(tw)) {
        prune(ks, now - tw.longestWindowMs);
        tw.lastPrune = now;
      }
    }
    return n;
  }

  private static long pruneInterval(TypeWarm tw) {
    return Math.max(60_000L, tw.longestWindowMs / 4);
  }

  private static void prune(Keyspace ks, long cutoff) {
    List<byte[]> old = new ArrayList<>();
    ks.scan(null, null).forEachRemaining(kv -> {
      if ((ByteBuffer.wrap(kv.key(), 8, 8).getLong() ^ Long.MIN_VALUE) <= cutoff) {
        old.add(kv.key());
      }
    });
    old.forEach(ks::delete);
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
