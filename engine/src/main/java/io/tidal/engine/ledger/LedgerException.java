package io.tidal.engine.ledger;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.Durations;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;

/** A signal, read or top-K request the ledger rejects, or a state it cannot decode. Factories only. */
public final class LedgerException extends TidalException {
  private static final long serialVersionUID = 1L;

  private LedgerException(ErrorCode code, String message) {
    super(code, message);
  }

  public static LedgerException invalidWeight(double weight) {
    return new LedgerException(
        ErrorCode.INVALID_WEIGHT, "signal weight must be a finite number [weight=" + weight + "]");
  }

  public static LedgerException invalidTimestamp(String what, long ts, long min, long max) {
    return new LedgerException(
        ErrorCode.INVALID_TIMESTAMP,
        what + " outside the supported range [value=" + ts + ", min=" + min + ", max=" + max + "]");
  }

  public static LedgerException undeclaredHalfLife(SignalType type, int index) {
    return new LedgerException(
        ErrorCode.UNDECLARED_DURATION,
        "half-life #"
            + index
            + " is not declared for signal type "
            + quote(type.name())
            + " [declared="
            + type.halfLives()
            + "]");
  }

  public static LedgerException undeclaredWindow(SignalType type, int index) {
    return new LedgerException(
        ErrorCode.UNDECLARED_DURATION,
        "window #"
            + index
            + " is not declared for signal type "
            + quote(type.name())
            + " [declared="
            + type.windows()
            + "]");
  }

  /**
   * A read at {@code at} before the earliest exact time {@code earliest} of the signal type (its
   * horizon, or the horizon plus the window for counts).
   */
  public static LedgerException beforeHorizon(
      SignalType type, String what, long at, long earliest, long horizon) {
    return new LedgerException(
        ErrorCode.BEFORE_HORIZON,
        what
            + " of signal type "
            + quote(type.name())
            + " at "
            + Times.format(at)
            + " is before the retention horizon; the earliest exact at is "
            + Times.format(earliest)
            + " [at="
            + Times.format(at)
            + ", earliest="
            + Times.format(earliest)
            + ", horizon="
            + Times.format(horizon)
            + ", retention="
            + Durations.format(type.retention())
            + "]; signals older than the retention are folded into decay values and no longer "
            + "retained one by one (set a longer RETAIN INTERVAL on the signal type to keep more)");
  }

  public static LedgerException invalidQuery(String what, Object value) {
    return new LedgerException(ErrorCode.INVALID_ARGUMENT, what + " [value=" + quote(value) + "]");
  }

  public static LedgerException corruptState(String type, EntityId id, String why) {
    return new LedgerException(
        ErrorCode.CORRUPT,
        "corrupt ledger state: " + why + " [type=" + quote(type) + ", entity=" + id + "]");
  }

  public static LedgerException unsupportedStateVersion(String type, EntityId id, int version) {
    return new LedgerException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "ledger state format version "
            + version
            + " is not supported (supported: "
            + StateCodec.MIN_VERSION
            + ".."
            + StateCodec.VERSION
            + ") [type="
            + quote(type)
            + ", entity="
            + id
            + "]");
  }
}
