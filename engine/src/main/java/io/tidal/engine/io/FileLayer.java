package io.tidal.engine.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The engine's only way to touch files (the seam that crash and fault tests replace; STYLE.md H6).
 * The default, {@link #system()}, goes straight to {@code java.nio}. A test layer can keep unsynced
 * writes pending and drop or garble them on a simulated power loss, or fail the Nth operation.
 *
 * <p>Durability rules every caller follows: data is durable only after {@code FileChannel.force};
 * a created, renamed or deleted file is durable only after {@link #syncDirectory} of its parent.
 */
public interface FileLayer {

  /** Opens a channel; new files are created with permissions 0600 where the file system supports it. */
  FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

  /** Creates the directory and missing parents, with permissions 0700 where supported. */
  void createDirectories(Path dir) throws IOException;

  /** Atomically renames {@code from} to {@code to}, replacing it. */
  void move(Path from, Path to) throws IOException;

  /** Deletes the file if it exists. */
  void deleteIfExists(Path path) throws IOException;

  /** The entries of a directory, sorted by name. */
  List<Path> list(Path dir) throws IOException;

  boolean exists(Path path);

  long size(Path path) throws IOException;

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  void syncDirectory(Path dir) throws IOException;

  /** The real file system. */
  static FileLayer system() {
    return SystemFileLayer.INSTANCE;
  }
}
