package io.tidal.engine.storage;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SortedSet;

/**
 * An ordered key-value store of named, isolated {@link Keyspace}s: one per entity table (created and
 * dropped at run time, as SQL creates tables) plus the engine's system keyspaces (their names and
 * key layouts: docs/FORMATS.md, "Engine keyspaces"). Keys are ordered as unsigned bytes; keys and
 * values are opaque to this layer.
 *
 * <p>Implementations: {@link InMemoryStorage} (nothing survives close) and {@link MvStoreStorage}
 * (one {@code data.mv} file in the database directory).
 *
 * <p><b>Keyspace names</b>: 1 to 128 characters from {@code [A-Za-z0-9_.:-]}, starting with a letter
 * or digit, case-sensitive. The storage layer gives them no meaning; the engine chooses a naming
 * scheme (docs/FORMATS.md, "Engine keyspaces").
 *
 * <p><b>Durability and atomicity.</b> Writes (single puts and deletes, {@link #write batches}, keyspace
 * creation and drop) become durable at the next {@link #flush}: {@code flush(false)} makes them survive
 * a process kill, {@code flush(true)} also a power loss (fsync). A crash loses everything written after
 * the last flush, in whole operations: a batch is either entirely durable or entirely lost, never in
 * part. Tidal's WAL, not this layer, carries per-write durability; the engine flushes at checkpoints.
 *
 * <p><b>Failure.</b> Every method reports failure as a {@link StorageException}; no library exception
 * escapes. After a failed write or flush the engine is poisoned: every later call fails with
 * {@code WRITE_PATH_FAILED} until it is closed and reopened (unflushed work is then lost, as in a
 * crash). Thread-safe.
 */
public interface StorageEngine extends AutoCloseable {

  /** The order of keys in every keyspace: unsigned lexicographic, shorter prefix first. */
  Comparator<byte[]> KEY_ORDER = Arrays::compareUnsigned;

  /**
   * The keyspace {@code name}, created empty if it does not exist. Repeated calls return the same
   * handle.
   *
   * @throws StorageException {@code INVALID_NAME} naming a bad name
   */
  Keyspace keyspace(String name);

  /** Whether a keyspace of that name exists. */
  boolean hasKeyspace(String name);

  /** The names of all keyspaces, sorted. */
  SortedSet<String> keyspaceNames();

  /**
   * Drops the keyspace and all its entries; handles on it become invalid.
   *
   * @return whether it existed
   */
  boolean dropKeyspace(String name);

  /**
   * Applies every operation of {@code batch}, in order, as one atomic unit (see the class comment):
   * the batch is validated first (no dropped or foreign keyspace), then applied under the engine's
   * write lock, so no flush can split it. An empty batch does nothing.
   */
  void write(WriteBatch batch);

  /**
   * Makes every write so far durable: against a process kill, and with {@code durable} against a
   * power loss too (fsync). A no-op for the in-memory backend.
   *
   * @throws StorageException {@code IO_ERROR} and poisons the engine when the write or fsync fails
   */
  void flush(boolean durable);

  /**
   * Rewrites the storage so that its files hold the current entries of every keyspace and nothing
   * else: no older version, no deleted or overwritten entry, no free space with old bytes. The
   * current entries include writes not flushed yet, and on return they are durable as after
   * {@code flush(true)}. A crash at any moment leaves either the old files (with their last
   * flushed state) or the new ones. Keyspace handles stay valid; a scan running meanwhile goes on
   * over the rewritten files, after the last key it returned. A no-op for the in-memory backend.
   *
   * @throws StorageException {@code IO_ERROR} if the rewrite failed before the old files were
   *     replaced (the storage stays usable, unchanged); once they were replaced, a failure poisons
   *     the engine
   */
  void scrub();

  /**
   * Writes the current entries of every keyspace into a new data file at {@code target} (a file
   * this backend opens as its own, holding one version of each keyspace and nothing else) and
   * fsyncs it; a backup's copy of the store. The caller keeps writers out meanwhile (the engine
   * writes only at checkpoints, and holds them off). A failure leaves this storage usable and
   * unchanged (it is only read); the partial file is the caller's to delete.
   *
   * @throws StorageException {@code IO_ERROR} naming {@code target}; {@code UNSUPPORTED} for the
   *     in-memory backend
   */
  default void copyTo(java.nio.file.Path target) {
    throw StorageException.unsupported(
        "an in-memory database has no files to copy [target=" + target + "]");
  }

  /** Whether data survives {@link #close()} (false for the in-memory backend). */
  boolean isPersistent();

  /**
   * Flushes durably and releases the files and the directory lock. Idempotent. A poisoned engine is
   * closed without flushing.
   */
  @Override
  void close();
}
