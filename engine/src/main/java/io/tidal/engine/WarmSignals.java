package io.tidal.engine;

import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.engine.storage.Keyspace;
import io.tidal.engine.storage.StorageEngine;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Retention: every signal later than (the type's latest signal timestamp minus its retention)
 * is kept; the cut-off follows the data, not the clock, so back-filled history stays listed. Pruning
 * runs inside a checkpoint when a quarter of the longest window (at least one minute) of clock time
 * has passed since the type's last prune, and at the first checkpoint after open. A chunk wholly at
 * or before the cut-off is deleted and one wholly after it kept, both decided from its header's
 * timestamp range; only a straddling chunk is decoded and rewritten (as version 3). Older signals
 * may so still be listed until the next prune.
 *
 * <p>Indexes (in memory, rebuilt at open from the chunks whose header says they hold actors or dedup
 * keys, then kept up to date by every add, erasure and prune):
 * <ul>
 *   <li>by actor: each actor's retained signals of the type ({@link #byActor}), so
 *       {@code WHERE actor_id = ?} and an erasure by actor touch only that actor's signals;
 *   <li>dedup keys by entity key ({@link #reserveDedup}): a signal repeating the dedup key of a
 *       retained signal of the same type and entity is a duplicate, whatever its weight and time.
 * </ul>
 *
 * <p>Erasure ({@link #erase}, {@link #deleteEntity}): pending signals are dropped at once; stored ones
 * are hidden from reads by the erased sequences and deleted entity ids of their type, and the next
 * checkpoint rewrites (or deletes) every chunk that held one, then forgets both sets.
 *
 * <p>One type's pending blocks, actor and dedup indexes and erasure bookkeeping are a {@link
 * TypeWarm}; the actor index itself, compactly encoded, is {@link ActorIndex}.
 */
final class WarmSignals {
  record Key(EntityId id, long timestamp, long seq) {}

  record Raw(double weight, String dedupKey, String actorId) {}

  /** One retained signal as erasure reports it. */
  record Erased(
      EntityId id, long timestamp, long seq, double weight, String dedupKey, String actorId) {}

  private static final Comparator<Key> ORDER = WarmSignals::compare;

  private static int compare(Key a, Key b) {
    int c = Long.compareUnsigned(a.id().bits(), b.id().bits());
    if (c == 0) {
      c = Long.compare(a.timestamp(), b.timestamp());
    }
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  }

  private final StorageEngine storage;
  private final Map<String, TypeWarm> byType = new ConcurrentHashMap<>();

  WarmSignals(StorageEngine storage) {
    this.storage = storage;
  }

  void addType(String type, String keyspace, long retentionMs, boolean rollup) {
    byType.put(type, new TypeWarm(keyspace, retentionMs, rollup));
  }

  void dropType(String type) {
    byType.remove(type);
  }

  /** Adds a logged signal of entity {@code id} (entity key {@code key}) to the pending signals. */
  void add(
      String type,
      EntityId id,
      Object key,
      long ts,
      long seq,
      double weight,
      String dedupKey,
      String actor) {
    byType.get(type).add(id.bits(), key, ts, seq, weight, dedupKey, actor);
  }

  /**
   * Reserves {@code dedupKey} for entity {@code key} of {@code type} before a signal is logged:
   * false if a retained signal (or one reserved meanwhile) already carries it. A reservation whose
   * signal is not logged must be {@linkplain #releaseDedup released}.
   */
  /**
   * Reserves a dedup key for a signal at {@code ts}: false when the key repeats that of a signal of
   * the same type and entity later than {@code horizon} (the type's current horizon).
   */
  boolean reserveDedup(String type, Object key, String dedupKey, long ts, long horizon) {
    return byType.get(type).reserveDedup(key, dedupKey, ts, horizon);
  }

  void releaseDedup(String type, Object key, String dedupKey) {
    TypeWarm tw = byType.get(type);
    if (tw != null) {
      tw.releaseDedup(key, dedupKey);
    }
  }

  /**
   * Rebuilds the actor and dedup indexes of {@code type} from its stored chunks (at open, before
   * the WAL replays); {@code keyOf} maps an entity id to its key.
   */
  void loadIndexes(String type, java.util.function.LongFunction<Object> keyOf) {
    TypeWarm tw = byType.get(type);
    if (!storage.hasKeyspace(tw.keyspace)) {
      return;
    }
    synchronized (tw) {
      storage
          .keyspace(tw.keyspace)
          .scan(null, null)
          .forEachRemaining(
              kv -> {
                if (WarmCodec.chunkFlags(kv.key(), kv.value()) == 0) {
                  return;
                }
                WarmBlock b = WarmCodec.decode(kv.key(), kv.value());
                for (int i = 0; i < b.size; i++) {
                  if (b.actor(i) != null || b.dedupKey(i) != null) {
                    tw.index(
                        b.ids[i],
                        b.dedupKey(i) == null ? null : keyOf.apply(b.ids[i]),
                        b.timestamps[i],
                        b.seqs[i],
                        b.weights[i],
                        b.dedupKey(i),
                        b.actor(i));
                  }
                }
              });
    }
  }

  static void addEntries(WarmBlock b, EntityId only, List<Map.Entry<Key, Raw>> out) {
    for (int i = 0; i < b.size; i++) {
      if (only == null || b.ids[i] == only.bits()) {
        out.add(b.entry(i));
      }
    }
  }

  /** Signals of {@code type} on {@code id} (all entities when null), in (id, ts, seq) order. */
  Iterator<Map.Entry<Key, Raw>> scan(String type, EntityId id) {
    TypeWarm tw = byType.get(type);
    return tw == null ? Collections.emptyIterator() : scan(tw, id);
  }

  private Iterator<Map.Entry<Key, Raw>> scan(TypeWarm tw, EntityId id) {
    List<Map.Entry<Key, Raw>> all = new ArrayList<>();
    Set<Long> erasedSeqs;
    Set<Long> deletedIds;
    synchronized (tw) { // the pending signals and the erasures not yet rewritten, at one moment
      tw.copyPending(id, all);
      erasedSeqs = tw.erasedSeqs.isEmpty() ? Set.of() : new HashSet<>(tw.erasedSeqs);
      deletedIds = tw.deletedIds.isEmpty() ? Set.of() : new HashSet<>(tw.deletedIds);
    }
    // Storage outside the monitor, so ingest goes on: a checkpoint that moves pending signals into
    // storage meanwhile makes them appear twice (kept once below), and one that rewrites erased
    // signals away leaves nothing for the copied sets to hide.
    if (storage.hasKeyspace(tw.keyspace)) {
      boolean erasures = !erasedSeqs.isEmpty() || !deletedIds.isEmpty();
      storage
          .keyspace(tw.keyspace)
          .scan(null, null)
          .forEachRemaining(
              kv -> {
                WarmBlock b = WarmCodec.decode(kv.key(), kv.value());
                addEntries(
                    erasures
                        ? b.filter(
                            i -> !deletedIds.contains(b.ids[i]) && !erasedSeqs.contains(b.seqs[i]))
                        : b,
                    id,
                    all);
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
    for (Iterator<Map.Entry<Key, Raw>> it = scan(type.name(), only); it.hasNext(); ) {
      Map.Entry<Key, Raw> e = it.next();
      out.add(
          toSignal(
              type,
              dictionary,
              e.getKey().id(),
              e.getKey().timestamp(),
              e.getValue().weight(),
              e.getValue().dedupKey(),
              e.getValue().actorId()));
    }
    out.sort(
        (a, b) ->
            RowCodec.KEY_ORDER.compare(a.entityKey(), b.entityKey())); // stable: keeps ts order
    return out;
  }

  private static Signal toSignal(
      SignalType type,
      EntityDictionary dictionary,
      EntityId id,
      long ts,
      double weight,
      String dedupKey,
      String actor) {
    return new Signal(type.name(), dictionary.keyOf(id), weight, ts, dedupKey, actor);
  }

  /**
   * The retained signals of {@code actor} in {@code type} (on {@code only}, or all when null), from
   * the actor index, ordered by entity key, then timestamp.
   */
  List<Signal> signalsByActor(
      SignalType type, EntityDictionary dictionary, String actor, EntityId only) {
    TypeWarm tw = byType.get(type.name());
    List<Signal> out = new ArrayList<>();
    if (tw == null) {
      return out;
    }
    List<long[]> refs = new ArrayList<>();
    synchronized (tw) {
      tw.actors.forEach(
          actor,
          (id, ts, seq, weight, dedupKey) -> {
            if (only == null || id == only.bits()) {
              refs.add(new long[] {id, ts, seq});
              out.add(toSignal(type, dictionary, EntityId.of(id), ts, weight, dedupKey, actor));
            }
          });
    }
    List<Integer> order = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      order.add(i);
    }
    order.sort(
        (x, y) -> {
          int c = RowCodec.KEY_ORDER.compare(out.get(x).entityKey(), out.get(y).entityKey());
          if (c == 0) {
            c = Long.compare(refs.get(x)[1], refs.get(y)[1]);
          }
          return c != 0 ? c : Long.compare(refs.get(x)[2], refs.get(y)[2]);
        });
    List<Signal> sorted = new ArrayList<>(out.size());
    order.forEach(i -> sorted.add(out.get(i)));
    return sorted;
  }

  /** The entity ids of {@code actor}'s retained signals of {@code type} (repeats possible). */
  long[] actorIds(String type, String actor) {
    TypeWarm tw = byType.get(type);
    if (tw == null) {
      return new long[0];
    }
    synchronized (tw) {
      return tw.actors.ids(actor);
    }
  }

  /**
   * Erases the retained signals of {@code type} that match: of {@code actor} when not null (from the
   * actor index), on entity {@code only} when not null, carrying {@code dedupKey} when not null (a
   * roll-up contribution's link to its source, see {@link Rollups}); returns them. Called under the engine's
   * exclusive lock (live and in replay).
   */
  List<Erased> erase(
      String type,
      EntityId only,
      String actor,
      String dedupKey,
      java.util.function.LongFunction<Object> keyOf) {
    TypeWarm tw = byType.get(type);
    List<Erased> out = new ArrayList<>();
    if (tw == null) {
      return out;
    }
    synchronized (tw) {
      if (actor != null) {
        tw.actors.forEach(
            actor,
            (id, ts, seq, weight, key) -> {
              if ((only == null || id == only.bits())
                  && (dedupKey == null || dedupKey.equals(key))) {
                out.add(new Erased(EntityId.of(id), ts, seq, weight, key, actor));
              }
            });
      } else {
        for (Iterator<Map.Entry<Key, Raw>> it = scan(tw, only); it.hasNext(); ) {
          Map.Entry<Key, Raw> e = it.next();
          if (dedupKey != null && !dedupKey.equals(e.getValue().dedupKey())) {
            continue;
          }
          out.add(
              new Erased(
                  e.getKey().id(),
                  e.getKey().timestamp(),
                  e.getKey().seq(),
                  e.getValue().weight(),
                  e.getValue().dedupKey(),
                  e.getValue().actorId()));
        }
      }
      Set<Long> seqs = new HashSet<>();
      Set<String> actors = new HashSet<>();
      for (Erased e : out) {
        seqs.add(e.seq());
        if (e.actorId() != null) {
          actors.add(e.actorId());
        }
        if (e.dedupKey() != null) {
          Object key = keyOf.apply(e.id().bits());
          Map<String, Long> m = key == null ? null : tw.dedup.get(key);
          if (m != null && m.remove(e.dedupKey()) != null && m.isEmpty()) {
            tw.dedup.remove(key);
          }
        }
      }
      tw.erasedSeqs.addAll(seqs);
      tw.forget(seqs::contains, actors);
    }
    return out;
  }

  /**
   * Deletes every retained signal of entity {@code id} (key {@code key}) in {@code type}. Called under the engine's exclusive lock or row lock (live and in replay).
   */
  void deleteEntity(String type, EntityId id, Object key) {
    TypeWarm tw = byType.get(type);
    if (tw == null) {
      return;
    }
    synchronized (tw) {
      long bits = id.bits();
      tw.deletedIds.add(bits);
      tw.dedup.remove(key);
      tw.pending.replaceAll(b -> b.filter(i -> b.ids[i] != bits));
      tw.pending.removeIf(b -> b.size == 0);
      tw.actors.removeIfAll((i, ts, seq) -> i == bits);
    }
  }

  /**
   * Moves pending entries into storage as chunks keyed by {@code seq} (the checkpoint's WAL sequence),
   * rewrites the chunks that hold signals erased since the last checkpoint, and prunes old ones when
   * due; {@code latest} gives a type's latest signal timestamp ({@code Long.MIN_VALUE}: none). Called
   * by the checkpoint under the exclusive lock; returns the number of signals written.
   */
  long flush(long now, long seq, ToLongFunction<String> latest) {
    long n = 0;
    for (Map.Entry<String, TypeWarm> t : byType.entrySet()) {
      TypeWarm tw = t.getValue();
      synchronized (tw) {
        boolean erasures = tw.hasErasures();
        if (!tw.hasPending() && !pruneDue(tw, now) && !erasures) {
          continue;
        }
        Keyspace ks = storage.keyspace(tw.keyspace);
        if (erasures) {
          WarmChunks.rewrite(ks, b -> b.filter(i -> tw.visible(b.ids[i], b.seqs[i])));
          tw.erasedSeqs.clear();
          tw.deletedIds.clear();
        }
        List<WarmBlock> blocks = tw.take();
        for (int chunk = 0; chunk < blocks.size(); chunk++) {
          ks.put(WarmCodec.chunkKey(seq, chunk), WarmCodec.encode(blocks.get(chunk)));
          n += blocks.get(chunk).size;
        }
        if (pruneDue(tw, now)) {
          long newest = latest.applyAsLong(t.getKey());
          if (newest != Long.MIN_VALUE) {
            long cutoff = newest - tw.retentionMs;
            WarmChunks.prune(ks, cutoff);
            pruneIndexes(tw, cutoff);
          }
          tw.lastPrune = now;
        }
      }
    }
    return n;
  }

  /** Drops index entries of signals at or before {@code cutoff} (they were pruned from storage). */
  private static void pruneIndexes(TypeWarm tw, long cutoff) {
    tw.actors.removeIfAll((id, ts, seq) -> ts <= cutoff);
    for (Iterator<Map<String, Long>> it = tw.dedup.values().iterator(); it.hasNext(); ) {
      Map<String, Long> m = it.next();
      m.values().removeIf(ts -> ts <= cutoff);
      if (m.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Whether a prune is due; the first flush after open always prunes (no overflow on MIN_VALUE). */
  private static boolean pruneDue(TypeWarm tw, long now) {
    return tw.lastPrune == Long.MIN_VALUE
        || now - tw.lastPrune >= Math.max(60_000L, tw.retentionMs / 4);
  }
}
