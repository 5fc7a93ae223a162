package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalDB;
import io.tidal.TidalException;
import java.util.Arrays;

/** Factories for the facade's own {@link TidalException}s: messages name the offending value. */
final class Errors {
  private Errors() {}

  static TidalException invalidValue(String what, Object value) {
    return new EngineException(
        ErrorCode.INVALID_VALUE, what + " [value=" + TidalException.quote(value) + "]");
  }

  static TidalException wrongArity(String table, int expected, Object[] row) {
    return new EngineException(
        ErrorCode.INVALID_VALUE,
        "row for table "
            + TidalException.quote(table)
            + " must have "
            + expected
            + " values [count="
            + (row == null ? 0 : row.length)
            + ", row="
            + TidalException.quote(row == null ? null : Arrays.toString(row))
            + "]");
  }

  static TidalException wrongType(String table, String column, String type, Object value) {
    return new EngineException(
        ErrorCode.INVALID_VALUE,
        "value for column "
            + TidalException.quote(column)
            + " of table "
            + TidalException.quote(table)
            + " must be "
            + type
            + " [value="
            + TidalException.quote(value)
            + ", class="
            + value.getClass().getSimpleName()
            + "]");
  }

  static TidalException notNull(String table, String column) {
    return new EngineException(
        ErrorCode.NOT_NULL_VIOLATION,
        "column "
            + TidalException.quote(column)
            + " of table "
            + TidalException.quote(table)
            + " must not be NULL");
  }

  static TidalException tooLong(
      String table, String column, String declared, int length, String value) {
    return tooLong(
        table,
        column,
        declared,
        length,
        String.valueOf(value.codePointCount(0, value.length())),
        TidalException.quote(shortened(value)));
  }

  /** A byte string longer than its column's declared BINARY(n)/VARBINARY(n) length (22001). */
  static TidalException tooLong(
      String table, String column, String declared, int length, io.tidal.schema.Binary value) {
    return tooLong(
        table, column, declared, length, value.length() + " bytes", shortened(value.toString()));
  }

  private static String shortened(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  private static TidalException tooLong(
      String table, String column, String declared, int length, String actual, String shown) {
    return new EngineException(
        ErrorCode.VALUE_TOO_LONG,
        "value too long for column "
            + TidalException.quote(column)
            + " "
            + declared
            + "("
            + length
            + ") of table "
            + TidalException.quote(table)
            + " [length="
            + actual
            + ", value="
            + shown
            + "]");
  }

  static TidalException outOfRange(String table, String column, String declared, Object value) {
    return new EngineException(
        ErrorCode.NUMERIC_OUT_OF_RANGE,
        "value out of range for column "
            + TidalException.quote(column)
            + " "
            + declared
            + " of table "
            + TidalException.quote(table)
            + " [value="
            + TidalException.quote(value)
            + "]");
  }

  static TidalException duplicateUnique(String table, String columns, Object value) {
    return new EngineException(
        ErrorCode.DUPLICATE_KEY,
        "duplicate value in UNIQUE "
            + columns
            + " of table "
            + TidalException.quote(table)
            + " [value="
            + TidalException.quote(value)
            + "]");
  }

  static TidalException duplicateKey(String table, Object key) {
    return new EngineException(
        ErrorCode.DUPLICATE_KEY,
        "duplicate key in table "
            + TidalException.quote(table)
            + " [key="
            + TidalException.quote(key)
            + "]");
  }

  static TidalException invalidWeight(String type, double weight) {
    return new EngineException(
        ErrorCode.INVALID_WEIGHT,
        "weight of a "
            + TidalException.quote(type)
            + " signal must be finite [weight="
            + weight
            + "]");
  }

  static TidalException invalidTimestamp(String type, long ts) {
    return new EngineException(
        ErrorCode.INVALID_TIMESTAMP,
        "timestamp of a "
            + TidalException.quote(type)
            + " signal must lie in ["
            + TidalDB.MIN_TIMESTAMP
            + ", "
            + TidalDB.MAX_TIMESTAMP
            + "] (1900-01-01 .. 9999-12-31 UTC, epoch ms) [timestamp="
            + ts
            + "]");
  }

  static TidalException invalidReadTime(long at) {
    return new EngineException(
        ErrorCode.INVALID_TIMESTAMP,
        "read time must lie in ["
            + TidalDB.MIN_TIMESTAMP
            + ", "
            + TidalDB.MAX_TIMESTAMP
            + "] (epoch ms) [at="
            + at
            + "]");
  }

  static TidalException wrongEntityKey(String type, String keyType, Object key) {
    return new EngineException(
        ErrorCode.INVALID_VALUE,
        "entity key of a "
            + TidalException.quote(type)
            + " signal must be a non-null "
            + keyType
            + " [value="
            + TidalException.quote(key)
            + (key == null ? "" : ", class=" + key.getClass().getSimpleName())
            + "]");
  }

  static TidalException readOnly(String what) {
    return new EngineException(
        ErrorCode.READ_ONLY, "database is read-only [operation=" + what + "]");
  }
}
