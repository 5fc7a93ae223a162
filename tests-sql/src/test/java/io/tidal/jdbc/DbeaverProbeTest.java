package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replays DBeaver's Generic-driver call sequence (notes/clients.md, "The DBeaver-like probe") in
 * strict mode: every metadata call returns a non-null result set with the JDBC-named columns, no
 * RuntimeException escapes, unsupported features answer with empty result sets.
 */
class DbeaverProbeTest {
  private static final String URL = "jdbc:tidal:mem:dbeaver";

  @Test
  void probe_dbeaverCallSequence_allSucceed() throws Exception {
    Driver d = DriverManager.getDriver(URL);
    assertThat(d.acceptsURL(URL)).isTrue();
    assertThat(d.getPropertyInfo(URL, new Properties())).isNotEmpty();
    Properties up = new Properties();
    up.setProperty("user", "");
    up.setProperty("password", "");
    try (Connection c = d.connect(URL, up)) {
      assertThat(c).isNotNull();
      seed(c);
      // 2. connection setup
      c.setReadOnly(true);
      c.setReadOnly(false);
      c.getTransactionIsolation();
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(true);
      assertThat(c.getAutoCommit()).isTrue();
      c.setAutoCommit(false);
      c.commit();
      c.rollback();
      c.setAutoCommit(true);
      c.getCatalog();
      assertThat(c.getSchema()).isEqualTo("TIDAL");
      assertThat(c.isValid(5)).isTrue();
      DatabaseMetaData md = c.getMetaData();
      assertThat(md).isNotNull();
      // 3. server info
      assertThat(md.getDatabaseProductName()).isEqualTo("tidal");
      assertThat(md.getDatabaseProductVersion()).isNotBlank();
      md.getDriverName();
      md.getDriverVersion();
      md.getDatabaseMajorVersion();
      md.getDatabaseMinorVersion();
      assertThat(md.isReadOnly()).isFalse();
      md.getSchemaTerm();
      md.getProcedureTerm();
      md.getCatalogTerm();
      assertThat(md.supportsBatchUpdates()).isTrue();
      assertThat(md.supportsTransactions()).isTrue();
      for (int level : new int[] {0, 1, 2, 4, 8}) {
        md.supportsTransactionIsolationLevel(level);
      }
      md.supportsSavepoints();
      md.getDefaultTransactionIsolation();
      // 4. dialect
      md.getIdentifierQuoteString();
      md.getSQLStateType();
      md.supportsSubqueriesInComparisons();
      md.storesUpperCaseIdentifiers();
      md.storesLowerCaseIdentifiers();
      md.storesMixedCaseIdentifiers();
      md.supportsMixedCaseIdentifiers();
      md.supportsMixedCaseQuotedIdentifiers();
      md.getSearchStringEscape();
      md.getCatalogSeparator();
      md.supportsCatalogsInTableDefinitions();
      md.supportsSchemasInTableDefinitions();
      md.getExtraNameCharacters();
      md.isCatalogAtStart();
      assertThat(md.getSQLKeywords()).isNotNull();
      assertThat(md.getNumericFunctions()).contains("DECAY_SCORE", "WINDOWED_COUNT", "VELOCITY");
      md.getStringFunctions();
      md.getSystemFunctions();
      md.getTimeDateFunctions();
      // 5. structure
      columns(md.getTypeInfo(), "TYPE_NAME", "DATA_TYPE", "PRECISION", "NUM_PREC_RADIX");
      Set<String> typeNames = values(md.getTypeInfo(), "TYPE_NAME");
      List<String> catalogs = new ArrayList<>(values(md.getCatalogs(), "TABLE_CAT"));
      String cat = catalogs.isEmpty() ? null : catalogs.get(0);
      Set<String> schemas = values(md.getSchemas(cat, "%"), "TABLE_SCHEM");
      assertThat(values(md.getSchemas(), "TABLE_SCHEM")).isEqualTo(schemas).contains("TIDAL");
      assertThat(values(md.getTableTypes(), "TABLE_TYPE")).contains("TABLE");
      columns(md.getClientInfoProperties(), "NAME");
      // 6. navigator, with the values returned above
      for (String schem : schemas) {
        c.setSchema(schem);
        ResultSet tables = md.getTables(cat, schem, "%", null);
        columns(tables, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS");
        Set<String> names = values(md.getTables(cat, schem, "%", null), "TABLE_NAME");
        if (schem.equals("TIDAL")) {
          assertThat(names).contains("ITEMS", "USERS", "SIGNALS");
        }
        ResultSet cols = md.getColumns(cat, schem, "%", "%");
        while (cols.next()) {
          assertThat(typeNames)
              .as(
                  "TYPE_NAME of "
                      + cols.getString("TABLE_NAME")
                      + "."
                      + cols.getString("COLUMN_NAME"))
              .contains(cols.getString("TYPE_NAME"));
          cols.getInt("DATA_TYPE");
          cols.getInt("COLUMN_SIZE");
          cols.getInt("NULLABLE");
          cols.getString("IS_NULLABLE");
          cols.getString("IS_AUTOINCREMENT");
        }
        for (String t : names) {
          md.getColumns(cat, schem, t, "%").close();
          columns(md.getPrimaryKeys(cat, schem, t), "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
          columns(md.getImportedKeys(cat, schem, t), "DEFERRABILITY", "FKCOLUMN_NAME");
          columns(md.getExportedKeys(cat, schem, t), "DEFERRABILITY");
          columns(
              md.getIndexInfo(cat, schem, t, false, true),
              "INDEX_NAME",
              "NON_UNIQUE",
              "COLUMN_NAME",
              "ORDINAL_POSITION");
        }
        md.getPrimaryKeys(cat, schem, "%").close();
        md.getImportedKeys(cat, schem, "%").close();
        md.getIndexInfo(cat, schem, "%", false, true).close();
        columns(md.getProcedures(cat, schem, "%"), "PROCEDURE_NAME");
        Set<String> fns = values(md.getFunctions(cat, schem, "%"), "FUNCTION_NAME");
        if (schem.equals("TIDAL")) {
          assertThat(fns).contains("DECAY_SCORE", "WINDOWED_COUNT", "VELOCITY");
        }
      }
      c.setSchema("TIDAL");
      assertThat(values(md.getPrimaryKeys(cat, "TIDAL", "ITEMS"), "COLUMN_NAME"))
          .containsExactly("ID");
      assertThat(values(md.getIndexInfo(cat, "TIDAL", "USERS", false, true), "COLUMN_NAME"))
          .containsExactly("UID");
      // 7. data tab
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT * FROM \"TIDAL\".\"ITEMS\"",
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(200);
        ps.setMaxRows(200);
        assertThat(ps.execute()).isTrue();
        ResultSet rs = ps.getResultSet();
        ResultSetMetaData rmd = rs.getMetaData();
        for (int i = 1; i <= rmd.getColumnCount(); i++) {
          rmd.getColumnLabel(i);
          assertThat(typeNames).contains(rmd.getColumnTypeName(i));
          rmd.getColumnType(i);
          rmd.getTableName(i);
          rmd.getSchemaName(i);
          rmd.getPrecision(i);
          rmd.getScale(i);
          rmd.isNullable(i);
          rmd.isAutoIncrement(i);
          rmd.getColumnClassName(i);
        }
        int rows = 0;
        while (rs.next()) {
          for (int i = 1; i <= rmd.getColumnCount(); i++) {
            rs.getObject(i);
          }
          rows++;
        }
        assertThat(rows).isEqualTo(2);
        assertThat(ps.getMoreResults()).isFalse();
        assertThat(ps.getUpdateCount()).isEqualTo(-1);
      }
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
          assertThat(rs.next()).isTrue();
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT id, DECAY_SCORE(id,'view',INTERVAL '1' HOUR) "
                    + "AS hot FROM items ORDER BY hot DESC LIMIT 10")) {
          assertThat(rs.next()).isTrue();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id) VALUES (?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "view");
        ps.setString(2, "i1");
        assertThat(ps.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys).isNotNull();
        }
      } catch (SQLFeatureNotSupportedException tolerated) {
        // DBeaver falls back
      }
      try (PreparedStatement ps =
          c.prepareStatement("CREATE TABLE extra (id VARCHAR PRIMARY KEY)")) {
        assertThat(ps.execute()).isFalse();
      }
      // 8. wrap-up
      c.getWarnings();
      c.setSchema(c.getSchema());
      try (Connection second = DriverManager.getConnection(URL)) {
        assertThat(second.getMetaData().getTables(null, "TIDAL", "EXTRA", null).next()).isTrue();
      }
    }
  }

  private static void seed(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, price DECIMAL, "
              + "created_at TIMESTAMP, live BOOLEAN, d DATE, n INTEGER, r DOUBLE)");
      s.execute("CREATE TABLE users (uid BIGINT PRIMARY KEY, name VARCHAR)");
      s.execute("CREATE TABLE creators (id VARCHAR PRIMARY KEY)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' HOUR)");
      s.executeUpdate("INSERT INTO items (id, title) VALUES ('i1', 'a'), ('i2', 'b')");
    }
  }

  /** Asserts the result set is non-null and has these columns, then closes it. */
  private static void columns(ResultSet rs, String... names) throws SQLException {
    assertThat(rs).isNotNull();
    ResultSetMetaData md = rs.getMetaData();
    Set<String> have = new HashSet<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      have.add(md.getColumnName(i));
    }
    assertThat(have).contains(names);
    while (rs.next()) {
      for (String n : names) {
        rs.getObject(n);
      }
    }
    rs.close();
  }

  private static Set<String> values(ResultSet rs, String column) throws SQLException {
    assertThat(rs).isNotNull();
    Set<String> out = new java.util.LinkedHashSet<>();
    while (rs.next()) {
      String v = rs.getString(column);
      if (v != null && !v.isEmpty()) {
        out.add(v);
      }
    }
    rs.close();
    return out;
  }
}
