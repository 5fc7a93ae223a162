package io.tidal.engine.storage;

import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;

/**
 * The data file's life before {@link MvStoreStorage} uses it: created through the {@link FileLayer}
 * and its directory synced, a scrub's leftover removed, the MVStore opened with tidal's durability
 * settings, and the storage format version stamped or checked (design notes in {@link
 * MvStoreStorage}; byte layouts in docs/FORMATS.md).
 */
final class MvStoreFiles {
  private MvStoreFiles() {}

  /** Opens the MVStore of {@code file} with tidal's settings; background failures go to {@code onBackgroundFailure}. */
  static MVStore openStore(Path file, Consumer<Throwable> onBackgroundFailure) {
    // We open the file store ourselves so that we can close it whatever MVStore's constructor
    // throws: it cleans up after its own MVStoreExceptions only, and a leaked file lock would make
    // the file unopenable for the rest of the JVM's life.
    SingleFileStore fileStore = new SingleFileStore(new HashMap<>());
    try {
      fileStore.open(file.toString(), false, null);
      return new MVStore.Builder()
          .adoptFileStore(fileStore)
          .autoCommitDisabled()
          .autoCommitBufferSize(0)
          .backgroundExceptionHandler((thread, e) -> onBackgroundFailure.accept(e))
          .open();
    } catch (RuntimeException | AssertionError e) {
      closeAfterFailure(fileStore, e);
      throw MvErrors.atOpen(file, e);
    }
  }

  /** A scrub's unfinished new file (a crash before its rename): the old file is the database. */
  static void deleteScrubLeftover(FileLayer files, Path dir) {
    Path leftover = dir.resolve(MvStoreStorage.SCRUB_FILE_NAME);
    try {
      if (files.exists(leftover)) {
        files.deleteIfExists(leftover);
        files.syncDirectory(dir);
      }
    } catch (IOException e) {
      throw StorageException.ioError(leftover, e);
    }
  }

  static void createIfMissing(FileLayer files, Path dir, Path file, boolean create) {
    if (files.exists(file)) {
      return;
    }
    if (!create) {
      throw StorageException.notFound(file);
    }
    try (FileChannel ch =
        files.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      ch.force(true);
    } catch (IOException e) {
      throw StorageException.ioError(file, e);
    }
    try {
      files.syncDirectory(dir);
    } catch (IOException e) {
      throw StorageException.ioError(dir, e);
    }
  }

  /** Stamps a new store with the format version; refuses foreign files and unsupported versions. */
  static void checkFormat(MVStore store, Path file) {
    Set<String> names = store.getMapNames();
    if (!names.contains(MvStoreStorage.INFO_MAP)) {
      if (!names.isEmpty()) {
        throw StorageException.corrupt(
            file,
            "an MVStore file without tidal's storage format marker "
                + "[maps="
                + new TreeSet<>(names)
                + "]");
      }
      MVMap<String, String> info = store.openMap(MvStoreStorage.INFO_MAP);
      info.put(MvStoreStorage.FORMAT_KEY, Integer.toString(MvStoreStorage.FORMAT_VERSION));
      store.commit();
      store.sync();
      return;
    }
    String v =
        store.<String, String>openMap(MvStoreStorage.INFO_MAP).get(MvStoreStorage.FORMAT_KEY);
    long version;
    try {
      version = Long.parseLong(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw StorageException.corrupt(
          file,
          "unreadable storage format version [value=" + io.tidal.TidalException.quote(v) + "]");
    }
    if (version < MvStoreStorage.MIN_SUPPORTED_VERSION || version > MvStoreStorage.FORMAT_VERSION) {
      throw StorageException.unsupportedFormat(
          file, version, MvStoreStorage.MIN_SUPPORTED_VERSION, MvStoreStorage.FORMAT_VERSION);
    }
  }

  private static void closeAfterFailure(SingleFileStore fileStore, Throwable primary) {
    try {
      fileStore.close();
    } catch (RuntimeException | AssertionError e) {
      primary.addSuppressed(e);
    }
  }
}
