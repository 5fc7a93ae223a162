package io.tidal.engine.storage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.RootReference;

/**
 * A keyspace of {@link MvStoreStorage}: one {@link MVMap} named {@code ks.<name>}. Writes go
 * through the owner's write lock (so a commit never splits a batch). Reads take the owner's read
 * side of its swap lock for each call (a {@link MvStoreStorage#scrub} replaces the store and
 * re-binds this handle to the new map under the write side). Scans iterate an immutable root of
 * the map taken when the scan starts, so they see a snapshot; a scan that outlives a scrub goes on
 * in the new map after the last key it returned (its snapshot is then that of the scrub).
 */
final class MvKeyspace extends KeyspaceHandle {
  private final MvStoreStorage owner;
  private volatile MVMap<byte[], byte[]> map;

  MvKeyspace(MvStoreStorage owner, String name, MVMap<byte[], byte[]> map) {
    super(name);
    this.owner = owner;
    this.map = map;
  }

  MvStoreStorage owner() {
    return owner;
  }

  MVMap<byte[], byte[]> map() {
    return map;
  }

  /** Points this handle at the map of the same name in a new store (scrub; under the swap lock). */
  void rebind(MVMap<byte[], byte[]> replacement) {
    map = replacement;
  }

  @Override
  void checkOwnerOpen() {
    owner.checkOpen();
  }

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    owner.readLock();
    try {
      return read(map, key);
    } catch (RuntimeException | AssertionError e) {
      throw owner.readFailure(e);
    } finally {
      owner.readUnlock();
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    byte[] k = Objects.requireNonNull(key, "key").clone();
    byte[] v = Objects.requireNonNull(value, "value").clone();
    owner.underWriteLock(
        () -> {
          checkUsable();
          map.put(k, v);
          return null;
        });
  }

  @Override
  public boolean delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    return owner.underWriteLock(
        () -> {
          checkUsable();
          return map.remove(key) != null;
        });
  }

  @Override
  public Iterator<KeyValue> scan(byte[] from, byte[] to) {
    return new Scan(from, to, false);
  }

  @Override
  public Iterator<KeyValue> scanDescending(byte[] from, byte[] to) {
    return new Scan(from, to, true);
  }

  @Override
  public long size() {
    owner.readLock();
    try {
      checkUsable();
      return map.sizeAsLong();
    } catch (RuntimeException | AssertionError e) {
      throw owner.readFailure(e);
    } finally {
      owner.readUnlock();
    }
  }

  /**
   * Yields the map's entries with {@code lower <= key < upper} (null: unbounded). Ascending
   * cursors start at {@code lower} and stop at the first key {@code >= upper}; descending cursors
   * start at the largest key {@code <= upper}, skip {@code upper} itself and stop below {@code lower}.
   * When the keyspace was re-bound to a new map meanwhile (a scrub), the cursor is re-opened there
   * at the last key returned, which is skipped.
   */
  private final class Scan implements Iterator<KeyValue> {
    private final byte[] lower;
    private final byte[] upper;
    private final boolean descending;
    private MVMap<byte[], byte[]> source;
    private Cursor<byte[], byte[]> cursor;
    private byte[] last;
    private boolean reopened;
    private KeyValue next;
    private boolean done;

    Scan(byte[] lower, byte[] upper, boolean descending) {
      this.lower = lower;
      this.upper = upper;
      this.descending = descending;
      owner.readLock();
      try {
        checkUsable();
        open(descending ? upper : lower);
      } catch (RuntimeException | AssertionError e) {
        throw owner.readFailure(e);
      } finally {
        owner.readUnlock();
      }
    }

    /** Opens a cursor on the keyspace's current map at {@code from}. Caller holds the read lock. */
    private void open(byte[] from) {
      source = map;
      RootReference<byte[], byte[]> root = source.getRoot();
      cursor = source.cursor(root, from, null, descending);
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      owner.readLock();
      try {
        if (source != map) {
          checkUsable();
          open(last != null ? last : descending ? upper : lower);
          reopened = last != null;
        }
        advance();
      } catch (RuntimeException | AssertionError e) {
        done = true;
        throw owner.readFailure(e);
      } finally {
        owner.readUnlock();
      }
      return next != null;
    }

    private void advance() {
      while (cursor.hasNext()) {
        byte[] key = cursor.next();
        if (reopened) {
          reopened = false;
          if (StorageEngine.KEY_ORDER.compare(key, last) == 0) {
            continue; // re-opened at the last key returned
          }
        }
        if (upper != null && StorageEngine.KEY_ORDER.compare(key, upper) >= 0) {
          if (descending) {
            continue;
          }
          break;
        }
        if (lower != null && StorageEngine.KEY_ORDER.compare(key, lower) < 0) {
          break;
        }
        last = key;
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
