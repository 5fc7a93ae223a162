package io.tidal.engine.storage;

import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive ownership of a database directory for the life of an open database: one process, and
 * within it one open instance, per directory. A second acquirer gets {@link StorageException}
 * {@code DATABASE_LOCKED} naming the directory and the holder's pid.
 *
 * <p>Design notes (docs/notes/reliability.md, "Files, locking"): the lock is {@link FileChannel#tryLock()}
 * on the file {@code LOCK} in the directory, held on one channel until {@link #close()}. POSIX
 * record locks belong to the process, so a second lock from the same JVM would not be refused by the
 * OS, and closing <em>any</em> channel on the file would drop the lock: hence a static registry of
 * the real paths held by this JVM, checked first, and we never open a second channel on a held lock
 * file. The holder writes its pid into the file so the refusal can name it; the file is not deleted
 * on close (deleting would let two processes lock two different inodes). The lock file is opened
 * without following symlinks and created 0600 through the {@link FileLayer}; the directory is
 * created 0700.
 */
public final class DirectoryLock implements AutoCloseable {
  /** The lock file's name inside the database directory. */
  public static final String FILE_NAME = "LOCK";

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
  private static final Set<OpenOption> OPEN_OPTIONS =
      Set.of(
          StandardOpenOption.CREATE,
          StandardOpenOption.READ,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean released = new AtomicBoolean();

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} (0700) if missing and locks it.
   *
   * @throws StorageException {@code DATABASE_LOCKED} if another process or instance holds it,
   *     {@code IO_ERROR} if the directory or lock file cannot be created
   */
  public static DirectoryLock acquire(Path dir, FileLayer files) {
    Path real;
    try {
      files.createDirectories(dir);
      real = dir.toRealPath();
    } catch (IOException e) {
      throw StorageException.ioError(dir, e);
    }
    if (!HELD.add(real)) {
      throw StorageException.locked(
          real, "this process (pid " + ProcessHandle.current().pid() + "), another open instance");
    }
    try {
      return lockFile(real, files);
    } catch (RuntimeException e) {
      HELD.remove(real);
      throw e;
    }
  }

  private static DirectoryLock lockFile(Path real, FileLayer files) {
    Path file = real.resolve(FILE_NAME);
    FileChannel ch;
    try {
      ch = files.open(file, OPEN_OPTIONS);
    } catch (IOException e) {
      throw StorageException.ioError(file, e);
    }
    try {
      FileLock lock = tryLock(ch);
      if (lock == null) {
        throw StorageException.locked(real, readHolder(ch));
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(pid), 0);
      ch.force(false);
      return new DirectoryLock(real, ch, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch, e);
      throw e instanceof StorageException se ? se : StorageException.ioError(file, e);
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held through another path to the same file by this JVM
    }
  }

  private static String readHolder(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    int n = ch.read(buf, 0);
    String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
    return text.matches("[0-9]{1,19}") ? "process pid " + text : "another process (pid unknown)";
  }

  private static void closeQuietly(FileChannel ch, Exception primary) {
    try {
      ch.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** The locked directory (its real path). */
  public Path directory() {
    return directory;
  }

  /** Whether the lock is still held. */
  public boolean isHeld() {
    return !released.get();
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    IOException failure = null;
    try {
      lock.release();
    } catch (IOException e) {
      failure = e;
    }
    try {
      channel.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    HELD.remove(directory);
    if (failure != null) {
      throw StorageException.ioError(directory.resolve(FILE_NAME), failure);
    }
  }

  @Override
  public String toString() {
    return "DirectoryLock[" + directory + (isHeld() ? "" : ", released") + "]";
  }
}
