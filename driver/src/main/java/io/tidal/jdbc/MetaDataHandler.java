package io.tidal.jdbc;

import io.tidal.calcite.ScoreFunction;
import io.tidal.calcite.TidalSchema;
import io.tidal.schema.EntityTable;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@link DatabaseMetaData} that GUI clients accept (docs/notes/clients.md): real result sets with the
 * JDBC-named columns for schemas, tables, columns (plain TYPE_NAMEs that match {@code getTypeInfo}),
 * primary keys, index info (the primary key as a unique index), empty imported/exported keys,
 * functions (tidal's), procedures (none), type info; product "tidal"; not read-only; transactions
 * supported at READ COMMITTED. Catalogs: none. Schemas: {@code TIDAL} (tables and {@code SIGNALS})
 * and {@code SYS} (system tables). Name patterns match case-insensitively. Anything not listed
 * here is Calcite's answer.
 *
 * <p>The dispatch and the catalog walk live here; the tables, keys and indexes answers in {@link
 * TableMetaRows}, the larger row shapes in {@link MetaRows}.
 */
final class MetaDataHandler extends JdbcProxy {
  private static final String KEYWORDS =
      "DECAY_SCORE,HALF_LIFE,SIGNAL,SIGNALS,VELOCITY," + "WINDOW,WINDOWED_COUNT";

  private final ConnectionHandler conn;
  private final DatabaseMetaData delegate;
  private final DatabaseMetaData proxy;

  MetaDataHandler(ConnectionHandler conn) throws java.sql.SQLException {
    super(DatabaseMetaData.class);
    this.conn = conn;
    this.delegate = conn.calcite().getMetaData();
    this.proxy = create(DatabaseMetaData.class, this);
  }

  DatabaseMetaData proxy() {
    return proxy;
  }

  @Override
  Object handle(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "getConnection":
        return conn.proxy();
      case "getDatabaseProductName":
        return "tidal";
      case "getDatabaseProductVersion":
      case "getDriverVersion":
        return TidalDriver.VERSION;
      case "getDriverName":
        return "tidal JDBC driver";
      case "getDatabaseMajorVersion":
      case "getDriverMajorVersion":
        return 0;
      case "getDatabaseMinorVersion":
      case "getDriverMinorVersion":
        return 1;
      case "getJDBCMajorVersion":
        return 4;
      case "getJDBCMinorVersion":
        return 1;
      case "getURL":
        return conn.url();
      case "getUserName":
        return conn.user() == null ? "" : conn.user();
      case "isReadOnly":
        return false;
      case "supportsTransactions":
        return true;
      case "supportsTransactionIsolationLevel":
        return (Integer) args[0] == Connection.TRANSACTION_READ_COMMITTED;
      case "getDefaultTransactionIsolation":
        return Connection.TRANSACTION_READ_COMMITTED;
      case "supportsSavepoints",
      "supportsStoredProcedures",
      "supportsMultipleResultSets",
      "supportsGetGeneratedKeys",
      "supportsNamedParameters",
      "supportsCatalogsInDataManipulation",
      "supportsCatalogsInTableDefinitions",
      "supportsCatalogsInProcedureCalls",
      "supportsCatalogsInIndexDefinitions",
      "supportsCatalogsInPrivilegeDefinitions",
      "supportsDataDefinitionAndDataManipulationTransactions":
        return false;
      case "supportsBatchUpdates",
      "supportsSchemasInDataManipulation",
      "supportsSchemasInTableDefinitions",
      "supportsSchemasInProcedureCalls",
      "supportsSchemasInIndexDefinitions",
      "supportsSchemasInPrivilegeDefinitions",
      "supportsDataManipulationTransactionsOnly",
      "storesUpperCaseIdentifiers",
      "supportsMixedCaseQuotedIdentifiers":
        return true;
      case "storesLowerCaseIdentifiers",
      "storesMixedCaseIdentifiers",
      "supportsMixedCaseIdentifiers",
      "storesLowerCaseQuotedIdentifiers",
      "storesUpperCaseQuotedIdentifiers":
        return false;
      case "storesMixedCaseQuotedIdentifiers":
        return true;
      case "getIdentifierQuoteString":
        return "\"";
      case "getSearchStringEscape":
        return "\\";
      case "getExtraNameCharacters":
        return "";
      case "getCatalogSeparator":
        return ".";
      case "getCatalogTerm":
        return "catalog";
      case "getSchemaTerm":
        return "schema";
      case "getProcedureTerm":
        return "procedure";
      case "isCatalogAtStart":
        return true;
      case "getSQLStateType":
        return DatabaseMetaData.sqlStateSQL;
      case "getSQLKeywords":
        return KEYWORDS;
      case "getNumericFunctions":
        return safe(() -> delegate.getNumericFunctions())
            + ","
            + "DECAY_SCORE,WINDOWED_COUNT,VELOCITY";
      case "getStringFunctions":
        return safe(() -> delegate.getStringFunctions());
      case "getSystemFunctions":
        return safe(() -> delegate.getSystemFunctions());
      case "getTimeDateFunctions":
        return safe(() -> delegate.getTimeDateFunctions());
      case "getCatalogs":
        return ListResultSet.empty(List.of("TABLE_CAT"));
      case "getSchemas":
        return schemas(args.length > 1 ? (String) args[1] : null);
      case "getTableTypes":
        return ListResultSet.of(
            List.of("TABLE_TYPE"),
            List.of(new Object[] {"SYSTEM TABLE"}, new Object[] {"TABLE"}, new Object[] {"VIEW"}));
      case "getTables":
        return TableMetaRows.tables(this, (String) args[1], (String) args[2], (String[]) args[3]);
      case "getColumns":
        return MetaRows.columns(this, (String) args[1], (String) args[2], (String) args[3]);
      case "getPrimaryKeys":
        return TableMetaRows.primaryKeys(this, (String) args[1], (String) args[2]);
      case "getIndexInfo":
        return TableMetaRows.indexInfo(this, (String) args[1], (String) args[2]);
      case "getImportedKeys", "getExportedKeys", "getCrossReference":
        return ListResultSet.empty(MetaRows.KEY_COLUMNS);
      case "getFunctions":
        return functions((String) args[1], (String) args[2]);
      case "getFunctionColumns":
        return ListResultSet.empty(MetaRows.FUNCTION_COLUMNS);
      case "getProcedures":
        return ListResultSet.empty(MetaRows.PROCEDURE_COLUMNS);
      case "getProcedureColumns":
        return ListResultSet.empty(MetaRows.PROCEDURE_COLUMN_COLUMNS);
      case "getTypeInfo":
        return MetaRows.typeInfo();
      case "getClientInfoProperties":
        return ListResultSet.empty(List.of("NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION"));
      case "getUDTs":
        return ListResultSet.empty(
            List.of(
                "TYPE_CAT",
                "TYPE_SCHEM",
                "TYPE_NAME",
                "CLASS_NAME",
                "DATA_TYPE",
                "REMARKS",
                "BASE_TYPE"));
      case "getSuperTypes":
        return ListResultSet.empty(
            List.of(
                "TYPE_CAT",
                "TYPE_SCHEM",
                "TYPE_NAME",
                "SUPERTYPE_CAT",
                "SUPERTYPE_SCHEM",
                "SUPERTYPE_NAME"));
      case "getSuperTables":
        return ListResultSet.empty(
            List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME"));
      case "getVersionColumns":
        return ListResultSet.empty(
            List.of(
                "SCOPE",
                "COLUMN_NAME",
                "DATA_TYPE",
                "TYPE_NAME",
                "COLUMN_SIZE",
                "BUFFER_LENGTH",
                "DECIMAL_DIGITS",
                "PSEUDO_COLUMN"));
      case "getBestRowIdentifier":
        return ListResultSet.empty(
            List.of(
                "SCOPE",
                "COLUMN_NAME",
                "DATA_TYPE",
                "TYPE_NAME",
                "COLUMN_SIZE",
                "BUFFER_LENGTH",
                "DECIMAL_DIGITS",
                "PSEUDO_COLUMN"));
      case "getTablePrivileges":
        return ListResultSet.empty(
            List.of(
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "GRANTOR",
                "GRANTEE",
                "PRIVILEGE",
                "IS_GRANTABLE"));
      case "getColumnPrivileges":
        return ListResultSet.empty(
            List.of(
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "COLUMN_NAME",
                "GRANTOR",
                "GRANTEE",
                "PRIVILEGE",
                "IS_GRANTABLE"));
      case "getPseudoColumns":
        return ListResultSet.empty(
            List.of(
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "COLUMN_NAME",
                "DATA_TYPE",
                "COLUMN_SIZE",
                "DECIMAL_DIGITS",
                "NUM_PREC_RADIX",
                "COLUMN_USAGE",
                "REMARKS",
                "CHAR_OCTET_LENGTH",
                "IS_NULLABLE"));
      case "getAttributes":
        return ListResultSet.empty(
            List.of(
                "TYPE_CAT",
                "TYPE_SCHEM",
                "TYPE_NAME",
                "ATTR_NAME",
                "DATA_TYPE",
                "ATTR_TYPE_NAME",
                "ATTR_SIZE",
                "DECIMAL_DIGITS",
                "NUM_PREC_RADIX",
                "NULLABLE",
                "REMARKS",
                "ATTR_DEF",
                "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB",
                "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION",
                "IS_NULLABLE",
                "SCOPE_CATALOG",
                "SCOPE_SCHEMA",
                "SCOPE_TABLE",
                "SOURCE_DATA_TYPE"));
      default:
        return forward(delegate, m, args);
    }
  }

  private interface StringCall {
    String get() throws Exception;
  }

  private static String safe(StringCall c) {
    try {
      String s = c.get();
      return s == null ? "" : s;
    } catch (Exception e) {
      return "";
    }
  }

  // ---- catalog walk ----

  /** A schema's tables, as (schema, table name, calcite table) triples. */
  record TableRef(String schema, String name, Table table) {}

  /** The engine definition of a TIDAL table (declared types, defaults), or null. */
  io.tidal.schema.EntityTable entityTable(TableRef r) {
    if (!r.schema().equals("TIDAL")) {
      return null;
    }
    return conn.session().db().schema().table(r.name()).orElse(null);
  }

  /** The secondary indexes of the engine table {@code table}. */
  List<io.tidal.schema.Index> indexesOf(String table) {
    return conn.session().db().schema().indexesOf(table);
  }

  @SuppressWarnings("deprecation")
  List<TableRef> tableRefs(String schemaPattern, String tablePattern) {
    Pattern sp = like(schemaPattern);
    Pattern tp = like(tablePattern);
    SchemaPlus root = conn.calcite().getRootSchema();
    List<TableRef> out = new ArrayList<>();
    for (String s : List.of(TidalSchema.NAME, TidalSchema.SYS)) {
      if (!sp.matcher(s).matches()) {
        continue;
      }
      // ask the schema itself: Calcite's per-schema name cache may lag behind DDL
      AbstractSchema schema = root.getSubSchema(s).unwrap(AbstractSchema.class);
      List<String> names = new ArrayList<>(schema.getTableNames());
      names.sort(null);
      for (String t : names) {
        if (tp.matcher(t).matches()) {
          out.add(new TableRef(s, t, schema.getTable(t)));
        }
      }
    }
    return out;
  }

  RelDataType rowType(Table t) {
    return t.getRowType(conn.calcite().getTypeFactory());
  }

  EntityTable entity(TableRef ref) {
    if (!ref.schema().equals(TidalSchema.NAME)) {
      return null;
    }
    return conn.session().db().schema().table(ref.name()).orElse(null);
  }

  static Pattern like(String pattern) {
    if (pattern == null) {
      return Pattern.compile(".*", Pattern.DOTALL);
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  private ResultSet schemas(String pattern) {
    Pattern p = like(pattern);
    List<Object[]> rows = new ArrayList<>();
    for (String s : List.of(TidalSchema.SYS, TidalSchema.NAME)) {
      if (p.matcher(s).matches()) {
        rows.add(new Object[] {s, null});
      }
    }
    return ListResultSet.of(List.of("TABLE_SCHEM", "TABLE_CATALOG"), rows);
  }

  private ResultSet functions(String schema, String pattern) {
    List<Object[]> rows = new ArrayList<>();
    Pattern sp = like(schema);
    Pattern fp = like(pattern);
    if (sp.matcher(TidalSchema.NAME).matches()) {
      for (ScoreFunction.Kind k : ScoreFunction.Kind.values()) {
        if (fp.matcher(k.sqlName()).matches()) {
          rows.add(
              new Object[] {
                null,
                TidalSchema.NAME,
                k.sqlName(),
                remark(k),
                (short) DatabaseMetaData.functionNoTable,
                k.sqlName()
              });
        }
      }
    }
    return ListResultSet.of(
        List.of(
            "FUNCTION_CAT",
            "FUNCTION_SCHEM",
            "FUNCTION_NAME",
            "REMARKS",
            "FUNCTION_TYPE",
            "SPECIFIC_NAME"),
        rows);
  }

  private static String remark(ScoreFunction.Kind k) {
    return switch (k) {
      case DECAY ->
          "DECAY_SCORE(entity_id, signal_type, half_life INTERVAL [, at]): time-decayed score";
      case COUNT ->
          "WINDOWED_COUNT(entity_id, signal_type, window INTERVAL [, at]): signals in window";
      case VELOCITY ->
          "VELOCITY(entity_id, signal_type, window INTERVAL [, at]): signals per second";
    };
  }

  /** JDBC type code of a column type. */
  static int jdbcType(RelDataType t) {
    SqlTypeName n = t.getSqlTypeName();
    return n == null ? Types.OTHER : n.getJdbcOrdinal();
  }

  /** The plain SQL type name (as {@code getTypeInfo} lists it). */
  static String typeName(RelDataType t) {
    SqlTypeName n = t.getSqlTypeName();
    return n == null ? "OTHER" : n == SqlTypeName.CHAR ? "VARCHAR" : n.getName();
  }

  List<RelDataTypeField> fields(Table t) {
    return rowType(t).getFieldList();
  }
}
