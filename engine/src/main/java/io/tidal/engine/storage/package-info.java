/**
 * Ordered key-value storage under the engine: the {@link io.tidal.engine.storage.StorageEngine} interface
 * with its {@link io.tidal.engine.storage.Keyspace} handles and atomic {@link io.tidal.engine.storage.WriteBatch},
 * byte helpers for keys ({@link io.tidal.engine.storage.Bytes}), the database directory's
 * {@link io.tidal.engine.storage.DirectoryLock}, and two backends: {@link io.tidal.engine.storage.InMemoryStorage}
 * and {@link io.tidal.engine.storage.MvStoreStorage} (one {@code data.mv} file).
 */
package io.tidal.engine.storage;
