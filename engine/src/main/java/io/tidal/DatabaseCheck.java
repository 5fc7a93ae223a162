package io.tidal;

import java.nio.file.Path;
import java.util.List;

/**
 * Verifies a database directory without changing it ({@code ./tidal check DIR}): every chunk and
 * page of {@code data.mv} and every WAL entry against the
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
    return EngineBootstrap.check(dir);
  }
}
