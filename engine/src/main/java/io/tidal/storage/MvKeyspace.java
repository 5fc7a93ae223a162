package io.tidal.storage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.RootReference;

/**
 * A keyspace of {@link MvStoreStorage}: one {@link MVMap} named {@code ks.<name>}. Writes go
 * through the owner's write lock (so a commit never splits a batch); reads take no lock. Scans
 * iterate an immutable root of the map taken when the scan starts, so they see a snapshot.
 */
final class MvKeyspace implements Keyspace {
  private final MvStoreStorage owner;
  private final String name;
  private final MVMap<byte[], byte[]> map;
  private volatile boolean dropped;

  MvKeyspace(MvStoreStorage owner, String name, MVMap<byte[], byte[]> map) {
    this.owner = owner;
    this.name = name;
    this.map = map;
  }

  MvStoreStorage owner() {
    return owner;
  }

  MVMap<byte[], byte[]> map() {
    return map;
  }

  void markDropped() {
    dropped = true;
  }

  void checkUsable() {
    owner.checkOpen();
    if (dropped) {
      throw StorageException.unknownKeyspace(name);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    try {
      byte[] v = map.get(key);
      return v == null ? null : v.clone();
    } catch (RuntimeException | AssertionError e) {
      throw owner.readFailure(e);
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    byte[] k = Objects.requireNonNull(key, "key").clone();
    byte[] v = Objects.requireNonNull(value, "value").clone();
    owner.underWriteLock(() -> {
      checkUsable();
      map.put(k, v);
      return null;
    });
  }

  @Override
  public boolean delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    return owner.underWriteLock(() -> {
      checkUsable();
      return map.remove(key) != null;
    });
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    checkUsable();
    try {
      RootReference<byte[], byte[]> root = map.getRoot();
      return new Scan(map.cursor(root, from, null, false), from, to, false);
    } catch (RuntimeException | AssertionError e) {
      throw owner.readFailure(e);
    }
  }

  @Override
  public Iterator<KeyValue> scanDescending(byte[] from, byte[] to) {
    checkUsable();
    try {
      RootReference<byte[], byte[]> root = map.getRoot();
      return new Scan(map.cursor(root, to, null, true), from, to, true);
    } catch (RuntimeException | AssertionError e) {
      throw owner.readFailure(e);
    }
  }

  @Override
  public long size() {
    checkUsable();
    try {
      return map.sizeAsLong();
    } catch (RuntimeException | AssertionError e) {
      throw owner.readFailure(e);
    }
  }

  /**
   * Yields the cursor's entries with {@code lower <= key < upper} (null: unbounded). Ascending
   * cursors start at {@code lower} and stop at the first key {@code >= upper}; descending cursors
   * start at the largest key {@code <= upper}, skip {@code upper} itself and stop below {@code lower}.
   */
  private final class Scan implements Iterator<KeyValue> {
    private final Cursor<byte[], byte[]> cursor;
    private final byte[] lower;
    private final byte[] upper;
    private final boolean descending;
    private KeyValue next;
    private boolean done;

    Scan(Cursor<byte[], byte[]> cursor, byte[] lower, byte[] upper, boolean descending) {
      this.cursor = cursor;
      this.lower = lower;
      this.upper = upper;
      this.descending = descending;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      try {
        advance();
      } catch (RuntimeException | AssertionError e) {
        done = true;
        throw owner.readFailure(e);
      }
      return next != null;
    }

    private void advance() {
      while (cursor.hasNext()) {
        byte[] key = cursor.next();
        if (upper != null && StorageEngine.KEY_ORDER.compare(key, upper) >= 0) {
          if (descending) {
            continue;
          }
          break;
        }
        if (lower != null && StorageEngine.KEY_ORDER.compare(key, lower) < 0) {
          break;
        }
        next = new KeyValue(key.clone(), cursor.getValue().clone());
        return;
      }
      done = true;
    }

    @Override
    public KeyValue next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      KeyValue kv = next;
      next = null;
      return kv;
    }
  }
}
