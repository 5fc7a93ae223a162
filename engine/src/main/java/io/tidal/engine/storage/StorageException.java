package io.tidal.engine.storage;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import java.nio.file.Path;

/**
 * A storage operation failed: the database directory is locked, a file is damaged, foreign or of an
 * unsupported version, an I/O call failed, or the store was poisoned by an earlier failure. Built
 * only by the factories; every message names the file or keyspace concerned.
 */
public final class StorageException extends TidalException {
  private static final long serialVersionUID = 1L;

  private StorageException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** An I/O call on {@code path} failed. */
  public static StorageException ioError(Path path, Throwable cause) {
    return new StorageException(
        ErrorCode.IO_ERROR, "I/O error on " + path + " [cause=" + describe(cause) + "]", cause);
  }

  /** The operation needs files and this backend has none (in memory). */
  public static StorageException unsupported(String what) {
    return new StorageException(ErrorCode.UNSUPPORTED, what, null);
  }

  /** The stored bytes of {@code path} fail validation. */
  public static StorageException corrupt(Path path, String detail) {
    return corrupt(path, detail, null);
  }

  /** The stored bytes of {@code path} fail validation; {@code cause} is the library's report. */
  public static StorageException corrupt(Path path, String detail, Throwable cause) {
    return new StorageException(
        ErrorCode.CORRUPT,
        "data file "
            + path
            + " is damaged or not a tidal file ["
            + detail
            + "]; restore it from a backup or move it away",
        cause);
  }

  /** Another process, or another open instance in this JVM, holds the database directory. */
  public static StorageException locked(Path dir, String holder) {
    return new StorageException(
        ErrorCode.DATABASE_LOCKED,
        "database in use [dir="
            + dir
            + ", holder="
            + holder
            + "]; close the other instance or use another directory",
        null);
  }

  /** The database does not exist and may not be created. */
  public static StorageException notFound(Path path) {
    return new StorageException(ErrorCode.DATABASE_NOT_FOUND, "no database at " + path, null);
  }

  /** {@code path} was written by a format version outside {@code [min, max]}. */
  public static StorageException unsupportedFormat(Path path, long found, int min, int max) {
    String which = found > max ? "newer" : "older";
    return new StorageException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "data file "
            + path
            + " has storage format version "
            + found
            + ", "
            + which
            + " than this build supports [supported="
            + min
            + ".."
            + max
            + "]",
        null);
  }

  /** {@code path} uses a format this build cannot read; {@code detail} says which. */
  public static StorageException unsupportedFormat(Path path, String detail, Throwable cause) {
    return new StorageException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "data file " + path + " has an unsupported format [" + detail + "]",
        cause);
  }

  /** The storage library failed in a way no other factory describes: a bug, in tidal or below. */
  public static StorageException internal(Path path, Throwable cause) {
    return new StorageException(
        ErrorCode.INTERNAL,
        "unexpected failure in storage "
            + path
            + " (a damaged file or a bug) [cause="
            + describe(cause)
            + "]",
        cause);
  }

  /** The storage engine, or a keyspace handle of it, was used after close. */
  public static StorageException closed(String what) {
    return new StorageException(ErrorCode.CLOSED, what + " is closed", null);
  }

  /** An earlier write or flush failed; the store refuses all work until reopened. */
  public static StorageException poisoned(Path path, Throwable cause) {
    return new StorageException(
        ErrorCode.WRITE_PATH_FAILED,
        "storage "
            + path
            + " failed earlier and refuses further work; reopen the database [cause="
            + describe(cause)
            + "]",
        cause);
  }

  /** No keyspace of that name exists (or it was dropped). */
  public static StorageException unknownKeyspace(String name) {
    return new StorageException(ErrorCode.UNKNOWN_TABLE, "unknown keyspace " + quote(name), null);
  }

  /** A keyspace name that {@link StorageEngine#keyspace} does not accept. */
  public static StorageException invalidKeyspaceName(String name) {
    return new StorageException(
        ErrorCode.INVALID_NAME,
        "invalid keyspace name "
            + quote(name)
            + ": use 1 to "
            + KeyspaceNames.MAX_LENGTH
            + " characters from [A-Za-z0-9_.:-], starting with a letter or digit",
        null);
  }

  /** A keyspace handle of another storage engine was passed in. */
  public static StorageException foreignKeyspace(String name) {
    return new StorageException(
        ErrorCode.INVALID_ARGUMENT,
        "keyspace " + quote(name) + " belongs to another storage engine",
        null);
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "unknown";
    }
    return t.getMessage() == null
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
