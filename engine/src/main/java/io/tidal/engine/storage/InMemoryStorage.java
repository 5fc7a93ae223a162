package io.tidal.engine.storage;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StorageEngine} held in memory: one {@link ConcurrentSkipListMap} per keyspace, ordered by
 * {@link StorageEngine#KEY_ORDER}. Nothing survives {@link #close()}; {@link #flush} does nothing.
 *
 * <p>Design notes: writes (puts, deletes, batches, keyspace creation and drop) take one engine-wide
 * lock, so batches never interleave, exactly as in {@link MvStoreStorage}; reads take no lock. Scans
 * are weakly consistent (the skip list's iterators): each entry is current when reached.
 */
public final class InMemoryStorage implements StorageEngine {
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, MemKeyspace> keyspaces = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A new, empty in-memory store. */
  public InMemoryStorage() {}

  @Override
  public Keyspace keyspace(String name) {
    KeyspaceNames.check(name);
    checkOpen();
    MemKeyspace ks = keyspaces.get(name);
    if (ks != null) {
      return ks;
    }
    writeLock.lock();
    try {
      checkOpen();
      return keyspaces.computeIfAbsent(name, MemKeyspace::new);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean hasKeyspace(String name) {
    checkOpen();
    return name != null && keyspaces.containsKey(name);
  }

  @Override
  public SortedSet<String> keyspaceNames() {
    checkOpen();
    return Collections.unmodifiableSortedSet(new TreeSet<>(keyspaces.keySet()));
  }

  @Override
  public boolean dropKeyspace(String name) {
    writeLock.lock();
    try {
      checkOpen();
      MemKeyspace ks = name == null ? null : keyspaces.remove(name);
      if (ks == null) {
        return false;
      }
      ks.markDropped();
      ks.map.clear();
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void write(WriteBatch batch) {
    writeLock.lock();
    try {
      checkOpen();
      for (WriteBatch.Op op : batch.ops()) {
        own(op.keyspace()).checkUsable();
      }
      for (WriteBatch.Op op : batch.ops()) {
        MemKeyspace ks = (MemKeyspace) op.keyspace();
        if (op.value() == null) {
          ks.map.remove(op.key());
        } else {
          ks.map.put(op.key(), op.value());
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void scrub() {
    checkOpen();
  }

  @Override
  public void flush(boolean durable) {
    checkOpen();
  }

  @Override
  public boolean isPersistent() {
    return false;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      closed = true;
      keyspaces.clear();
    } finally {
      writeLock.unlock();
    }
  }

  private MemKeyspace own(Keyspace ks) {
    if (!(ks instanceof MemKeyspace m) || m.owner() != this) {
      throw StorageException.foreignKeyspace(ks.name());
    }
    return m;
  }

  private void checkOpen() {
    if (closed) {
      throw StorageException.closed("in-memory storage");
    }
  }

  /** One keyspace: a skip list (the dropped flag and checks are {@link KeyspaceHandle}'s). */
  private final class MemKeyspace extends KeyspaceHandle {
    private final ConcurrentSkipListMap<byte[], byte[]> map =
        new ConcurrentSkipListMap<>(KEY_ORDER);

    MemKeyspace(String name) {
      super(name);
    }

    InMemoryStorage owner() {
      return InMemoryStorage.this;
    }

    @Override
    void checkOwnerOpen() {
      checkOpen();
    }

    @Override
    public byte[] get(byte[] key) {
      return read(map, key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      byte[] k = Objects.requireNonNull(key, "key").clone();
      byte[] v = Objects.requireNonNull(value, "value").clone();
      writeLock.lock();
      try {
        checkUsable();
        map.put(k, v);
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public boolean delete(byte[] key) {
      Objects.requireNonNull(key, "key");
      writeLock.lock();
      try {
        checkUsable();
        return map.remove(key) != null;
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public Iterator<KeyValue> scan(byte[] from, byte[] to) {
      checkUsable();
      return copying(range(from, to));
    }

    @Override
    public Iterator<KeyValue> scanDescending(byte[] from, byte[] to) {
      checkUsable();
      return copying(range(from, to).descendingMap());
    }

    @Override
    public long size() {
      checkUsable();
      return map.size();
    }

    private NavigableMap<byte[], byte[]> range(byte[] from, byte[] to) {
      if (from != null && to != null) {
        return KEY_ORDER.compare(from, to) >= 0
            ? Collections.emptyNavigableMap()
            : map.subMap(from, true, to, false);
      }
      if (from != null) {
        return map.tailMap(from, true);
      }
      return to != null ? map.headMap(to, false) : map;
    }

    private Iterator<KeyValue> copying(NavigableMap<byte[], byte[]> m) {
      Iterator<Map.Entry<byte[], byte[]>> it = m.entrySet().iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue next() {
          Map.Entry<byte[], byte[]> e = it.next();
          return new KeyValue(e.getKey().clone(), e.getValue().clone());
        }
      };
    }
  }
}
