package io.tidal.engine.wal;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import java.nio.file.Path;

/**
 * A write-ahead-log failure. Built only by the factories below, so messages stay uniform:
 * {@code what failed [key=value, ...]} and, where the operator can act, what to do.
 *
 * <p>Codes: {@link ErrorCode#CORRUPT} (stored bytes fail validation; names file and byte offset),
 * {@link ErrorCode#UNSUPPORTED_FORMAT}, {@link ErrorCode#WRITE_PATH_FAILED} (a write or fsync failed;
 * the log refuses every later append until reopened), {@link ErrorCode#IO_ERROR} (open, read,
 * checkpoint clean-up), {@link ErrorCode#CLOSED}.
 */
public final class WalException extends TidalException {
  private static final long serialVersionUID = 1L;

  private WalException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** Stored bytes at {@code offset} of {@code file} fail validation. */
  public static WalException corrupt(Path file, long offset, String what) {
    return new WalException(
        ErrorCode.CORRUPT,
        "WAL corrupt: "
            + what
            + " [file="
            + file
            + ", offset="
            + offset
            + "]"
            + "; the log was not replayed past this point: restore from a backup or remove the"
            + " damaged segment knowingly",
        null);
  }

  /** The log as a whole is inconsistent (a segment missing, a checkpoint beyond its end). */
  public static WalException inconsistent(Path dir, String what) {
    return new WalException(
        ErrorCode.CORRUPT, "WAL inconsistent: " + what + " [dir=" + dir + "]", null);
  }

  static WalException unsupportedVersion(Path file, int version, int min, int max) {
    return new WalException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "WAL segment format version "
            + version
            + " is not supported [file="
            + file
            + ", supported="
            + min
            + ".."
            + max
            + "]"
            + (version > max ? "; written by a newer tidal" : "; written by a too old tidal"),
        null);
  }

  /** The write path failed earlier or now; {@code cause} is the original I/O error. */
  static WalException writePathFailed(Throwable cause) {
    return new WalException(
        ErrorCode.WRITE_PATH_FAILED,
        "WAL write path failed; no further writes are accepted: reopen the database [cause="
            + cause
            + "]",
        cause);
  }

  static WalException io(String what, Path path, Throwable cause) {
    return new WalException(
        ErrorCode.IO_ERROR,
        "WAL I/O error: " + what + " [path=" + path + ", cause=" + cause + "]",
        cause);
  }

  static WalException closed() {
    return new WalException(ErrorCode.CLOSED, "WAL is closed", null);
  }

  static WalException invalid(String what, Object value) {
    return new WalException(
        ErrorCode.INVALID_ARGUMENT, what + " [value=" + quote(value) + "]", null);
  }
}
