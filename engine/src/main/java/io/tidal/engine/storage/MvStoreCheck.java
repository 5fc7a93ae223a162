package io.tidal.engine.storage;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * Read-only verification of a {@value MvStoreStorage#FILE_NAME} file ({@code ./tidal check}): every
 * chunk in the file (MVStore's own dump walks the file block by block and reads each chunk's header,
 * pages and footer; a chunk without a footer, or any error it reports, is a problem), then the store
 * opened read-only with every page of every map read (each page's position check). MVStore pages
 * carry no content checksum (notes/reliability.md), so payload rot that keeps a page parseable is
 * not found here. Nothing is written.
 */
public final class MvStoreCheck {
  /** What the check found: counts, the problems (empty: sound) and the entries of {@code sys.meta}. */
  public record Result(
      int chunks, int maps, long entries, List<String> problems, Map<String, byte[]> meta) {}

  private MvStoreCheck() {}

  /** Verifies {@code file}; never throws for damage (it is reported in {@link Result#problems}). */
  public static Result verify(Path file) {
    List<String> problems = new ArrayList<>();
    int chunks = 0;
    StringWriter dump = new StringWriter();
    try {
      MVStoreTool.dump(file.toString(), dump, false);
    } catch (RuntimeException e) {
      problems.add("the chunk walk stopped: " + e);
    }
    int footers = 0;
    for (String line : dump.toString().split("\n")) {
      if (line.contains(" chunkHeader ")) {
        chunks++;
      } else if (line.contains(" chunkFooter ")) {
        footers++;
      } else if (line.contains("ERROR")) {
        problems.add("chunk walk: " + line.strip());
      }
    }
    if (footers != chunks) {
      problems.add(
          chunks + " chunk headers but " + footers + " chunk footers: a chunk is incomplete");
    }
    int maps = 0;
    long entries = 0;
    Map<String, byte[]> meta = new TreeMap<>();
    MVStore store;
    try {
      store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    } catch (RuntimeException | AssertionError e) {
      problems.add("the store does not open: " + e);
      return new Result(chunks, 0, 0, problems, meta);
    }
    try {
      for (String name : store.getMapNames()) {
        if (!name.startsWith(MvStoreStorage.KEYSPACE_PREFIX)) {
          continue;
        }
        maps++;
        MVMap<byte[], byte[]> m = MvStoreCopy.bytesMap(store, name);
        boolean isMeta = name.equals(MvStoreStorage.KEYSPACE_PREFIX + "sys.meta");
        try {
          for (Cursor<byte[], byte[]> c = m.cursor(null); c.hasNext(); ) {
            byte[] k = c.next();
            byte[] v = c.getValue();
            entries++;
            if (isMeta) {
              meta.put(new String(k, StandardCharsets.UTF_8), v);
            }
          }
        } catch (RuntimeException | AssertionError e) {
          problems.add("map " + name + " cannot be read after " + entries + " entries: " + e);
        }
      }
    } finally {
      store.closeImmediately();
    }
    return new Result(chunks, maps, entries, problems, meta);
  }
}
