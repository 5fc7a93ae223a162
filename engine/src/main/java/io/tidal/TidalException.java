package io.tidal;

import java.util.Objects;

/**
 * The one root of every failure the engine reports. Unchecked, carries an {@link ErrorCode}; each
 * subsystem has a subclass ({@code SchemaException}, {@code StorageException}, {@code WalException},
 * {@code LedgerException}) created only through small static factories, so messages stay uniform:
 * {@code what failed [key=value, ...]}, naming the offending value. The core's errors are {@code
 * io.tidal.engine.EngineException}s built by its {@code Errors} catalog. The constructors are
 * protected: outside the engine, errors come from the static factories below.
 *
 * <p>Callers branch on {@link #code()}, never on the message.
 */
public class TidalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  protected TidalException(ErrorCode code, String message) {
    this(code, message, null);
  }

  protected TidalException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Why the operation failed. */
  public ErrorCode code() {
    return code;
  }

  /** An argument outside its documented domain; {@code what} names it, {@code value} is shown quoted. */
  public static TidalException invalidArgument(String what, Object value) {
    return new TidalException(ErrorCode.INVALID_ARGUMENT, what + " [value=" + quote(value) + "]");
  }

  /** The database or transaction is closed. */
  /** A bad argument described in full by {@code message}, which names the offending value. */
  public static TidalException invalidArgument(String message) {
    return new TidalException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** A bad value in a statement or row described by {@code message}, which names the value. */
  public static TidalException invalidValue(String message) {
    return new TidalException(ErrorCode.INVALID_VALUE, message);
  }

  public static TidalException closed(String what) {
    return new TidalException(ErrorCode.CLOSED, what + " is closed");
  }

  /** An invariant failed: a bug in tidal. */
  public static TidalException internal(String what, Throwable cause) {
    return new TidalException(ErrorCode.INTERNAL, "internal error: " + what, cause);
  }

  /** Renders a value for a message: strings quoted, long strings cut, nulls as NULL. */
  public static String quote(Object value) {
    if (value == null) {
      return "NULL";
    }
    String s = value.toString();
    if (s.length() > 200) {
      s = s.substring(0, 200) + "...(" + s.length() + " chars)";
    }
    return value instanceof CharSequence ? "'" + s + "'" : s;
  }
}
