package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import io.tidal.engine.io.FileLayer;
import io.tidal.engine.storage.MvStoreStorage;
import io.tidal.engine.wal.Wal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * An online backup ({@link TidalDB#backup}, SQL {@code BACKUP TO 'dir'}): a consistent copy of a
 * directory database, taken while other threads keep writing.
 *
 * <p>Design notes. With checkpoints held off ({@link Checkpointer#excluding}) the store changes not
 * at all (only checkpoints write it) and no WAL segment is deleted. Inside that:
 * <ol>
 *   <li>a new WAL segment is started (under the engine's exclusive lock, briefly, as a scrub does),
 *       then a checkpoint: every older segment then holds only records the checkpoint covers;
 *   <li>the <b>pin</b>, under the engine's exclusive lock (writers wait here, at the rotation and in
 *       the checkpoint's locked part, and nowhere else): the log is fsync'd and the segment lengths read ({@link Wal#extents}). Every write acknowledged before
 *       the pin is in the store or in that log prefix; nothing after it is. That is the instant the
 *       copy holds;
 *   <li>outside the lock, while writers go on: the store's current entries are written into a
 *       fresh {@code data.mv} ({@link io.tidal.engine.storage.StorageEngine#copyTo}: one version, no old
 *       chunks) and each segment is copied up to its pinned length (closed segments never change,
 *       the tail only grows past it), except the segments whose records all lie at or before the
 *       store's checkpoint (the fresh store cannot fall back to an older one, so no slack is
 *       needed). Opening the copy replays the log after the store's checkpoint.
 * </ol>
 * Files: everything goes into a sibling directory {@code .<name>.backup-partial} that holds the
 * marker file {@value #MARKER} from its creation until every file in it is fsync'd; the engine
 * refuses to open a directory holding the marker. Then the marker is deleted, the directory renamed
 * to the target (replacing an empty directory) and the parent fsync'd. A failure or a kill at any
 * point leaves no directory that opens as a database under the target's name: at most the partial
 * directory, which the next backup to the same target deletes.
 */
public final class Backup {
  /** Present in a backup's directory while it is written; open refuses such a directory. */
  public static final String MARKER = "BACKUP_INCOMPLETE";

  private static final System.Logger LOG = System.getLogger(Backup.class.getName());
  private static final int COPY_CHUNK = 1 << 20;

  private final Engine engine;
  private final FileLayer files;
  private final Path source;
  private final Path target;
  private final Path partial;

  private Backup(Engine engine, Path target) {
    this.engine = engine;
    this.files = engine.config.fileLayer();
    this.source = engine.config.directory().toAbsolutePath().normalize();
    this.target = target.toAbsolutePath().normalize();
    Path name = this.target.getFileName();
    this.partial =
        this.target.resolveSibling("." + (name == null ? "root" : name) + ".backup-partial");
  }

  /** Copies {@code engine}'s database into {@code target} (see the class comment). */
  static void run(Engine engine, Path target) {
    engine.checkWritable("BACKUP");
    if (engine.config.inMemory()) {
      throw new EngineException(
          ErrorCode.UNSUPPORTED,
          "an in-memory database has no files to back up; "
              + "BACKUP needs a directory database [target="
              + target
              + "]");
    }
    new Backup(engine, target).run();
  }

  private void run() {
    checkTarget();
    long t0 = System.nanoTime();
    try {
      removeLeftover();
      files.createDirectories(partial);
      writeMarker();
      files.syncDirectory(partial.getParent());
    } catch (IOException e) {
      throw failed("cannot create the backup directory " + partial, e);
    }
    long[] held = new long[1];
    try {
      engine.checkpointer.excluding(() -> copy(held));
      files.deleteIfExists(partial.resolve(MARKER));
      files.syncDirectory(partial);
      files.move(partial, target);
    } catch (IOException | RuntimeException e) {
      removePartial(e);
      throw e instanceof TidalException te ? te : failed("the backup to " + target + " failed", e);
    }
    try {
      files.syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new EngineException(
          ErrorCode.IO_ERROR,
          "the backup in "
              + target
              + " is complete, but the fsync "
              + "of its parent directory failed: its name may not survive a power loss [target="
              + target
              + ", cause="
              + e
              + "]",
          e);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "backup of {0} to {1}: {2} ms, writers held {3} us",
        source,
        target,
        (System.nanoTime() - t0) / 1_000_000,
        held[0] / 1_000);
  }

  private void checkTarget() {
    if (target.startsWith(source) || source.startsWith(target)) {
      throw new EngineException(
          ErrorCode.INVALID_ARGUMENT,
          "a backup target must lie outside the database "
              + "directory (and not contain it) [target="
              + target
              + ", database="
              + source
              + "]");
    }
    if (!files.exists(target)) {
      return;
    }
    boolean empty;
    try {
      empty = files.list(target).isEmpty();
    } catch (java.nio.file.NotDirectoryException e) {
      empty = false;
    } catch (IOException e) {
      throw failed("cannot list the backup target " + target, e);
    }
    if (!empty) {
      throw new EngineException(
          ErrorCode.INVALID_ARGUMENT,
          "the backup target "
              + target
              + " exists and is not an empty directory; nothing was written (choose a new directory) [target="
              + target
              + "]");
    }
  }

  /** The copy itself, with checkpoints held off (see the class comment). */
  private void copy(long[] held) {
    // Records from now on go to a new segment, so every older one lies at or before the checkpoint
    // below and the copy skips it: the copy's log is what was written since this moment.
    engine.stateLock.writeLock().lock();
    try {
      engine.checkOpen();
      engine.log.startSegment();
    } finally {
      engine.stateLock.writeLock().unlock();
    }
    engine.checkpointer.checkpoint();
    List<Wal.Extent> extents;
    long locked = System.nanoTime();
    engine.stateLock.writeLock().lock();
    try {
      engine.checkOpen();
      engine.log.sync();
      extents = engine.log.extents();
    } finally {
      engine.stateLock.writeLock().unlock();
    }
    held[0] = System.nanoTime() - locked;
    // The copy's store holds the state at the checkpoint just written and no older version (a
    // fresh file), so segments whose records all lie at or before it are not needed (as after a
    // scrub).
    long stored = engine.checkpointer.checkpointSeq();
    engine.store.storage().copyTo(partial.resolve(MvStoreStorage.FILE_NAME));
    Path wal = partial.resolve(EngineOpener.WAL_DIR);
    try {
      files.createDirectories(wal);
      for (int i = 0; i < extents.size(); i++) {
        Wal.Extent x = extents.get(i);
        if (i + 1 < extents.size() && extents.get(i + 1).firstSeq() - 1 <= stored) {
          continue;
        }
        copyPrefix(x.path(), wal.resolve(x.path().getFileName()), x.length());
      }
      files.syncDirectory(wal);
    } catch (IOException e) {
      throw failed("cannot copy the WAL into " + wal, e);
    }
  }

  /** Copies the first {@code length} bytes of {@code from} into the new file {@code to} and fsyncs it. */
  private void copyPrefix(Path from, Path to, long length) throws IOException {
    try (FileChannel in = files.open(from, Set.of(StandardOpenOption.READ));
        FileChannel out =
            files.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(COPY_CHUNK, Math.max(length, 1)));
      long pos = 0;
      while (pos < length) {
        buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
        int n = in.read(buf, pos);
        if (n < 0) {
          throw new IOException(
              "WAL segment "
                  + from
                  + " ended at byte "
                  + pos
                  + " before its pinned length "
                  + length);
        }
        buf.flip();
        while (buf.hasRemaining()) {
          out.write(buf, pos + buf.position());
        }
        pos += n;
      }
      out.force(true);
    }
  }

  private void writeMarker() throws IOException {
    try (FileChannel ch =
        files.open(
            partial.resolve(MARKER),
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      ch.write(
          ByteBuffer.wrap(
              ("an unfinished tidal backup of " + source + "\n")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      ch.force(true);
    }
  }

  /** A partial directory of an earlier failed backup to this target is deleted; anything else refused. */
  private void removeLeftover() throws IOException {
    if (!files.exists(partial)) {
      return;
    }
    if (!files.exists(partial.resolve(MARKER))) {
      throw new EngineException(
          ErrorCode.INVALID_ARGUMENT,
          "the backup's working directory "
              + partial
              + " exists but is not an unfinished backup; move it away [path="
              + partial
              + "]");
    }
    deleteTree(partial);
  }

  private void removePartial(Exception cause) {
    try {
      if (files.exists(partial)) {
        deleteTree(partial);
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e); // the marker, deleted last, still keeps it from opening
    }
  }

  /** Deletes a backup directory (its WAL directory, then its files, the marker last, then itself). */
  private void deleteTree(Path dir) throws IOException {
    Path wal = dir.resolve(EngineOpener.WAL_DIR);
    if (files.exists(wal)) {
      for (Path p : files.list(wal)) {
        files.deleteIfExists(p);
      }
      files.deleteIfExists(wal);
    }
    for (Path p : files.list(dir)) {
      if (!p.getFileName().toString().equals(MARKER)) {
        files.deleteIfExists(p);
      }
    }
    files.deleteIfExists(dir.resolve(MARKER));
    files.deleteIfExists(dir);
  }

  private TidalException failed(String what, Throwable cause) {
    return new EngineException(
        ErrorCode.IO_ERROR,
        what
            + "; the database is unchanged and the target was "
            + "not created [target="
            + target
            + ", cause="
            + cause
            + "]",
        cause);
  }
}
