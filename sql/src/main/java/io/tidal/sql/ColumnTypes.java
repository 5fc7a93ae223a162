package io.tidal.sql;

import static io.tidal.sql.TokenCursor.q;

import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * A column's type in CREATE TABLE: the SQL type names tidal accepts, the engine type each maps to,
 * and the declared facets kept for metadata (name, length or precision, scale), with their checks.
 */
final class ColumnTypes {
  private static final Set<String> UNSUPPORTED_TYPES =
      Set.of("INTERVAL", "ARRAY", "MAP", "JSON", "UUID");

  /** Largest DECIMAL precision (Calcite's type system). */
  static final int MAX_DECIMAL_PRECISION = 19;

  private ColumnTypes() {}

  /** The column's engine type and declared facets (name, length or precision, scale). */
  static Column type(TokenCursor c, String col) throws SQLException {
    Token t = c.next();
    if (t.kind() != Kind.WORD) {
      throw c.errorAt(t, "a column type for column " + q(col));
    }
    String w = t.text().toUpperCase(Locale.ROOT);
    ColumnType type;
    String declared = w;
    switch (w) {
      case "VARCHAR", "TEXT", "CLOB" -> type = ColumnType.VARCHAR;
      case "CHARACTER", "CHAR" -> {
        type = ColumnType.VARCHAR;
        if (c.accept("VARYING")) {
          declared = "VARCHAR";
        } else {
          declared = "CHAR";
        }
      }
      case "BIGINT" -> type = ColumnType.BIGINT;
      case "INTEGER", "INT" -> {
        type = ColumnType.INTEGER;
        declared = "INTEGER";
      }
      case "SMALLINT", "TINYINT" -> type = ColumnType.INTEGER;
      case "DOUBLE" -> {
        c.accept("PRECISION");
        type = ColumnType.DOUBLE;
      }
      case "REAL", "FLOAT" -> type = ColumnType.DOUBLE;
      case "DECIMAL", "NUMERIC", "DEC" -> {
        type = ColumnType.DECIMAL;
        declared = w.equals("DEC") ? "DECIMAL" : w;
      }
      case "BOOLEAN" -> type = ColumnType.BOOLEAN;
      case "TIMESTAMP" -> type = ColumnType.TIMESTAMP;
      case "DATE" -> type = ColumnType.DATE;
      case "TIME" -> type = ColumnType.TIME;
      case "VARBINARY", "BLOB" -> type = ColumnType.VARBINARY;
      case "BINARY" -> {
        type = ColumnType.VARBINARY;
        declared = c.accept("VARYING") ? "VARBINARY" : "BINARY";
      }
      default -> {
        if (UNSUPPORTED_TYPES.contains(w)) {
          throw unsupportedType(w, col);
        }
        throw SqlStates.create(
            "unknown type "
                + q(t.text())
                + " for column "
                + q(col)
                + " at position "
                + (t.start() + 1),
            SqlStates.UNDEFINED_OBJECT,
            null);
      }
    }
    int length = -1;
    int scale = -1;
    if (c.acceptPunct("(")) {
      length = c.expectSize(col);
      if (c.acceptPunct(",")) {
        scale = c.expectSize(col);
      }
      c.expectPunct(")");
    }
    checkSize(col, declared, type, length, scale);
    if ((declared.equals("CHAR") || declared.equals("BINARY")) && length < 0) {
      length = 1; // SQL: CHAR alone is CHAR(1), BINARY alone BINARY(1)
    }
    if (type != ColumnType.VARCHAR && type != ColumnType.DECIMAL && type != ColumnType.VARBINARY) {
      length = -1; // FLOAT(n), TIMESTAMP(n): accepted, not kept
      scale = -1;
    }
    if (type == ColumnType.DECIMAL && length >= 0 && scale < 0) {
      scale = 0; // SQL: NUMERIC(p) is NUMERIC(p, 0)
    }
    Column.Facets f =
        declared.equals(type.name()) && length < 0
            ? Column.Facets.NONE
            : new Column.Facets(declared, length, scale, null, false);
    boolean zoned = type == ColumnType.TIMESTAMP || type == ColumnType.TIME;
    if (zoned && c.accept("WITH")) {
      throw SqlStates.notSupported(type + " WITH TIME ZONE (column " + q(col) + ")");
    }
    if (zoned && c.accept("WITHOUT")) {
      c.expect("TIME");
      c.expect("ZONE");
    }
    return new Column(col, type, true, f);
  }

  private static void checkSize(String col, String declared, ColumnType type, int length, int scale)
      throws SQLException {
    boolean sized =
        type == ColumnType.VARCHAR && !declared.equals("TEXT") && !declared.equals("CLOB")
            || type == ColumnType.DECIMAL
            || declared.equals("FLOAT")
            || type == ColumnType.TIMESTAMP
            || type == ColumnType.TIME
            || type == ColumnType.VARBINARY;
    if (length >= 0 && !sized || scale >= 0 && type != ColumnType.DECIMAL) {
      throw SqlStates.create(
          "type "
              + declared
              + " of column "
              + q(col)
              + " takes no "
              + (scale >= 0 && length >= 0 && sized ? "scale" : "length"),
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
    if (length == 0
        && (type == ColumnType.VARCHAR
            || type == ColumnType.DECIMAL
            || type == ColumnType.VARBINARY)) {
      throw SqlStates.create(
          "length of column " + q(col) + " " + declared + " must be at least 1",
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
    if (type == ColumnType.DECIMAL && length > MAX_DECIMAL_PRECISION) {
      throw SqlStates.create(
          "precision "
              + length
              + " of column "
              + q(col)
              + " "
              + declared
              + " is above tidal's maximum "
              + MAX_DECIMAL_PRECISION,
          SqlStates.NOT_SUPPORTED,
          null);
    }
    if (type == ColumnType.DECIMAL && scale > length) {
      throw SqlStates.create(
          "scale "
              + scale
              + " of column "
              + q(col)
              + " "
              + declared
              + " is above its precision "
              + length,
          SqlStates.INVALID_COLUMN_DEFINITION,
          null);
    }
  }

  private static SQLException unsupportedType(String w, String col) {
    return SqlStates.create(
        "column type "
            + w
            + " (column "
            + q(col)
            + ") is not supported; use "
            + "a character type (VARCHAR, CHAR, TEXT, CLOB), a number type (INTEGER, SMALLINT, BIGINT,"
            + " REAL, DOUBLE, DECIMAL), BOOLEAN, TIMESTAMP, DATE, TIME or a binary type (VARBINARY,"
            + " BINARY, BLOB)",
        SqlStates.NOT_SUPPORTED,
        null);
  }
}
