package io.tidal.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** Column lists and the larger row builders of {@link MetaDataHandler}. */
final class MetaRows {
  static final List<String> KEY_COLUMNS =
      List.of(
          "PKTABLE_CAT",
          "PKTABLE_SCHEM",
          "PKTABLE_NAME",
          "PKCOLUMN_NAME",
          "FKTABLE_CAT",
          "FKTABLE_SCHEM",
          "FKTABLE_NAME",
          "FKCOLUMN_NAME",
          "KEY_SEQ",
          "UPDATE_RULE",
          "DELETE_RULE",
          "FK_NAME",
          "PK_NAME",
          "DEFERRABILITY");
  static final List<String> FUNCTION_COLUMNS =
      List.of(
          "FUNCTION_CAT",
          "FUNCTION_SCHEM",
          "FUNCTION_NAME",
          "COLUMN_NAME",
          "COLUMN_TYPE",
          "DATA_TYPE",
          "TYPE_NAME",
          "PRECISION",
          "LENGTH",
          "SCALE",
          "RADIX",
          "NULLABLE",
          "REMARKS",
          "CHAR_OCTET_LENGTH",
          "ORDINAL_POSITION",
          "IS_NULLABLE",
          "SPECIFIC_NAME");
  static final List<String> PROCEDURE_COLUMNS =
      List.of(
          "PROCEDURE_CAT",
          "PROCEDURE_SCHEM",
          "PROCEDURE_NAME",
          "RESERVED1",
          "RESERVED2",
          "RESERVED3",
          "REMARKS",
          "PROCEDURE_TYPE",
          "SPECIFIC_NAME");
  static final List<String> PROCEDURE_COLUMN_COLUMNS =
      List.of(
          "PROCEDURE_CAT",
          "PROCEDURE_SCHEM",
          "PROCEDURE_NAME",
          "COLUMN_NAME",
          "COLUMN_TYPE",
          "DATA_TYPE",
          "TYPE_NAME",
          "PRECISION",
          "LENGTH",
          "SCALE",
          "RADIX",
          "NULLABLE",
          "REMARKS",
          "COLUMN_DEF",
          "SQL_DATA_TYPE",
          "SQL_DATETIME_SUB",
          "CHAR_OCTET_LENGTH",
          "ORDINAL_POSITION",
          "IS_NULLABLE",
          "SPECIFIC_NAME");
  private static final List<String> COLUMN_COLUMNS =
      List.of(
          "TABLE_CAT",
          "TABLE_SCHEM",
          "TABLE_NAME",
          "COLUMN_NAME",
          "DATA_TYPE",
          "TYPE_NAME",
          "COLUMN_SIZE",
          "BUFFER_LENGTH",
          "DECIMAL_DIGITS",
          "NUM_PREC_RADIX",
          "NULLABLE",
          "REMARKS",
          "COLUMN_DEF",
          "SQL_DATA_TYPE",
          "SQL_DATETIME_SUB",
          "CHAR_OCTET_LENGTH",
          "ORDINAL_POSITION",
          "IS_NULLABLE",
          "SCOPE_CATALOG",
          "SCOPE_SCHEMA",
          "SCOPE_TABLE",
          "SOURCE_DATA_TYPE",
          "IS_AUTOINCREMENT",
          "IS_GENERATEDCOLUMN");

  private MetaRows() {}

  static ResultSet columns(MetaDataHandler md, String schema, String table, String column) {
    Pattern cp = MetaDataHandler.like(column);
    List<Object[]> rows = new ArrayList<>();
    for (MetaDataHandler.TableRef r : md.tableRefs(schema, table)) {
      List<RelDataTypeField> fields = md.fields(r.table());
      io.tidal.schema.EntityTable et = md.entityTable(r);
      for (RelDataTypeField f : fields) {
        if (!cp.matcher(f.getName()).matches()) {
          continue;
        }
        RelDataType t = f.getType();
        String typeName = MetaDataHandler.typeName(t);
        boolean nullable = t.isNullable();
        Object def = null;
        if (r.name().equals("SIGNALS") && f.getName().equals("WEIGHT")) {
          def = "1.0";
        } else if (r.name().equals("SIGNALS") && f.getName().equals("TS")) {
          def = "CURRENT_TIMESTAMP";
        }
        int jdbc = MetaDataHandler.jdbcType(t);
        Integer size = size(typeName, t);
        Integer digits = digits(typeName, t);
        io.tidal.schema.Column c =
            et != null && f.getIndex() < et.columns().size()
                ? et.columns().get(f.getIndex())
                : null;
        if (c != null) { // what the DDL declared: TEXT, CHAR(3), NUMERIC(10, 2), SMALLINT ...
          typeName = c.declaredType();
          jdbc = declaredJdbcType(typeName, jdbc);
          size = c.length() >= 0 ? (Integer) c.length() : declaredSize(typeName, size);
          digits = c.scale() >= 0 ? (Integer) c.scale() : digits;
          def = c.defaultSql();
        }
        rows.add(
            new Object[] {
              null,
              r.schema(),
              r.name(),
              f.getName(),
              jdbc,
              typeName,
              size,
              null,
              digits,
              10,
              nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
              null,
              def,
              null,
              null,
              jdbc == Types.VARCHAR || jdbc == Types.CHAR || jdbc == Types.CLOB ? size : null,
              f.getIndex() + 1,
              nullable ? "YES" : "NO",
              null,
              null,
              null,
              null,
              "NO",
              "NO"
            });
      }
    }
    return ListResultSet.of(COLUMN_COLUMNS, rows);
  }

  /** The JDBC type of a declared type name (the engine type's when the name is its own). */
  static int declaredJdbcType(String declared, int engine) {
    return switch (declared) {
      case "CHAR" -> Types.CHAR;
      case "CLOB" -> Types.CLOB;
      case "SMALLINT" -> Types.SMALLINT;
      case "TINYINT" -> Types.TINYINT;
      case "REAL" -> Types.REAL;
      case "FLOAT" -> Types.FLOAT;
      case "NUMERIC" -> Types.NUMERIC;
      case "BINARY" -> Types.BINARY;
      case "BLOB" -> Types.BLOB;
      default -> engine; // TEXT is VARCHAR, as in PostgreSQL's driver
    };
  }

  static Integer declaredSize(String declared, Integer engine) {
    return switch (declared) {
      case "SMALLINT" -> 5;
      case "TINYINT" -> 3;
      case "REAL" -> 7;
      case "NUMERIC" -> 19;
      default -> engine;
    };
  }

  private static int size(String typeName, RelDataType t) {
    return switch (typeName) {
      case "VARCHAR" -> t.getPrecision() > 0 && t.getPrecision() < 65535 ? t.getPrecision() : 65535;
      case "BIGINT" -> 19;
      case "INTEGER" -> 10;
      case "DOUBLE" -> 15;
      case "DECIMAL" -> t.getPrecision();
      case "BOOLEAN" -> 1;
      case "TIMESTAMP" -> 23;
      case "DATE" -> 10;
      case "TIME" -> 12;
      case "VARBINARY" -> 65535;
      default -> 0;
    };
  }

  private static Integer digits(String typeName, RelDataType t) {
    return switch (typeName) {
      case "DECIMAL" -> t.getScale();
      case "TIMESTAMP", "TIME" -> 3;
      case "BIGINT", "INTEGER" -> 0;
      default -> null;
    };
  }

  /**
   * One row of {@code getTypeInfo}: a type name DDL accepts, its JDBC type, its largest precision or
   * length, its literal prefix and CREATE parameters.
   */
  private record TypeRow(String name, int jdbc, int precision, String prefix, String params) {
    boolean text() {
      return jdbc == Types.VARCHAR || jdbc == Types.CHAR || jdbc == Types.CLOB;
    }

    boolean numeric() {
      return prefix == null && jdbc != Types.BOOLEAN;
    }
  }

  /**
   * Every type name CREATE TABLE accepts (SQL.md's mapping table): the engine's names and the
   * declared spellings tools show and offer (TEXT, SMALLINT, NUMERIC, BLOB ...), so that a column's
   * {@code TYPE_NAME} in {@code getColumns} and {@code getColumnTypeName} is always listed. Ordered
   * by DATA_TYPE as JDBC asks, the engine's name first among names of one JDBC type (VARCHAR, TEXT).
   */
  static final List<TypeRow> TYPE_ROWS =
      List.of(
          new TypeRow("VARCHAR", Types.VARCHAR, 65535, "'", "length"),
          new TypeRow("BIGINT", Types.BIGINT, 19, null, null),
          new TypeRow("INTEGER", Types.INTEGER, 10, null, null),
          new TypeRow("DOUBLE", Types.DOUBLE, 15, null, null),
          new TypeRow("DECIMAL", Types.DECIMAL, 19, null, "precision,scale"),
          new TypeRow("BOOLEAN", Types.BOOLEAN, 1, null, null),
          new TypeRow("TIMESTAMP", Types.TIMESTAMP, 23, "TIMESTAMP '", null),
          new TypeRow("DATE", Types.DATE, 10, "DATE '", null),
          new TypeRow("TIME", Types.TIME, 12, "TIME '", null),
          new TypeRow("VARBINARY", Types.VARBINARY, 65535, "X'", "length"),
          new TypeRow("CHAR", Types.CHAR, 65535, "'", "length"),
          new TypeRow("TEXT", Types.VARCHAR, 65535, "'", null),
          new TypeRow("CLOB", Types.CLOB, 65535, "'", null),
          new TypeRow("SMALLINT", Types.SMALLINT, 5, null, null),
          new TypeRow("TINYINT", Types.TINYINT, 3, null, null),
          new TypeRow("REAL", Types.REAL, 7, null, null),
          new TypeRow("FLOAT", Types.FLOAT, 15, null, null),
          new TypeRow("NUMERIC", Types.NUMERIC, 19, null, "precision,scale"),
          new TypeRow("BINARY", Types.BINARY, 65535, "X'", "length"),
          new TypeRow("BLOB", Types.BLOB, 65535, "X'", null));

  static ResultSet typeInfo() {
    List<Object[]> rows = new ArrayList<>();
    List<TypeRow> sorted = new ArrayList<>(TYPE_ROWS);
    sorted.sort(java.util.Comparator.comparingInt(TypeRow::jdbc));
    for (TypeRow t : sorted) {
      String n = t.name();
      boolean decimal = t.jdbc() == Types.DECIMAL || t.jdbc() == Types.NUMERIC;
      rows.add(
          new Object[] {
            n,
            t.jdbc(),
            t.precision(),
            t.prefix(),
            t.prefix() != null ? "'" : null,
            t.params(),
            (short) DatabaseMetaData.typeNullable,
            t.text(),
            (short) DatabaseMetaData.typeSearchable,
            !t.numeric(),
            false,
            false,
            n,
            (short) 0,
            (short) (decimal ? 6 : 0),
            null,
            null,
            t.numeric() ? 10 : null
          });
    }
    return ListResultSet.of(
        List.of(
            "TYPE_NAME",
            "DATA_TYPE",
            "PRECISION",
            "LITERAL_PREFIX",
            "LITERAL_SUFFIX",
            "CREATE_PARAMS",
            "NULLABLE",
            "CASE_SENSITIVE",
            "SEARCHABLE",
            "UNSIGNED_ATTRIBUTE",
            "FIXED_PREC_SCALE",
            "AUTO_INCREMENT",
            "LOCAL_TYPE_NAME",
            "MINIMUM_SCALE",
            "MAXIMUM_SCALE",
            "SQL_DATA_TYPE",
            "SQL_DATETIME_SUB",
            "NUM_PREC_RADIX"),
        rows);
  }
}
