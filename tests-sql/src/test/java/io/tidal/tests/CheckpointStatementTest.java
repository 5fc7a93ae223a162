package io.tidal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.testing.Auditor;
import io.tidal.testing.Seeds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CHECKPOINT} through JDBC on a directory database, checked as an auditor would: after
 * {@code DELETE} and {@code CHECKPOINT}, no byte of any file of the database holds the deleted key
 * or column value ({@link Auditor}); the other rows survive, also across a reopen. And its refusals:
 * a read-only connection (25006), a transaction with uncommitted writes (25001).
 */
class CheckpointStatementTest {
  @TempDir Path dir;

  private String url;
  private String key;
  private String title;

  @BeforeEach
  void setUp() {
    Random rnd = new Random(Seeds.seed("CheckpointStatementTest"));
    key = Auditor.marker("KEY", rnd);
    title = Auditor.marker("TITLE", rnd);
    url = "jdbc:tidal:" + dir.resolve("db");
  }

  private void populate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR, n INT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
        for (int i = 0; i < 30; i++) {
          ps.setString(1, "i" + i);
          ps.setString(2, "title " + i);
          ps.setInt(3, i);
          ps.executeUpdate();
          if (i == 15) {
            ps.setString(1, key);
            ps.setString(2, title);
            ps.executeUpdate();
          }
        }
      }
      assertThat(s.executeUpdate("CHECKPOINT")).isZero();
    }
    Path db = dir.resolve("db");
    assertThat(Auditor.filesHolding(db, key))
        .as("positive control: data.mv and the WAL")
        .contains(Path.of("data.mv"))
        .anyMatch(p -> p.startsWith("wal"));
    assertThat(Auditor.filesHolding(db, title)).contains(Path.of("data.mv"));
  }

  private static List<String> ids(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM items ORDER BY n, id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void deleteThenCheckpoint_noFileHoldsTheRow_otherRowsSurviveReopen() throws Exception {
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      others.add("i" + i);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      populate(c);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
        del.setString(1, key);
        assertThat(del.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement cp = c.prepareStatement("CHECKPOINT")) {
        assertThat(cp.executeUpdate()).isZero();
      }
      Auditor.assertNoFileHolds(dir.resolve("db"), key);
      Auditor.assertNoFileHolds(dir.resolve("db"), title);
      assertThat(ids(c)).containsExactlyElementsOf(others);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(ids(c)).containsExactlyElementsOf(others);
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT title FROM items WHERE id = 'i7'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("title 7");
      }
    }
    Auditor.assertNoFileHolds(dir.resolve("db"), key);
  }

  @Test
  void checkpoint_inReadOnlyConnection_is25006NamingIt() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      populate(c);
      c.setReadOnly(true);
      assertThatThrownBy(() -> c.createStatement().execute("CHECKPOINT"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only connection")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25006");
      c.setReadOnly(false);
      assertThat(c.createStatement().executeUpdate("CHECKPOINT")).isZero();
    }
    try (Connection c = DriverManager.getConnection(url + ";read_only=true")) {
      assertThatThrownBy(() -> c.createStatement().execute("CHECKPOINT"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("CHECKPOINT")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25006");
      assertThatThrownBy(
              () -> c.createStatement().executeUpdate("DELETE FROM items WHERE id = 'i1'"))
          .as("an erasure in a read-only database")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25006");
      assertThat(ids(c)).hasSize(31);
    }
  }

  @Test
  void checkpoint_inTransactionWithWrites_is25001_afterCommitRuns() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      populate(c);
      c.setAutoCommit(false);
      assertThat(c.createStatement().executeUpdate("CHECKPOINT"))
          .as("nothing written yet")
          .isZero();
      c.createStatement().executeUpdate("DELETE FROM items WHERE id = 'i3'");
      assertThatThrownBy(() -> c.createStatement().execute("CHECKPOINT"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("commit or roll back first")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25001");
      c.commit();
      assertThat(c.createStatement().executeUpdate("CHECKPOINT")).isZero();
      assertThatThrownBy(() -> c.createStatement().executeQuery("CHECKPOINT"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void checkpoint_withArguments_is42601() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      assertThatThrownBy(() -> c.createStatement().execute("CHECKPOINT FULL"))
          .isInstanceOf(java.sql.SQLSyntaxErrorException.class)
          .hasMessageContaining("'FULL'")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42601");
    }
  }
}
