package io.tidal;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import io.tidal.storage.Keyspace;
import io.tidal.storage.StorageEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The warm tier: raw signals retained per signal type, backing {@link TidalDB#scanSignals}.
 *
 * <p>Design notes. New signals go to a per-type in-memory list of pending {@link WarmBlock}s (columns
 * of primitives, one block per future chunk); a checkpoint moves them into the type's keyspace
 * {@code w.<gen>} ({@link #flush}), so storage changes only at checkpoints and a crash leaves exactly
 * the last checkpoint (the WAL replays the rest). Reads merge both sources in one order, (entity id
 * unsigned, timestamp, WAL sequence); the sequence makes every entry unique, and equal entries met
 * twice are kept once.
 *
 * <p>Storage: a checkpoint writes its pending signals of a type, in arrival order, as chunk values
 * of at most {@value WarmBlock#CAPACITY} signals each (one storage write per chunk instead of one
 * B-tree insert per signal), in the compact version-3 encoding documented byte by byte in
 * {@link WarmCodec}; chunks of version 2 and single entries of version 1 written by older releases
 * are still read and pruned, never written.
 *
 * <p>Retention: every signal later than (the type's latest signal timestamp minus its longest window)
 * is kept; the cut-off follows the data, not the clock, so back-filled history stays listed. Pruning
 * runs inside a checkpoint when a quarter of the longest window (at least one minute) of clock time
 * has passed since the type's last prune, and at the first checkpoint after open. A chunk wholly at
 * or before the cut-off is deleted and one wholly after it kept, both decided from its header's
 * timestamp range; only a straddling chunk is decoded and rewritten (as version 3). Older signals
 * may so still be listed until the next prune.
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
    /** Signals not yet checkpointed, in arrival order (guarded by this). */
    List<WarmBlock> pending = new ArrayList<>();
    long lastPrune = Long.MIN_VALUE;

    TypeWarm(String keyspace, long longestWindowMs) {
      this.keyspace = keyspace;
      this.longestWindowMs = longestWindowMs;
    }

    synchronized void add(long id, long ts, long seq, double weight, String dedupKey) {
      WarmBlock last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
      if (last == null || last.isFull()) {
        // after a full block more are likely: start the next one at full size
        last = pending.isEmpty() ? new WarmBlock() : new WarmBlock(WarmBlock.CAPACITY);
        pending.add(last);
      }
      last.add(id, ts, seq, weight, dedupKey);
    }

    synchronized List<WarmBlock> take() {
      List<WarmBlock> out = pending;
      pending = new ArrayList<>();
      return out;
    }

    synchronized boolean hasPending() {
      return !pending.isEmpty();
    }

    synchronized void copyPending(EntityId only, List<Map.Entry<Key, Raw>> out) {
      for (WarmBlock b : pending) {
        addEntries(b, only, out);
      }
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
    byType.get(type).add(id.bits(), ts, seq, weight, dedupKey);
  }

  private static void addEntries(WarmBlock b, EntityId only, List<Map.Entry<Key, Raw>> out) {
    for (int i = 0; i < b.size; i++) {
      if (only == null || b.ids[i] == only.bits()) {
        out.add(b.entry(i));
      }
    }
  }

  /** Signals of {@code type} on {@code id} (all entities when null), in (id, ts, seq) order. */
  Iterator<Map.Entry<Key, Raw>> scan(String type, EntityId id) {
    TypeWarm tw = byType.get(type);
    if (tw == null) {
      return Collections.emptyIterator();
    }
    List<Map.Entry<Key, Raw>> all = new ArrayList<>();
    tw.copyPending(id, all);
    if (storage.hasKeyspace(tw.keyspace)) {
      storage.keyspace(tw.keyspace).scan(null, null).forEachRemaining(kv ->
          addEntries(WarmCodec.decode(kv.key(), kv.value()), id, all));
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
  long flush(long now, long seq, ToLongFunction<String> latest) {
    long n = 0;
    for (Map.Entry<String, TypeWarm> t : byType.entrySet()) {
      TypeWarm tw = t.getValue();
      if (!tw.hasPending() && !pruneDue(tw, now)) {
        continue;
      }
      Keyspace ks = storage.keyspace(tw.keyspace);
      List<WarmBlock> blocks = tw.take();
      for (int chunk = 0; chunk < blocks.size(); chunk++) {
        ks.put(WarmCodec.chunkKey(seq, chunk), WarmCodec.encode(blocks.get(chunk)));
        n += blocks.get(chunk).size;
      }
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

  /**
   * Drops stored signals at or before {@code cutoff}: a chunk wholly older is deleted and one wholly
   * newer kept, from its timestamp range alone; a straddling one is decoded and rewritten.
   */
  static void prune(Keyspace ks, long cutoff) {
    List<byte[]> drop = new ArrayList<>();
    Map<byte[], byte[]> rewrite = new LinkedHashMap<>();
    ks.scan(null, null).forEachRemaining(kv -> {
      long[] span = WarmCodec.span(kv.key(), kv.value());
      if (span[1] <= cutoff) {
        drop.add(kv.key());
      } else if (span[0] <= cutoff) { // straddles: only a chunk (a version-1 entry has one timestamp)
        rewrite.put(kv.key(), WarmCodec.encode(WarmCodec.decode(kv.key(), kv.value()).after(cutoff)));
      }
    });
    drop.forEach(ks::delete);
    rewrite.forEach(ks::put);
  }
}
