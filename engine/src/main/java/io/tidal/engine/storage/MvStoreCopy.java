package io.tidal.engine.storage;

import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Copies an open store's current entries, map by map, into a fresh MVStore file: the rewrite of a
 * scrub ({@link MvStoreStorage#scrub}) and the data file of a backup ({@link MvStoreStorage#copyTo}).
 * The fresh file holds one version of every map and nothing else (no older chunk, no free space
 * with old bytes). The caller keeps every writer of the source store out meanwhile.
 */
final class MvStoreCopy {
  /** Unsaved pages a copy holds in memory before MVStore writes them (KiB). */
  private static final int COPY_BUFFER_KB = 16 * 1024;

  private MvStoreCopy() {}

  /**
   * Writes every map's current entries of {@code from} into a new store at {@code to} (replacing a
   * leftover file of that name), closed on return; the caller fsyncs it.
   */
  static void copy(MVStore from, Path to, FileLayer files) throws IOException {
    files.deleteIfExists(to);
    try (FileChannel ch =
        files.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      ch.force(true); // created through the file layer: 0600, like data.mv; MVStore takes it as new
    }
    // a larger write buffer than the default 1 MB: fewer intermediate versions while copying
    MVStore target =
        new MVStore.Builder()
            .fileName(to.toString())
            .autoCommitDisabled()
            .autoCommitBufferSize(COPY_BUFFER_KB)
            .open();
    try {
      List<String> names = new ArrayList<>(from.getMapNames());
      String meta = MvStoreStorage.KEYSPACE_PREFIX + "sys.meta";
      names.sort(
          Comparator.comparing((String n) -> n.equals(meta))
              .thenComparing(Comparator.naturalOrder()));
      for (String name : names) {
        if (name.equals(MvStoreStorage.INFO_MAP)) {
          target
              .<String, String>openMap(MvStoreStorage.INFO_MAP)
              .putAll(from.<String, String>openMap(MvStoreStorage.INFO_MAP));
        } else if (name.startsWith(MvStoreStorage.KEYSPACE_PREFIX)) {
          MVMap<byte[], byte[]> src = bytesMap(from, name);
          MVMap<byte[], byte[]> dst = bytesMap(target, name);
          for (Cursor<byte[], byte[]> c = src.cursor(null); c.hasNext(); ) {
            byte[] k = c.next();
            dst.put(k, c.getValue());
          }
        }
      }
      target.commit();
      target.close();
    } catch (RuntimeException | AssertionError e) {
      target.closeImmediately();
      throw e;
    }
  }

  static MVMap<byte[], byte[]> bytesMap(MVStore s, String name) {
    return s.openMap(
        name,
        new MVMap.Builder<byte[], byte[]>()
            .keyType(UnsignedBytesType.INSTANCE)
            .valueType(UnsignedBytesType.INSTANCE));
  }
}
