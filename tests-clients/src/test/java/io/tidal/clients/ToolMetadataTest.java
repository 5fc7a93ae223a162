package io.tidal.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain JDBC as a GUI tool (DBeaver's generic driver) uses it on a user's own schema: the
 * navigator's metadata calls with the values the driver itself returned, and the data tab's
 * prepared query with ResultSetMetaData. tests-sql's DbeaverProbeTest replays the whole
 * connect sequence; this one checks what the user-visible objects (declared types, UNIQUE,
 * indexes, views) look like through it, on a file and a memory database.
 */
class ToolMetadataTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void navigatorAndDataTab_reportDeclaredTypesIndexesAndViews(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir);
        Connection c = DriverManager.getConnection(db.url)) {
      db.execute(
          "CREATE TABLE products (id BIGINT PRIMARY KEY, name TEXT NOT NULL, code CHAR(3) UNIQUE, "
              + "price NUMERIC(10, 2), qty SMALLINT, note VARCHAR(200))",
          "CREATE INDEX products_by_name ON products (name)",
          "CREATE VIEW cheap AS SELECT id, name FROM products WHERE price < 10",
          "INSERT INTO products VALUES (1, 'pen', 'PEN', 1.50, 10, NULL)");
      DatabaseMetaData meta = c.getMetaData();
      String schema = c.getSchema();
      String catalog = c.getCatalog();

      assertThat(names(meta.getTables(catalog, schema, "%", null), "TABLE_NAME", "TABLE_TYPE"))
          .contains("PRODUCTS TABLE", "CHEAP VIEW");
      assertThat(
              names(
                  meta.getColumns(catalog, schema, "PRODUCTS", "%"),
                  "COLUMN_NAME",
                  "TYPE_NAME",
                  "COLUMN_SIZE",
                  "DECIMAL_DIGITS",
                  "NULLABLE"))
          .containsExactly(
              "ID BIGINT 19 0 0",
              "NAME TEXT 65535 null 0",
              "CODE CHAR 3 null 1",
              "PRICE NUMERIC 10 2 1",
              "QTY SMALLINT 5 0 1",
              "NOTE VARCHAR 200 null 1");
      assertThat(names(meta.getPrimaryKeys(catalog, schema, "PRODUCTS"), "COLUMN_NAME", "KEY_SEQ"))
          .containsExactly("ID 1");
      assertThat(
              names(
                  meta.getIndexInfo(catalog, schema, "PRODUCTS", false, true),
                  "INDEX_NAME",
                  "NON_UNIQUE",
                  "COLUMN_NAME"))
          .contains("PRODUCTS_BY_NAME true NAME");
      assertThat(names(meta.getColumns(catalog, schema, "CHEAP", "%"), "COLUMN_NAME"))
          .containsExactly("ID", "NAME");

      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT * FROM \"" + schema + "\".\"PRODUCTS\"",
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY)) {
        p.setFetchSize(200);
        p.setMaxRows(200);
        assertThat(p.execute()).isTrue();
        try (ResultSet rs = p.getResultSet()) {
          ResultSetMetaData md = rs.getMetaData();
          List<String> cols = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + " " + md.isNullable(i));
          }
          assertThat(cols).hasSize(6).first().asString().startsWith("ID BIGINT");
          assertThat(rs.next()).isTrue();
          assertThat(rs.getObject("PRICE")).isEqualTo(new java.math.BigDecimal("1.50"));
          assertThat(rs.getObject("NOTE")).isNull();
        }
        assertThat(p.getMoreResults()).isFalse();
        assertThat(p.getUpdateCount()).isEqualTo(-1);
      }
    }
  }

  private static List<String> names(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> parts = new ArrayList<>();
        for (String col : columns) {
          parts.add(rs.getString(col));
        }
        out.add(String.join(" ", parts));
      }
    }
    return out;
  }
}
