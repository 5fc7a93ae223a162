package io.tidal.engine.storage;

import java.util.Map;
import java.util.Objects;

/**
 * What the keyspace handles of both backends share ({@link MvKeyspace}, {@code InMemoryStorage}'s):
 * the name, the dropped flag, the check every call makes first, and the copying point read.
 */
abstract class KeyspaceHandle implements Keyspace {
  private final String name;
  private volatile boolean dropped;

  KeyspaceHandle(String name) {
    this.name = name;
  }

  /** Throws when the storage that owns this keyspace is closed. */
  abstract void checkOwnerOpen();

  /** After DROP: every later call fails naming the keyspace. */
  final void markDropped() {
    dropped = true;
  }

  /** Throws when the owner is closed or the keyspace was dropped. */
  final void checkUsable() {
    checkOwnerOpen();
    if (dropped) {
      throw StorageException.unknownKeyspace(name);
    }
  }

  @Override
  public final String name() {
    return name;
  }

  /** A copy of the value under {@code key} in {@code map} (the caller holds what reads need). */
  final byte[] read(Map<byte[], byte[]> map, byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    byte[] v = map.get(key);
    return v == null ? null : v.clone();
  }
}
