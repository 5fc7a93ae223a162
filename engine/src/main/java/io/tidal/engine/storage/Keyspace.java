package io.tidal.engine.storage;

import java.util.Iterator;

/**
 * A handle on one keyspace of a {@link StorageEngine}: an ordered map from byte-array keys to
 * byte-array values, isolated from every other keyspace. Keys sort by unsigned lexicographic order
 * ({@link StorageEngine#KEY_ORDER}); a shorter key sorts before every longer key it is a prefix of.
 *
 * <p>Arrays passed in are copied; arrays handed out belong to the caller. Keys may be empty; keys
 * and values must not be null. Thread-safe.
 *
 * <p>A handle stays valid until its keyspace is dropped or its engine is closed; after that every
 * call fails with {@link StorageException} ({@code UNKNOWN_TABLE} or {@code CLOSED}).
 *
 * <p><b>Visibility.</b> A single put or delete is visible to every later read at once. A scan sees a
 * consistent snapshot of this one keyspace taken when it starts (MVStore) or a weakly consistent
 * view (in-memory: each entry is current at the time it is reached). A {@link WriteBatch} is atomic
 * for durability and among writers, but a concurrent reader may observe part of a batch that is being
 * applied; callers that need atomic visibility serialise readers themselves.
 */
public interface Keyspace {

  /** The name this keyspace was opened with. */
  String name();

  /** The value stored under {@code key}, or null. */
  byte[] get(byte[] key);

  /** Stores {@code value} under {@code key}, replacing any previous value. */
  void put(byte[] key, byte[] value);

  /** Removes {@code key}; returns whether it was present. */
  boolean delete(byte[] key);

  /**
   * Entries with {@code from <= key < to} in ascending key order.
   *
   * @param from inclusive lower bound, or null for the first key
   * @param to exclusive upper bound, or null for no upper bound
   */
  Iterator<KeyValue> scan(byte[] from, byte[] to);

  /**
   * Entries with {@code from <= key < to} in descending key order (the largest key below {@code to}
   * first).
   *
   * @param from inclusive lower bound, or null for the first key
   * @param to exclusive upper bound, or null for no upper bound
   */
  Iterator<KeyValue> scanDescending(byte[] from, byte[] to);

  /** Entries whose key starts with {@code prefix}, ascending; the empty prefix scans everything. */
  default Iterator<KeyValue> scanPrefix(byte[] prefix) {
    return scan(prefix, Bytes.prefixEnd(prefix));
  }

  /** The number of entries (exact; O(n) for the in-memory backend). */
  long size();
}
