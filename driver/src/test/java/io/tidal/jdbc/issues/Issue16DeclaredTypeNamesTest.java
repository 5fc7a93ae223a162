package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: {@code ResultSetMetaData} reports the type a column was declared with, exactly as
 * {@code DatabaseMetaData.getColumns} does (TYPE_NAME, DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS), for
 * a plain query, a prepared statement's metadata before execution, and aliased columns; every name
 * it reports is listed by {@code getTypeInfo} (what DBeaver checks); computed columns keep the type
 * of their value; a CLOB / BLOB column answers getClob / getBlob.
 */
class Issue16DeclaredTypeNamesTest {
  private static final String DDL =
      "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, price FLOAT, r REAL, qty SMALLINT,"
          + " tiny TINYINT, code CHAR(3), note VARCHAR(200), amount NUMERIC(10,2), d DECIMAL,"
          + " cl CLOB, bl BLOB, bin BINARY(4), vb VARBINARY(16), dbl DOUBLE PRECISION, n INT,"
          + " ts TIMESTAMP, dt DATE, tm TIME, ok BOOLEAN, v VARCHAR)";

  @Test
  void resultSetMetaData_matchesGetColumns_forEveryDeclaredType() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:declared_names");
        Statement s = c.createStatement()) {
      s.execute(DDL);
      s.executeUpdate("INSERT INTO t (id, name, cl, bl) VALUES (1, 'a', 'long text', X'CAFE')");
      List<String> columns = new ArrayList<>();
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getColumns(null, "TIDAL", "T", null)) {
        while (rs.next()) {
          columns.add(
              rs.getString("COLUMN_NAME")
                  + " "
                  + rs.getString("TYPE_NAME")
                  + " "
                  + rs.getInt("DATA_TYPE")
                  + " "
                  + rs.getInt("COLUMN_SIZE")
                  + " "
                  + rs.getInt("DECIMAL_DIGITS"));
        }
      }
      assertThat(columns)
          .contains(
              "NAME TEXT " + Types.VARCHAR + " 65535 0",
              "QTY SMALLINT " + Types.SMALLINT + " 5 0",
              "AMOUNT NUMERIC " + Types.NUMERIC + " 10 2",
              "CL CLOB " + Types.CLOB + " 65535 0",
              "BL BLOB " + Types.BLOB + " 65535 0",
              "BIN BINARY " + Types.BINARY + " 4 0",
              "VB VARBINARY " + Types.VARBINARY + " 16 0");
      Set<String> typeInfo = new HashSet<>();
      try (ResultSet rs = md.getTypeInfo()) {
        while (rs.next()) {
          typeInfo.add(rs.getString("TYPE_NAME"));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
        assertThat(describe(rs.getMetaData(), true)).isEqualTo(columns);
        ResultSetMetaData rmd = rs.getMetaData();
        for (int i = 1; i <= rmd.getColumnCount(); i++) {
          assertThat(typeInfo).contains(rmd.getColumnTypeName(i));
        }
        assertThat(rs.next()).isTrue();
        Clob clob = rs.getClob("CL");
        assertThat(clob.getSubString(1, (int) clob.length())).isEqualTo("long text");
        assertThat(rs.getBlob("BL").getBytes(1, 2)).containsExactly(0xCA, 0xFE);
        assertThat(rs.getClob("NAME").length()).isEqualTo(1);
      }
      try (PreparedStatement p = c.prepareStatement("SELECT * FROM t WHERE id = ?")) {
        assertThat(describe(p.getMetaData(), true)).as("before execution").isEqualTo(columns);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT x.qty AS q, x.amount, x.qty + 1 AS q1, CAST(x.name AS VARCHAR(5)) AS nm,"
                  + " MAX(x.amount) AS top FROM t AS x GROUP BY x.qty, x.amount, x.name")) {
        ResultSetMetaData r = rs.getMetaData();
        assertThat(r.getColumnTypeName(1)).isEqualTo("SMALLINT");
        assertThat(r.getColumnType(1)).isEqualTo(Types.SMALLINT);
        assertThat(r.getColumnTypeName(2)).isEqualTo("NUMERIC");
        assertThat(r.getPrecision(2)).isEqualTo(10);
        assertThat(r.getScale(2)).isEqualTo(2);
        // computed: the type of the value
        assertThat(r.getColumnTypeName(3)).isEqualTo("INTEGER");
        assertThat(r.getColumnTypeName(4)).isEqualTo("VARCHAR");
        assertThat(r.getColumnTypeName(5)).isEqualTo("DECIMAL");
        assertThat(r.getColumnClassName(1)).isEqualTo(Integer.class.getName());
      }
    }
  }

  private static List<String> describe(ResultSetMetaData r, boolean withScale)
      throws java.sql.SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= r.getColumnCount(); i++) {
      int size = r.getPrecision(i);
      String name = r.getColumnTypeName(i);
      out.add(
          r.getColumnName(i)
              + " "
              + name
              + " "
              + r.getColumnType(i)
              + " "
              + size
              + " "
              + (withScale ? r.getScale(i) : 0));
    }
    return out;
  }
}
