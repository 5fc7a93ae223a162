package io.tidal.jdbc.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #16: the type names and column constraints people write, declared and enforced. */
class Issue16TypesTest {
  @TempDir Path dir;

  private static void assertState(Statement s, String sql, String state, String text) {
    assertThatThrownBy(() -> s.executeUpdate(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(e.getMessage()).as(sql).containsIgnoringCase(text))
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo(state));
  }

  private static List<String> column(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void firstTableOfANewUser_isAccepted_andMetadataReportsTheDeclaration() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16types");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t (name TEXT, price FLOAT, qty SMALLINT, code CHAR(3), "
              + "note VARCHAR(200), amount NUMERIC(10,2))");
      s.executeUpdate("INSERT INTO t VALUES ('a', 1.5, 3, 'abc', 'n', 12.345)");
      try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("a");
        assertThat(rs.getDouble(2)).isEqualTo(1.5);
        assertThat(rs.getInt(3)).isEqualTo(3);
        assertThat(rs.getString(4)).isEqualTo("abc");
        assertThat(rs.getBigDecimal(6)).isEqualTo(new BigDecimal("12.35"));
      }
      List<String> seen = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getColumns(null, "TIDAL", "T", "%")) {
        while (rs.next()) {
          seen.add(
              rs.getString("COLUMN_NAME")
                  + " "
                  + rs.getString("TYPE_NAME")
                  + " "
                  + rs.getInt("DATA_TYPE")
                  + " "
                  + rs.getInt("COLUMN_SIZE")
                  + " "
                  + rs.getString("DECIMAL_DIGITS"));
        }
      }
      assertThat(seen)
          .containsExactly(
              "NAME TEXT " + Types.VARCHAR + " 65535 null",
              "PRICE FLOAT " + Types.FLOAT + " 15 null",
              "QTY SMALLINT " + Types.SMALLINT + " 5 0",
              "CODE CHAR " + Types.CHAR + " 3 null",
              "NOTE VARCHAR " + Types.VARCHAR + " 200 null",
              "AMOUNT NUMERIC " + Types.NUMERIC + " 10 2");
    }
  }

  @Test
  void declaredSizes_areEnforced_22001And22003() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16sizes");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t (id INTEGER PRIMARY KEY, code CHAR(3), note VARCHAR(5), "
              + "amount NUMERIC(6,2), qty SMALLINT, tiny TINYINT)");
      s.executeUpdate("INSERT INTO t (id, code, note) VALUES (1, 'abc', 'abcde')");
      assertState(s, "INSERT INTO t (id, code) VALUES (2, 'abcd')", "22001", "'code'");
      assertState(s, "INSERT INTO t (id, note) VALUES (2, 'abcdef')", "22001", "'note'");
      assertState(s, "UPDATE t SET note = note || 'x' WHERE id = 1", "22001", "'note'");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, code) VALUES (?, ?)")) {
        ps.setInt(1, 3);
        ps.setString(2, "wxyz");
        assertThatThrownBy(ps::executeUpdate)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22001"));
        ps.setString(2, "xy    "); // trailing spaces beyond the length are cut, as SQL says
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      assertThat(column(s, "SELECT code || '|' FROM t WHERE id = 3")).containsExactly("xy |");
      assertThat(column(s, "SELECT COUNT(*) FROM t")).containsExactly("2");
      s.executeUpdate("INSERT INTO t (id, amount) VALUES (4, 1234.565)");
      s.executeUpdate("INSERT INTO t (id, amount) VALUES (5, -0.004)");
      assertThat(column(s, "SELECT amount FROM t WHERE id IN (4, 5) ORDER BY id"))
          .containsExactly("1234.57", "0.00");
      assertState(s, "INSERT INTO t (id, amount) VALUES (6, 12345.6)", "22003", "'amount'");
      assertState(s, "UPDATE t SET amount = amount * 10 WHERE id = 4", "22003", "'amount'");
      s.executeUpdate("INSERT INTO t (id, qty, tiny) VALUES (7, -32768, 127)");
      assertState(s, "INSERT INTO t (id, qty) VALUES (8, 32768)", "22003", "'qty'");
      assertState(s, "INSERT INTO t (id, tiny) VALUES (8, -129)", "22003", "'tiny'");
      assertThat(column(s, "SELECT COUNT(*) FROM t")).containsExactly("5");
    }
  }

  @Test
  void notNullDefaultUniqueAndTablePrimaryKey_areEnforced() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:i16cons");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE u (id BIGINT, email VARCHAR(100) NOT NULL UNIQUE, "
              + "nick TEXT UNIQUE, plan VARCHAR DEFAULT 'free', score INTEGER DEFAULT -1, "
              + "created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, a INTEGER, b INTEGER, "
              + "CONSTRAINT pk PRIMARY KEY (id), UNIQUE (a, b))");
      s.executeUpdate("INSERT INTO u (id, email) VALUES (1, 'x@y')");
      try (ResultSet rs = s.executeQuery("SELECT plan, score, created FROM u WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("free");
        assertThat(rs.getInt(2)).isEqualTo(-1);
        assertThat(rs.getTimestamp(3)).isNotNull();
      }
      assertState(s, "INSERT INTO u (id) VALUES (2)", "23502", "'email'");
      assertState(s, "INSERT INTO u (id, email) VALUES (2, NULL)", "23502", "'email'");
      assertState(s, "INSERT INTO u (id, email) VALUES (1, 'other')", "23505", "1");
      assertState(s, "INSERT INTO u (id, email) VALUES (2, 'x@y')", "23505", "(email)");
      s.executeUpdate("INSERT INTO u (id, email, nick) VALUES (2, 'z@y', NULL)");
      s.executeUpdate("INSERT INTO u (id, email, nick) VALUES (3, 'w@y', NULL)"); // NULLs differ
      assertState(s, "UPDATE u SET email = 'x@y' WHERE id = 2", "23505", "(email)");
      s.executeUpdate("UPDATE u SET email = email WHERE id = 1"); // keeps its own value
      s.executeUpdate("DELETE FROM u WHERE id = 1");
      s.executeUpdate("INSERT INTO u (id, email, a, b) VALUES (4, 'x@y', 1, 1)");
      s.executeUpdate("INSERT INTO u (id, email, a, b) VALUES (5, 'v@y', 1, 2)");
      assertState(s, "INSERT INTO u (id, email, a, b) VALUES (6, 'q@y', 1, 2)", "23505", "(a, b)");
      s.executeUpdate("INSERT INTO u (id, email, a, b) VALUES (6, 'q@y', 1, NULL)");
      c.setAutoCommit(false); // in a transaction: free a value, take it, commit
      s.executeUpdate("UPDATE u SET email = 'old' WHERE id = 4");
      s.executeUpdate("INSERT INTO u (id, email) VALUES (7, 'x@y')");
      c.commit();
      c.setAutoCommit(true);
      assertThat(column(s, "SELECT id FROM u WHERE email = 'x@y'")).containsExactly("7");
      // a multi-row INSERT with a duplicate inside it changes nothing
      assertState(s, "INSERT INTO u (id, email) VALUES (8, 'm@y'), (9, 'm@y')", "23505", "(email)");
      assertThat(column(s, "SELECT COUNT(*) FROM u")).containsExactly("6");
    }
  }

  @Test
  void declarationsAndUniqueness_surviveReopen() throws Exception {
    String url = "jdbc:tidal:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t (id INTEGER PRIMARY KEY, code CHAR(2) UNIQUE DEFAULT 'zz', "
              + "amount DECIMAL(5, 1))");
      s.executeUpdate("INSERT INTO t (id, code, amount) VALUES (1, 'ab', 2.25)");
      s.executeUpdate("INSERT INTO t (id) VALUES (2)");
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThat(column(s, "SELECT code || ' ' || amount FROM t ORDER BY id"))
          .containsExactly("ab 2.3", null);
      assertThat(column(s, "SELECT code FROM t ORDER BY id")).containsExactly("ab", "zz");
      assertState(s, "INSERT INTO t (id, code) VALUES (3, 'ab')", "23505", "(code)");
      assertState(s, "INSERT INTO t (id) VALUES (3)", "23505", "(code)");
      assertState(s, "INSERT INTO t (id, code) VALUES (3, 'abc')", "22001", "'code'");
      try (ResultSet rs = c.getMetaData().getColumns(null, "TIDAL", "T", "CODE")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("TYPE_NAME")).isEqualTo("CHAR");
        assertThat(rs.getInt("COLUMN_SIZE")).isEqualTo(2);
        assertThat(rs.getString("COLUMN_DEF")).isEqualTo("'zz'");
      }
    }
  }
}
