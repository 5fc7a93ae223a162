package io.tidal.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes room for a fresh demo database: a missing or empty directory is used as it is, a previous
 * tidal database is deleted, and anything else is refused (the demo never deletes a user's files).
 */
final class DemoDirectory {
  /*
   * A tidal database directory holds LOCK, data.mv (MVStore) and wal/ (docs/FORMATS.md); MVStore may
   * leave data.mv.* temporaries. A directory is taken for a tidal database only if it holds data.mv
   * or wal/ and nothing but those names.
   */
  private static final Pattern TIDAL_ENTRY = Pattern.compile("LOCK|wal|data\\.mv(\\..*)?|.*\\.tmp");

  private DemoDirectory() {}

  /** Returns true if an old database was removed. */
  static boolean prepare(Path dir) {
    if (!Files.exists(dir)) {
      return false;
    }
    if (!Files.isDirectory(dir)) {
      throw new CliException(dir + " exists and is not a directory; choose another demo directory");
    }
    List<String> names = entries(dir);
    if (names.isEmpty()) {
      return false;
    }
    String foreign =
        names.stream().filter(n -> !TIDAL_ENTRY.matcher(n).matches()).findFirst().orElse(null);
    boolean tidal = names.contains("data.mv") || names.contains("wal");
    if (foreign != null || !tidal) {
      throw new CliException(
          dir
              + " exists and does not look like a tidal database"
              + (foreign == null ? "" : " (it contains '" + foreign + "')")
              + "; the demo starts fresh and would delete it: choose another directory"
              + " (./tidal demo <dir>) or remove it yourself");
    }
    refuseIfInUse(dir);
    deleteTree(dir);
    return true;
  }

  /**
   * A database open in another process (a shell, a server) holds a lock on its LOCK file; deleting
   * the files under it would break that process. Only meant for a database not open in this JVM:
   * closing a channel releases the process's locks on the file.
   */
  private static void refuseIfInUse(Path dir) {
    Path lockFile = dir.resolve("LOCK");
    if (!Files.isRegularFile(lockFile)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        throw new CliException(
            "the demo database in "
                + dir
                + " is open in another process (a shell or server?);"
                + " close it first, or run the demo into another directory");
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new CliException("the demo database in " + dir + " is open in this process", e);
    } catch (IOException e) {
      throw new CliException("cannot check whether " + dir + " is in use: " + e.getMessage(), e);
    }
  }

  private static List<String> entries(Path dir) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.forEach(p -> names.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new CliException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return names;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(DemoDirectory::delete);
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(
          "cannot delete the previous demo database in "
              + dir
              + " (is it open in a shell or server?): "
              + e.getMessage(),
          e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
