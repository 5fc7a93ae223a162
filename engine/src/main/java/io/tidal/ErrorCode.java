package io.tidal;

/**
 * The closed set of reasons an engine operation can fail. Callers match on the code, never on the
 * message text. The SQL layer maps each code to exactly one SQLState (see {@code io.tidal.sql}).
 *
 * <p>Codes are grouped by what the caller can do about them: fix the input ({@link Kind#BAD_INPUT}),
 * name something that exists ({@link Kind#UNKNOWN_OBJECT}), respect a constraint
 * ({@link Kind#CONSTRAINT}), retry later or elsewhere ({@link Kind#RESOURCE}), or repair the
 * environment ({@link Kind#IO}, {@link Kind#CORRUPT}).
 */
public enum ErrorCode {
  // ---- bad input (SQLState class 22 / 42) ----
  /** An identifier (table, column, signal type) is malformed. */
  INVALID_NAME(Kind.BAD_INPUT),
  /** A duration (half-life, window) is non-positive, too large or not whole milliseconds. */
  INVALID_DURATION(Kind.BAD_INPUT),
  /** A list that must not be empty is empty, or has too many elements. */
  INVALID_LIST(Kind.BAD_INPUT),
  /** A signal weight is NaN or infinite. */
  INVALID_WEIGHT(Kind.BAD_INPUT),
  /** A timestamp lies outside the supported range. */
  INVALID_TIMESTAMP(Kind.BAD_INPUT),
  /** A value does not fit its column, a key is null, a row has the wrong arity. */
  INVALID_VALUE(Kind.BAD_INPUT),
  /** Any other argument out of its documented domain (k of a top-K, a negative coefficient ...). */
  INVALID_ARGUMENT(Kind.BAD_INPUT),
  /** A half-life or window was not declared for the signal type it is asked of. */
  UNDECLARED_DURATION(Kind.BAD_INPUT),
  /**
   * A read at a time whose answer depends on signals no longer retained (before the signal type's
   * horizon: its latest signal minus its retention); the message names the earliest exact time.
   */
  BEFORE_HORIZON(Kind.BAD_INPUT),
  /** A string longer than its column's declared CHAR(n)/VARCHAR(n) length. */
  VALUE_TOO_LONG(Kind.BAD_INPUT),
  /** A number outside its column's declared NUMERIC(p, s), SMALLINT or TINYINT range. */
  NUMERIC_OUT_OF_RANGE(Kind.BAD_INPUT),

  // ---- unknown or duplicate objects (SQLState class 42) ----
  UNKNOWN_TABLE(Kind.UNKNOWN_OBJECT),
  UNKNOWN_SIGNAL_TYPE(Kind.UNKNOWN_OBJECT),
  UNKNOWN_COLUMN(Kind.UNKNOWN_OBJECT),
  DUPLICATE_TABLE(Kind.UNKNOWN_OBJECT),
  DUPLICATE_SIGNAL_TYPE(Kind.UNKNOWN_OBJECT),
  DUPLICATE_COLUMN(Kind.UNKNOWN_OBJECT),
  /** The object exists but is used by another (a table that signal types refer to). */
  OBJECT_IN_USE(Kind.UNKNOWN_OBJECT),
  /** The object is of the wrong kind for the operation (a direct INSERT of a roll-up type's signal). */
  WRONG_OBJECT_TYPE(Kind.UNKNOWN_OBJECT),
  /** Other objects depend on the one to drop or replace (roll-up types on their source type). */
  DEPENDENT_OBJECTS(Kind.UNKNOWN_OBJECT),
  /** A column's type does not fit where it is used (a roll-up column that is not of the key type). */
  DATATYPE_MISMATCH(Kind.BAD_INPUT),

  // ---- constraints (SQLState class 23) ----
  DUPLICATE_KEY(Kind.CONSTRAINT),
  NOT_NULL_VIOLATION(Kind.CONSTRAINT),
  /** The table has no primary key and so cannot receive signals. */
  NO_PRIMARY_KEY(Kind.CONSTRAINT),

  // ---- state and resources (SQLState classes 08, 25, 53, 55) ----
  /** The database directory is held by another process or another open instance. */
  DATABASE_LOCKED(Kind.RESOURCE),
  /** The database does not exist and {@code create=false}. */
  DATABASE_NOT_FOUND(Kind.RESOURCE),
  /** The database, or a transaction, is closed. */
  CLOSED(Kind.RESOURCE),
  /** A write on a read-only database. */
  READ_ONLY(Kind.RESOURCE),
  /** The group-commit queue stayed full past its timeout. */
  QUEUE_FULL(Kind.RESOURCE),
  /** The operation was cancelled or timed out. */
  CANCELLED(Kind.RESOURCE),

  // ---- environment (SQLState classes 58, XX) ----
  /** An I/O operation failed. */
  IO_ERROR(Kind.IO),
  /** A failed write or fsync poisoned the write path; reopen the database. */
  WRITE_PATH_FAILED(Kind.IO),
  /** Stored bytes fail validation: checksum, magic, sequence, a missing segment. */
  CORRUPT(Kind.CORRUPT),
  /** A file was written by a newer or too old format version. */
  UNSUPPORTED_FORMAT(Kind.CORRUPT),

  // ---- the rest ----
  UNSUPPORTED(Kind.UNSUPPORTED),
  /** A bug in tidal: an invariant does not hold. */
  INTERNAL(Kind.INTERNAL);

  /** Coarse classification, for callers that handle groups of codes alike. */
  public enum Kind {
    BAD_INPUT,
    UNKNOWN_OBJECT,
    CONSTRAINT,
    RESOURCE,
    IO,
    CORRUPT,
    UNSUPPORTED,
    INTERNAL
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
