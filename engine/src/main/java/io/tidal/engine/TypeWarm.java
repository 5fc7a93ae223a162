package io.tidal.engine;

import io.tidal.schema.EntityId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The warm tier of one signal type ({@link WarmSignals}): its signals not yet checkpointed, in
 * arrival order, the actor and dedup indexes of its retained signals, and what was erased since the
 * last checkpoint. Every method runs under its monitor.
 */
final class TypeWarm {
  final String keyspace;
  final long retentionMs;

  /** A roll-up type: its dedup-key field links to the source entity and is not a dedup key. */
  final boolean rollup;

  /** Signals not yet checkpointed, in arrival order. */
  List<WarmBlock> pending = new ArrayList<>();

  long lastPrune = Long.MIN_VALUE;

  /** Each actor's retained signals, compactly encoded. */
  final ActorIndex actors = new ActorIndex();

  /** Entity key to dedup key to the timestamp of the retained signal that carries it. */
  final Map<Object, Map<String, Long>> dedup = new HashMap<>();

  /** Stored signals erased since the last checkpoint, by WAL sequence. */
  final Set<Long> erasedSeqs = new HashSet<>();

  /** Entities whose stored signals were deleted since the last checkpoint. */
  final Set<Long> deletedIds = new HashSet<>();

  TypeWarm(String keyspace, long retentionMs, boolean rollup) {
    this.keyspace = keyspace;
    this.retentionMs = retentionMs;
    this.rollup = rollup;
  }

  synchronized void add(
      long id, Object key, long ts, long seq, double weight, String dedupKey, String actor) {
    WarmBlock last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
    if (last == null || last.isFull()) {
      // after a full block more are likely: start the next one at full size
      last = pending.isEmpty() ? new WarmBlock() : new WarmBlock(WarmBlock.CAPACITY);
      pending.add(last);
    }
    last.add(id, ts, seq, weight, dedupKey, actor);
    index(id, key, ts, seq, weight, dedupKey, actor);
  }

  /** Adds a retained signal to the actor and dedup indexes (caller holds the monitor). */
  void index(long id, Object key, long ts, long seq, double weight, String dedupKey, String actor) {
    if (actor != null) {
      actors.add(actor, id, ts, seq, weight, dedupKey);
    }
    if (dedupKey != null && key != null && !rollup) {
      dedup.computeIfAbsent(key, k -> new HashMap<>(2)).merge(dedupKey, ts, Math::max);
    }
  }

  synchronized boolean reserveDedup(Object key, String dedupKey, long ts, long horizon) {
    Map<String, Long> m = dedup.computeIfAbsent(key, k -> new HashMap<>(2));
    Long prev = m.get(dedupKey);
    if (prev != null && prev > horizon) {
      return false; // a repeat of a signal within the horizon
    }
    // new, or the key's signal is at or before the horizon (kept until a checkpoint prunes it,
    // but no longer a duplicate by contract): the key now stands for this signal
    m.put(dedupKey, prev == null ? ts : Math.max(prev, ts));
    return true;
  }

  synchronized void releaseDedup(Object key, String dedupKey) {
    Map<String, Long> m = dedup.get(key);
    if (m != null) {
      m.remove(dedupKey);
      if (m.isEmpty()) {
        dedup.remove(key);
      }
    }
  }

  synchronized List<WarmBlock> take() {
    List<WarmBlock> out = pending;
    pending = new ArrayList<>();
    return out;
  }

  synchronized boolean hasPending() {
    return !pending.isEmpty();
  }

  synchronized boolean hasErasures() {
    return !erasedSeqs.isEmpty() || !deletedIds.isEmpty();
  }

  /** Whether a stored signal is still visible (not erased since the last checkpoint). */
  boolean visible(long id, long seq) {
    return !deletedIds.contains(id) && !erasedSeqs.contains(seq);
  }

  synchronized void copyPending(
      EntityId only, List<Map.Entry<WarmSignals.Key, WarmSignals.Raw>> out) {
    for (WarmBlock b : pending) {
      WarmSignals.addEntries(b, only, out);
    }
  }

  /**
   * Drops from the pending blocks and from the actor index the signals whose sequence
   * {@code goneSeq} accepts; only the lists of {@code actors} are visited (the erased signals'
   * actors: no other list can hold them).
   */
  void forget(java.util.function.LongPredicate goneSeq, Set<String> actors) {
    pending.replaceAll(b -> b.filter(i -> !goneSeq.test(b.seqs[i])));
    pending.removeIf(b -> b.size == 0);
    for (String actor : actors) {
      this.actors.removeIf(actor, (id, ts, seq) -> goneSeq.test(seq));
    }
  }
}
