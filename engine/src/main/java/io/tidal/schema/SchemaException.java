package io.tidal.schema;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import java.time.Duration;

/** A schema definition or a reference to a schema object is invalid. Built only by the factories. */
public final class SchemaException extends TidalException {
  private static final long serialVersionUID = 1L;

  private SchemaException(ErrorCode code, String message) {
    super(code, message);
  }

  public static SchemaException invalidName(String what, String name) {
    return new SchemaException(
        ErrorCode.INVALID_NAME,
        "invalid "
            + what
            + " name "
            + quote(name)
            + ": use a letter followed by letters, digits or underscores, at most "
            + Names.MAX_LENGTH
            + " characters");
  }

  public static SchemaException invalidDuration(
      String what, String owner, Object value, String rule) {
    return new SchemaException(
        ErrorCode.INVALID_DURATION,
        "invalid " + what + " " + value + " for " + quote(owner) + ": " + rule);
  }

  public static SchemaException invalidList(String what, String owner, int size, int max) {
    return new SchemaException(
        ErrorCode.INVALID_LIST,
        what + " of " + quote(owner) + " must have 1 to " + max + " entries [count=" + size + "]");
  }

  public static SchemaException duplicateSignalType(String name) {
    return new SchemaException(
        ErrorCode.DUPLICATE_SIGNAL_TYPE, "signal type " + quote(name) + " already exists");
  }

  public static SchemaException duplicateTable(String name) {
    return new SchemaException(
        ErrorCode.DUPLICATE_TABLE, "table " + quote(name) + " already exists");
  }

  public static SchemaException duplicateColumn(String table, String column) {
    return new SchemaException(
        ErrorCode.DUPLICATE_COLUMN,
        "column " + quote(column) + " appears twice in table " + quote(table));
  }

  public static SchemaException duplicateIndex(String name) {
    return new SchemaException(
        ErrorCode.DUPLICATE_TABLE, "index " + TidalException.quote(name) + " already exists");
  }

  public static SchemaException unknownIndex(String name) {
    return new SchemaException(
        ErrorCode.UNKNOWN_TABLE, "unknown index " + TidalException.quote(name));
  }

  public static SchemaException unknownTable(String name) {
    return new SchemaException(ErrorCode.UNKNOWN_TABLE, "unknown table " + quote(name));
  }

  public static SchemaException unknownView(String name) {
    return new SchemaException(ErrorCode.UNKNOWN_TABLE, "unknown view " + quote(name));
  }

  public static SchemaException unknownSignalType(String name) {
    return new SchemaException(ErrorCode.UNKNOWN_SIGNAL_TYPE, "unknown signal type " + quote(name));
  }

  public static SchemaException unknownColumn(String table, String column) {
    return new SchemaException(
        ErrorCode.UNKNOWN_COLUMN, "unknown column " + quote(column) + " in table " + quote(table));
  }

  public static SchemaException noPrimaryKey(String table, String signalType) {
    return new SchemaException(
        ErrorCode.NO_PRIMARY_KEY,
        "table "
            + quote(table)
            + " has no primary key, so signal type "
            + quote(signalType)
            + " cannot apply to it");
  }

  public static SchemaException badPrimaryKey(String table, String column, ColumnType type) {
    return new SchemaException(
        ErrorCode.INVALID_VALUE,
        "primary key "
            + quote(column)
            + " of table "
            + quote(table)
            + " must be VARCHAR or BIGINT [type="
            + type
            + "]");
  }

  public static SchemaException tableInUse(String table, String signalType) {
    return new SchemaException(
        ErrorCode.OBJECT_IN_USE,
        "table "
            + quote(table)
            + " is used by signal type "
            + quote(signalType)
            + "; drop the signal type first");
  }

  public static SchemaException undeclaredHalfLife(String type, Duration halfLife) {
    return new SchemaException(
        ErrorCode.UNDECLARED_DURATION,
        "half-life "
            + Durations.format(halfLife)
            + " is not declared for signal type "
            + quote(type));
  }

  public static SchemaException undeclaredWindow(String type, Duration window) {
    return new SchemaException(
        ErrorCode.UNDECLARED_DURATION,
        "window " + Durations.format(window) + " is not declared for signal type " + quote(type));
  }

  public static SchemaException invalidRollup(String type, String rule) {
    return new SchemaException(
        ErrorCode.UNSUPPORTED, "roll-up signal type " + quote(type) + ": " + rule);
  }

  public static SchemaException rollupColumnType(
      String type, String table, String column, ColumnType found, ColumnType key) {
    return new SchemaException(
        ErrorCode.DATATYPE_MISMATCH,
        "roll-up signal type "
            + quote(type)
            + ": column "
            + quote(column)
            + " of table "
            + quote(table)
            + " is "
            + found
            + ", not the key type "
            + key
            + " of the roll-up's table");
  }

  public static SchemaException rollupDependants(String source, String rollup) {
    return new SchemaException(
        ErrorCode.DEPENDENT_OBJECTS,
        "signal type "
            + quote(source)
            + " is the source of roll-up signal type "
            + quote(rollup)
            + "; drop the roll-up first");
  }

  public static SchemaException rollupWrite(String type, String source) {
    return new SchemaException(
        ErrorCode.WRONG_OBJECT_TYPE,
        "signal type "
            + quote(type)
            + " is a roll-up of "
            + quote(source)
            + " and accepts no direct signals; insert "
            + quote(source)
            + " signals instead");
  }
}
