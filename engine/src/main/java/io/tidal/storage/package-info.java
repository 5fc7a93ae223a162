/**
 * Ordered key-value storage under the engine: the {@link io.tidal.storage.StorageEngine} interface
 * with its {@link io.tidal.storage.Keyspace} handles and atomic {@link io.tidal.storage.WriteBatch},
 * byte helpers for keys ({@link io.tidal.storage.Bytes}), the database directory's
 * {@link io.tidal.storage.DirectoryLock}, and two backends: {@link io.tidal.storage.InMemoryStorage}
 * and {@link io.tidal.storage.MvStoreStorage} (one {@code data.mv} file).
 */
package io.tidal.storage;
