package io.tidal.engine.storage;

import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The persistent {@link StorageEngine}: one MVStore file, {@value #FILE_NAME}, in the database
 * directory, with one MVMap per keyspace (named {@value #KEYSPACE_PREFIX}{@code <name>}) and the
 * map {@value #INFO_MAP} holding the storage format version.
 *
 * <p>Design notes.
 * <ul>
 *   <li><b>Durability settings</b> (docs/notes/reliability.md, MVStore): {@code autoCommitDisabled()} plus
 *       {@code autoCommitBufferSize(0)}, so MVStore never writes a version on its own (neither on a
 *       timer nor under memory pressure): the file changes only at {@link #flush} and {@link #close}.
 *       Unflushed changes are held in memory, so the engine flushes periodically (checkpoints).
 *       {@code flush(false)} is {@code commit()} (a new chunk is written to the OS: survives a process
 *       kill); {@code flush(true)} adds {@code sync()} ({@code FileChannel.force}: survives power loss).
 *   <li><b>Atomicity</b>: an MVStore commit is atomic across all maps of the store: after a crash the
 *       file opens at the last complete chunk, with every map at the same version. Every write
 *       (put, delete, batch, keyspace creation and drop) and every commit runs under one engine-wide
 *       lock, so a commit sees either none or all of a batch. Hence a batch becomes durable at the next
 *       flush; a crash before that flush loses whole batches, never part of one
 *       ({@code MvStoreStorageCrashTest} kills a child JVM between batches to check it).
 *   <li><b>Failures</b>: every MVStore exception is translated into a {@link StorageException} naming
 *       the file. A failure in a write, flush, create or drop poisons the engine: the store is closed
 *       at once without a commit (so a half-applied batch never reaches the file) and every later call
 *       fails with {@code WRITE_PATH_FAILED} until reopen. MVStore's {@code backgroundExceptionHandler}
 *       poisons likewise. Read failures ({@code CORRUPT}, {@code IO_ERROR}) do not poison.
 *   <li><b>Files</b>: {@value #FILE_NAME} is created through the {@link FileLayer} (0600) and its
 *       directory synced before MVStore opens it; MVStore then keeps its own channel and file lock.
 *       A foreign file (not MVStore, or MVStore without tidal's format marker and with other maps)
 *       is refused with {@code CORRUPT}; a newer or older format with {@code UNSUPPORTED_FORMAT}.
 *   <li><b>Scrub</b> ({@link #scrub}): MVStore keeps old chunks for its retention time and never
 *       zeroes free space, so deleted entries stay in the file; a scrub copies every map into a
 *       fresh file, renames it over {@value #FILE_NAME} and swaps the open {@code MVStore} (a volatile
 *       field) for it. Readers take the read side of {@code swapLock} per call (a get, one step of a
 *       scan), so the old store is closed under no reader; keyspace handles are re-bound to the new
 *       maps, and a scan that outlives the swap resumes after its last key.
 * </ul>
 *
 * <p>Opening the file (creation, MVStore's settings, the format check) is in {@link MvStoreFiles};
 * copying a store's maps into a new file in {@link MvStoreCopy}.
 */
public final class MvStoreStorage implements StorageEngine {
  /** The data file's name in the database directory. */
  public static final String FILE_NAME = "data.mv";

  static final String KEYSPACE_PREFIX = "ks.";
  static final String INFO_MAP = "tidal.storage";
  static final String FORMAT_KEY = "format";

  /** The storage format version written into {@code tidal.storage} (docs/FORMATS.md). */
  public static final int FORMAT_VERSION = 1;

  /** The oldest storage format version this build opens. */
  public static final int MIN_SUPPORTED_VERSION = 1;

  /** A scrub's new file while it is written; a leftover (a crash) is deleted at open. */
  static final String SCRUB_FILE_NAME = FILE_NAME + ".scrub";

  private final Path file;
  private final DirectoryLock ownedLock;
  private final FileLayer files;

  /** Replaced only by {@link #scrub}, under both locks. */
  private volatile MVStore store;

  private final ReentrantLock writeLock = new ReentrantLock();

  /** Readers hold the read side per call; a scrub swaps the store under the write side. */
  private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock();

  private final Map<String, MvKeyspace> keyspaces = new ConcurrentHashMap<>();
  private volatile Throwable poison;
  private volatile boolean closed;

  private MvStoreStorage(Path file, DirectoryLock ownedLock, FileLayer files, MVStore store) {
    this.file = file;
    this.ownedLock = ownedLock;
    this.files = files;
    this.store = store;
  }

  /**
   * Opens (creating if missing) the database in {@code dir} on the real file system, acquiring the
   * directory's lock for the engine's life.
   *
   * @throws StorageException {@code DATABASE_LOCKED}, {@code CORRUPT}, {@code UNSUPPORTED_FORMAT},
   *     {@code IO_ERROR}
   */
  public static MvStoreStorage open(Path dir) {
    DirectoryLock lock = DirectoryLock.acquire(dir, FileLayer.system());
    try {
      return open(lock, true, FileLayer.system(), true);
    } catch (RuntimeException e) {
      closeAfterFailure(lock, e);
      throw e;
    }
  }

  /**
   * Opens the database in the directory of {@code lock}, which the caller holds and releases after
   * closing this engine.
   *
   * @param create whether to create {@value #FILE_NAME} if missing ({@code DATABASE_NOT_FOUND} if not)
   * @throws StorageException {@code DATABASE_NOT_FOUND}, {@code CORRUPT}, {@code UNSUPPORTED_FORMAT},
   *     {@code IO_ERROR}
   */
  public static MvStoreStorage open(DirectoryLock lock, FileLayer files, boolean create) {
    return open(lock, false, files, create);
  }

  private static MvStoreStorage open(
      DirectoryLock lock, boolean ownsLock, FileLayer files, boolean create) {
    if (!lock.isHeld()) {
      throw StorageException.closed(lock.toString());
    }
    Path dir = lock.directory();
    Path file = dir.resolve(FILE_NAME);
    MvStoreFiles.deleteScrubLeftover(files, dir);
    MvStoreFiles.createIfMissing(files, dir, file, create);
    MvStoreStorage[] self = new MvStoreStorage[1];
    MVStore store =
        MvStoreFiles.openStore(
            file,
            e -> {
              if (self[0] != null) {
                self[0].recordPoison(e);
              }
            });
    MvStoreStorage storage = new MvStoreStorage(file, ownsLock ? lock : null, files, store);
    self[0] = storage;
    try {
      MvStoreFiles.checkFormat(store, file);
      return storage;
    } catch (RuntimeException | AssertionError e) {
      store.closeImmediately();
      throw e instanceof StorageException se ? se : MvErrors.atOpen(file, e);
    }
  }

  /** The data file. */
  public Path file() {
    return file;
  }

  @Override
  public Keyspace keyspace(String name) {
    KeyspaceNames.check(name);
    checkOpen();
    MvKeyspace ks = keyspaces.get(name);
    if (ks != null) {
      return ks;
    }
    return underWriteLock(
        () -> {
          checkOpen();
          return keyspaces.computeIfAbsent(
              name,
              n ->
                  new MvKeyspace(
                      this,
                      n,
                      store.openMap(
                          KEYSPACE_PREFIX + n,
                          new MVMap.Builder<byte[], byte[]>()
                              .keyType(UnsignedBytesType.INSTANCE)
                              .valueType(UnsignedBytesType.INSTANCE))));
        });
  }

  @Override
  public boolean hasKeyspace(String name) {
    checkOpen();
    if (name == null) {
      return false;
    }
    readLock();
    try {
      return keyspaces.containsKey(name) || store.hasMap(KEYSPACE_PREFIX + name);
    } catch (RuntimeException | AssertionError e) {
      throw readFailure(e);
    } finally {
      readUnlock();
    }
  }

  @Override
  public SortedSet<String> keyspaceNames() {
    checkOpen();
    readLock();
    try {
      TreeSet<String> out = new TreeSet<>();
      for (String n : store.getMapNames()) {
        if (n.startsWith(KEYSPACE_PREFIX)) {
          out.add(n.substring(KEYSPACE_PREFIX.length()));
        }
      }
      return Collections.unmodifiableSortedSet(out);
    } catch (RuntimeException | AssertionError e) {
      throw readFailure(e);
    } finally {
      readUnlock();
    }
  }

  @Override
  public boolean dropKeyspace(String name) {
    return underWriteLock(
        () -> {
          checkOpen();
          if (name == null) {
            return false;
          }
          MvKeyspace ks = keyspaces.remove(name);
          if (ks != null) {
            ks.markDropped();
          }
          if (!store.hasMap(KEYSPACE_PREFIX + name)) {
            return false;
          }
          store.removeMap(KEYSPACE_PREFIX + name);
          return true;
        });
  }

  @Override
  public void write(WriteBatch batch) {
    underWriteLock(
        () -> {
          checkOpen();
          for (WriteBatch.Op op : batch.ops()) {
            own(op.keyspace()).checkUsable();
          }
          for (WriteBatch.Op op : batch.ops()) {
            MVMap<byte[], byte[]> map = ((MvKeyspace) op.keyspace()).map();
            if (op.value() == null) {
              map.remove(op.key());
            } else {
              map.put(op.key(), op.value());
            }
          }
          return null;
        });
  }

  @Override
  public void flush(boolean durable) {
    underWriteLock(
        () -> {
          checkOpen();
          store.commit();
          if (durable) {
            store.sync();
          }
          return null;
        });
  }

  /**
   * Copies the current entries of every map into {@value #SCRUB_FILE_NAME} (a fresh store: only live
   * pages), fsyncs it, renames it over {@value #FILE_NAME}, fsyncs the directory, then swaps the open
   * store for the new file and re-binds every keyspace handle. The old store is closed without a
   * commit: what it held but had not flushed is in the copy. The copy writes {@code sys.meta} last, so
   * that a version of the new file written before the end of the copy has no checkpoint sequence
   * (opens as no state, which the WAL's continuity check refuses, never as part of one).
   */
  @Override
  public void scrub() {
    underWriteLock(
        () -> {
          checkOpen();
          Path dir = file.getParent();
          Path tmp = dir.resolve(SCRUB_FILE_NAME);
          try {
            MvStoreCopy.copy(store, tmp, files);
            try (FileChannel ch = files.open(tmp, Set.of(StandardOpenOption.WRITE))) {
              ch.force(true);
            }
          } catch (IOException | RuntimeException | AssertionError e) {
            StorageException se =
                e instanceof StorageException x ? x : StorageException.ioError(tmp, e);
            try {
              files.deleteIfExists(tmp);
            } catch (IOException d) {
              se.addSuppressed(d);
            }
            throw se; // the old store is untouched and stays in use
          }
          // From here on the file on disk is the new one: any failure poisons (underWriteLock).
          try {
            files.move(tmp, file);
            files.syncDirectory(dir);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          swap();
          return null;
        });
  }

  @Override
  public void copyTo(Path target) {
    underWriteLock(
        () -> {
          checkOpen();
          try {
            MvStoreCopy.copy(store, target, files);
            try (FileChannel ch = files.open(target, Set.of(StandardOpenOption.WRITE))) {
              ch.force(true);
            }
          } catch (IOException | RuntimeException | AssertionError e) {
            // the source store was only read: it stays in use (no poison)
            throw e instanceof StorageException x ? x : StorageException.ioError(target, e);
          }
          return null;
        });
  }

  private static MVMap<byte[], byte[]> bytesMap(MVStore s, String name) {
    return MvStoreCopy.bytesMap(s, name);
  }

  /** Closes the old store and opens the renamed new file in its place; caller holds the write lock. */
  private void swap() {
    swapLock.writeLock().lock();
    try {
      store.closeImmediately();
      MVStore fresh = MvStoreFiles.openStore(file, this::recordPoison);
      store = fresh;
      for (Map.Entry<String, MvKeyspace> e : keyspaces.entrySet()) {
        e.getValue().rebind(bytesMap(fresh, KEYSPACE_PREFIX + e.getKey()));
      }
    } catch (RuntimeException | AssertionError e) {
      recordPoison(e); // the old store is closed: nothing may use it again
      throw e;
    } finally {
      swapLock.writeLock().unlock();
    }
  }

  @Override
  public boolean isPersistent() {
    return true;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      keyspaces.clear();
      if (poison == null) {
        store.close();
      } else if (!store.isClosed()) {
        store.closeImmediately();
      }
    } catch (RuntimeException | AssertionError e) {
      store.closeImmediately();
      throw MvErrors.translate(file, e);
    } finally {
      writeLock.unlock();
      if (ownedLock != null) {
        ownedLock.close();
      }
    }
  }

  @Override
  public String toString() {
    return "MvStoreStorage["
        + file
        + (closed ? ", closed" : poison != null ? ", poisoned" : "")
        + "]";
  }

  // ---- shared with MvKeyspace ----

  void checkOpen() {
    if (closed) {
      throw StorageException.closed("storage " + file);
    }
    Throwable p = poison;
    if (p != null) {
      throw StorageException.poisoned(file, p);
    }
  }

  /** Taken by every read for its duration, so that a scrub never closes a store under a reader. */
  void readLock() {
    swapLock.readLock().lock();
  }

  void readUnlock() {
    swapLock.readLock().unlock();
  }

  /** Runs a write under the engine lock; any library failure poisons the engine. */
  <T> T underWriteLock(Supplier<T> write) {
    writeLock.lock();
    try {
      return write.get();
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException | AssertionError e) {
      poisonAndClose(e);
      throw MvErrors.translate(file, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Translates a failed read; the engine stays usable unless MVStore itself has closed the store. */
  StorageException readFailure(Throwable e) {
    if (e instanceof StorageException se) {
      return se;
    }
    Throwable p = poison;
    if (p != null) {
      return StorageException.poisoned(file, p);
    }
    if (closed) {
      return StorageException.closed("storage " + file);
    }
    return MvErrors.translate(file, e);
  }

  /** Called by MVStore's background exception handler: only records (MVStore closes itself). */
  private void recordPoison(Throwable e) {
    if (poison == null) {
      poison = e;
    }
  }

  /** A write failed: refuse all further work and close the store without committing. */
  private void poisonAndClose(Throwable e) {
    recordPoison(e);
    if (!store.isClosed()) {
      store.closeImmediately(); // ignores errors (reports them to the handler)
    }
  }

  private MvKeyspace own(Keyspace ks) {
    if (!(ks instanceof MvKeyspace m) || m.owner() != this) {
      throw StorageException.foreignKeyspace(ks.name());
    }
    return m;
  }

  private static void closeAfterFailure(DirectoryLock lock, RuntimeException primary) {
    try {
      lock.close();
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }
}
