package io.tidal.engine;

import io.tidal.schema.EntityId;
import java.util.Arrays;

/**
 * Up to {@link #CAPACITY} raw signals held column by column: the warm tier's pending buffer (one
 * block per future chunk) and what a stored chunk decodes to.
 *
 * <p>Design notes. Columns of primitives instead of one object per signal: a checkpoint of a million
 * signals used to allocate three objects per signal on the write path and walk them again to encode.
 * The arrays start small and double up to {@link #CAPACITY}, so a type that receives few signals
 * holds little memory. Not thread-safe: {@link WarmSignals} guards its pending blocks.
 */
final class WarmBlock {
  /** Largest number of signals in one block, and so in one stored chunk. */
  static final int CAPACITY = 4096;

  private static final int INITIAL = 16;

  long[] ids;
  long[] timestamps;
  long[] seqs;
  double[] weights;

  /** Null until the first dedup key arrives. */
  String[] dedupKeys;

  /** Null until the first actor arrives. */
  String[] actors;

  int size;

  WarmBlock() {
    this(INITIAL);
  }

  WarmBlock(int capacity) {
    int c = Math.max(1, Math.min(CAPACITY, capacity));
    ids = new long[c];
    timestamps = new long[c];
    seqs = new long[c];
    weights = new double[c];
  }

  boolean isFull() {
    return size == CAPACITY;
  }

  /** Appends one signal without an actor; the block must not be full. */
  void add(long id, long ts, long seq, double weight, String dedupKey) {
    add(id, ts, seq, weight, dedupKey, null);
  }

  /** Appends one signal; the block must not be full. */
  void add(long id, long ts, long seq, double weight, String dedupKey, String actor) {
    if (size == ids.length) {
      grow();
    }
    ids[size] = id;
    timestamps[size] = ts;
    seqs[size] = seq;
    weights[size] = weight;
    if (dedupKey != null) {
      if (dedupKeys == null) {
        dedupKeys = new String[ids.length];
      }
      dedupKeys[size] = dedupKey;
    }
    if (actor != null) {
      if (actors == null) {
        actors = new String[ids.length];
      }
      actors[size] = actor;
    }
    size++;
  }

  private void grow() {
    if (ids.length >= CAPACITY) {
      throw new IllegalStateException("warm block full");
    }
    int c = Math.min(CAPACITY, ids.length * 2);
    ids = Arrays.copyOf(ids, c);
    timestamps = Arrays.copyOf(timestamps, c);
    seqs = Arrays.copyOf(seqs, c);
    weights = Arrays.copyOf(weights, c);
    if (dedupKeys != null) {
      dedupKeys = Arrays.copyOf(dedupKeys, c);
    }
    if (actors != null) {
      actors = Arrays.copyOf(actors, c);
    }
  }

  String actor(int i) {
    return actors == null ? null : actors[i];
  }

  /** The signals {@code keep} accepts, in the same order (this block itself when it accepts all). */
  WarmBlock filter(java.util.function.IntPredicate keep) {
    WarmBlock out = null;
    for (int i = 0; i < size; i++) {
      boolean k = keep.test(i);
      if (!k && out == null) {
        out = new WarmBlock(size);
        for (int j = 0; j < i; j++) {
          out.addFrom(this, j);
        }
      } else if (k && out != null) {
        out.addFrom(this, i);
      }
    }
    return out == null ? this : out;
  }

  String dedupKey(int i) {
    return dedupKeys == null ? null : dedupKeys[i];
  }

  /** Copies signal {@code i} of {@code from} to the end of this block. */
  void addFrom(WarmBlock from, int i) {
    add(
        from.ids[i],
        from.timestamps[i],
        from.seqs[i],
        from.weights[i],
        from.dedupKey(i),
        from.actor(i));
  }

  /** The signals later than {@code cutoff}, in the same order (this block itself when all are). */
  WarmBlock after(long cutoff) {
    return filter(i -> timestamps[i] > cutoff);
  }

  /** Signal {@code i} as a scan entry. */
  java.util.Map.Entry<WarmSignals.Key, WarmSignals.Raw> entry(int i) {
    return java.util.Map.entry(
        new WarmSignals.Key(EntityId.of(ids[i]), timestamps[i], seqs[i]),
        new WarmSignals.Raw(weights[i], dedupKey(i), actor(i)));
  }
}
