package io.tidal;

import io.tidal.engine.Backup;
import io.tidal.engine.EngineOpener;
import io.tidal.engine.io.FileLayer;
import io.tidal.engine.storage.DirectoryLock;
import io.tidal.engine.storage.MvStoreCheck;
import io.tidal.engine.storage.MvStoreStorage;
import io.tidal.engine.wal.WalCheck;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a database directory without changing it ({@code ./tidal check DIR}): every chunk and
 * page of {@code data.mv} ({@link MvStoreCheck}) and every WAL entry ({@link WalCheck}) against the
 * store's checkpoint. Holds the directory's lock meanwhile, so it refuses a directory another
 * process has open ({@code DATABASE_LOCKED}).
 */
public final class DatabaseCheck {
  /** The lines to print and whether the database is sound. */
  public record Report(List<String> lines, boolean ok) {}

  private DatabaseCheck() {}

  /**
   * Checks the database in {@code dir}.
   *
   * @throws TidalException {@code DATABASE_NOT_FOUND} (no {@code data.mv}), {@code DATABASE_LOCKED}
   */
  public static Report run(Path dir) {
    FileLayer files = FileLayer.system();
    Path data = dir.resolve(MvStoreStorage.FILE_NAME);
    if (files.exists(dir.resolve(Backup.MARKER))) {
      return new Report(
          List.of(
              dir
                  + ": an unfinished backup (its BACKUP failed or was killed), not a "
                  + "database: delete it"),
          false);
    }
    if (!files.exists(data)) {
      throw new TidalException(
          ErrorCode.DATABASE_NOT_FOUND, "no tidal database in " + dir + " [dir=" + dir + "]");
    }
    List<String> lines = new ArrayList<>();
    boolean ok;
    try (DirectoryLock lock = DirectoryLock.acquire(dir, files)) {
      MvStoreCheck.Result store = MvStoreCheck.verify(data);
      byte[] seqBytes = store.meta().get("checkpointSeq");
      long seq = seqBytes == null || seqBytes.length != 8 ? 0 : ByteBuffer.wrap(seqBytes).getLong();
      lines.add(
          "data.mv: "
              + store.chunks()
              + " chunks, "
              + store.maps()
              + " keyspaces, "
              + store.entries()
              + " entries read; checkpoint at sequence "
              + seq);
      store.problems().forEach(p -> lines.add("  PROBLEM " + p));
      WalCheck.Result wal = WalCheck.verify(dir.resolve(EngineOpener.WAL_DIR), seq);
      lines.add(
          "wal: "
              + wal.segments()
              + " segments"
              + (wal.lastSequence() >= 0
                  ? ", entries verified through sequence "
                      + wal.lastSequence()
                      + ", "
                      + wal.replayed()
                      + " records after the checkpoint (an open replays them)"
                  : ""));
      if (wal.note() != null) {
        lines.add("  NOTE " + wal.note());
      }
      if (wal.problem() != null) {
        lines.add("  PROBLEM " + wal.problem());
      }
      ok = store.problems().isEmpty() && wal.problem() == null;
    }
    lines.add(ok ? "OK: " + dir + " is sound" : "DAMAGED: " + dir + " (restore it from a backup)");
    return new Report(lines, ok);
  }
}
