package io.tidal.jdbc;

import io.tidal.calcite.TidalSchema;
import io.tidal.schema.EntityTable;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code getTables}, {@code getPrimaryKeys} and {@code getIndexInfo} of {@link MetaDataHandler}:
 * the tables, views and system tables a catalog walk finds, each table's key and its secondary
 * indexes (what DBeaver's navigator and schema tools such as Flyway read).
 */
final class TableMetaRows {
  private TableMetaRows() {}

  static ResultSet tables(
      MetaDataHandler meta, String schemaPattern, String tablePattern, String[] types) {
    List<Object[]> rows = new ArrayList<>();
    for (MetaDataHandler.TableRef r : meta.tableRefs(schemaPattern, tablePattern)) {
      String type =
          r.schema().equals(TidalSchema.SYS)
              ? "SYSTEM TABLE"
              : r.table().getJdbcTableType() == org.apache.calcite.schema.Schema.TableType.VIEW
                  ? "VIEW"
                  : "TABLE";
      if (types != null && !List.of(types).contains(type)) {
        continue;
      }
      String remarks = r.name().equals("SIGNALS") ? "append-only signals" : null;
      rows.add(
          new Object[] {null, r.schema(), r.name(), type, remarks, null, null, null, null, null});
    }
    return ListResultSet.of(
        List.of(
            "TABLE_CAT",
            "TABLE_SCHEM",
            "TABLE_NAME",
            "TABLE_TYPE",
            "REMARKS",
            "TYPE_CAT",
            "TYPE_SCHEM",
            "TYPE_NAME",
            "SELF_REFERENCING_COL_NAME",
            "REF_GENERATION"),
        rows);
  }

  static ResultSet primaryKeys(MetaDataHandler meta, String schema, String table) {
    List<Object[]> rows = new ArrayList<>();
    for (MetaDataHandler.TableRef r : meta.tableRefs(schema, table)) {
      EntityTable e = meta.entity(r);
      if (e != null && e.hasPrimaryKey()) {
        rows.add(
            new Object[] {
              null,
              r.schema(),
              r.name(),
              e.columns().get(e.keyIndex()).name().toUpperCase(Locale.ROOT),
              (short) 1,
              "PK_" + r.name()
            });
      }
    }
    return ListResultSet.of(
        List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"),
        rows);
  }

  static ResultSet indexInfo(MetaDataHandler meta, String schema, String table) {
    List<Object[]> rows = new ArrayList<>();
    for (MetaDataHandler.TableRef r : meta.tableRefs(schema, table)) {
      EntityTable e = meta.entity(r);
      if (e != null && e.hasPrimaryKey()) {
        rows.add(
            new Object[] {
              null,
              r.schema(),
              r.name(),
              false,
              null,
              "PK_" + r.name(),
              DatabaseMetaData.tableIndexOther,
              (short) 1,
              e.columns().get(e.keyIndex()).name().toUpperCase(Locale.ROOT),
              "A",
              0L,
              0L,
              null
            });
      }
      if (e != null) {
        for (io.tidal.schema.Index i : meta.indexesOf(e.name())) {
          for (int k = 0; k < i.columns().size(); k++) {
            rows.add(
                new Object[] {
                  null,
                  r.schema(),
                  r.name(),
                  !i.unique(),
                  null,
                  i.name().toUpperCase(Locale.ROOT),
                  DatabaseMetaData.tableIndexOther,
                  (short) (k + 1),
                  i.columns().get(k).toUpperCase(Locale.ROOT),
                  "A",
                  0L,
                  0L,
                  null
                });
          }
        }
      }
    }
    return ListResultSet.of(
        List.of(
            "TABLE_CAT",
            "TABLE_SCHEM",
            "TABLE_NAME",
            "NON_UNIQUE",
            "INDEX_QUALIFIER",
            "INDEX_NAME",
            "TYPE",
            "ORDINAL_POSITION",
            "COLUMN_NAME",
            "ASC_OR_DESC",
            "CARDINALITY",
            "PAGES",
            "FILTER_CONDITION"),
        rows);
  }
}
