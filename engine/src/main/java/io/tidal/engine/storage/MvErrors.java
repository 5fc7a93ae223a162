package io.tidal.engine.storage;

import java.io.EOFException;
import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Translates MVStore's exceptions ({@link MVStoreException} with its {@code ERROR_*} codes, and the
 * occasional {@code IllegalStateException} or decoding error) into {@link StorageException}s naming
 * the file, so that no library exception leaves the storage package.
 */
final class MvErrors {
  private MvErrors() {}

  /** A failure of a running store. Unexpected exceptions are reported as INTERNAL. */
  static StorageException translate(Path file, Throwable e) {
    return translate(file, e, false);
  }

  /**
   * A failure while opening {@code file}. Here an unexpected exception (a number that does not
   * parse, an index out of range, an internal assertion of MVStore when run with {@code -ea}) means
   * that the file is not what MVStore expects: CORRUPT.
   */
  static StorageException atOpen(Path file, Throwable e) {
    return translate(file, e, true);
  }

  private static StorageException translate(Path file, Throwable e, boolean opening) {
    if (e instanceof StorageException se) {
      return se;
    }
    if (e instanceof MVStoreException mve) {
      switch (mve.getErrorCode()) {
        case DataUtils.ERROR_FILE_CORRUPT,
        DataUtils.ERROR_CHUNK_NOT_FOUND,
        DataUtils.ERROR_BLOCK_NOT_FOUND,
        DataUtils.ERROR_SERIALIZATION:
          return StorageException.corrupt(file, "MVStore: " + mve.getMessage(), e);
        case DataUtils.ERROR_READING_FAILED:
          return endOfFile(e)
              ? StorageException.corrupt(file, "file truncated? " + mve.getMessage(), e)
              : StorageException.ioError(file, e);
        case DataUtils.ERROR_WRITING_FAILED:
          return StorageException.ioError(file, e);
        case DataUtils.ERROR_FILE_LOCKED:
          return StorageException.locked(file, "another process (MVStore file lock)");
        case DataUtils.ERROR_UNSUPPORTED_FORMAT:
          return StorageException.unsupportedFormat(file, "MVStore: " + mve.getMessage(), e);
        case DataUtils.ERROR_CLOSED:
          return StorageException.closed("storage " + file);
        case DataUtils.ERROR_INTERNAL:
          break;
        default:
          // e.g. 90104 "incorrect header check": a page whose compression flag or bytes are garbage
          return StorageException.corrupt(file, "MVStore: " + mve.getMessage(), e);
      }
    }
    return opening
        ? StorageException.corrupt(file, "cannot open: " + e, e)
        : StorageException.internal(file, e);
  }

  /** A read past the end of the file: the file is shorter than its own headers say. */
  private static boolean endOfFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
    }
    return false;
  }
}
