package io.tidal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BACKUP TO 'dir'} through JDBC: the copy opens with {@code jdbc:tidal:dir} and answers every
 * score as its source did at the backup (checked against a brute force over the signals the test
 * wrote); writes after it are not in it; and its refusals: a non-empty target (22023 naming it),
 * bad syntax (42601), an uncommitted transaction (25001), an in-memory database (0A000).
 */
class BackupStatementTest {
  @TempDir Path dir;

  @Test
  void backupTo_copyOpensWithTheSameScores_laterWritesAbsent() throws Exception {
    Random rnd = new Random(Seeds.seed("BackupStatementTest"));
    String src = "jdbc:tidal:" + dir.resolve("db");
    Path target = dir.resolve("backups").resolve("copy one");
    double[] expected = new double[10];
    long at = 1_780_000_000_000L;
    try (Connection c = DriverManager.getConnection(src);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?)");
          PreparedStatement sig =
              c.prepareStatement(
                  "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)")) {
        for (int i = 0; i < 10; i++) {
          ps.setString(1, "i" + i);
          ps.setString(2, "t" + i);
          ps.executeUpdate();
        }
        for (int k = 0; k < 500; k++) {
          int i = rnd.nextInt(10);
          double w = 1 + rnd.nextInt(5);
          long ts = at - rnd.nextInt(7_200_000);
          sig.setString(1, "i" + i);
          sig.setDouble(2, w);
          sig.setTimestamp(
              3,
              java.sql.Timestamp.valueOf(
                  java.time.LocalDateTime.ofEpochSecond(
                      ts / 1000, (int) (ts % 1000) * 1_000_000, java.time.ZoneOffset.UTC)));
          sig.executeUpdate();
          expected[i] += w * Math.pow(2, -(at - ts) / 3_600_000.0);
        }
      }
      assertThat(s.executeUpdate("BACKUP TO '" + target + "'")).isZero();
      s.execute("INSERT INTO items VALUES ('after', 'x')");
      SQLException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> s.execute("BACKUP TO '" + target + "';"), SQLException.class);
      assertThat(e.getSQLState()).isEqualTo("22023");
      assertThat(e.getMessage()).contains(target.toString());
    }
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + target + ";create=false");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, ?) FROM items WHERE id = ?")) {
      ps.setTimestamp(
          1,
          java.sql.Timestamp.valueOf(
              java.time.LocalDateTime.ofEpochSecond(at / 1000, 0, java.time.ZoneOffset.UTC)));
      for (int i = 0; i < 10; i++) {
        ps.setString(2, "i" + i);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getDouble(1))
              .as("score of i%d in the copy", i)
              .isCloseTo(
                  expected[i],
                  org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, expected[i])));
        }
      }
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT COUNT(*) FROM items WHERE id = 'after'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("a row written after the backup").isZero();
      }
    }
  }

  @Test
  void backupTo_refusals() throws Exception {
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("x"), "x");
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dir.resolve("db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      assertState(() -> s.execute("BACKUP TO '" + full + "'"), "22023", full.toString());
      assertState(() -> s.execute("BACKUP '" + dir.resolve("a") + "'"), "42601", "BACKUP TO");
      assertState(() -> s.execute("BACKUP TO " + dir.resolve("a")), "42601", "BACKUP TO");
      assertState(() -> s.execute("BACKUP TO 'a' 'b'"), "42601", "'b'");
      c.setAutoCommit(false);
      s.execute("INSERT INTO t VALUES (1)");
      assertState(() -> s.execute("BACKUP TO '" + dir.resolve("b") + "'"), "25001", "BACKUP");
      c.rollback();
      assertThat(Files.exists(dir.resolve("b"))).isFalse();
    }
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:backup-test");
        Statement s = c.createStatement()) {
      assertState(() -> s.execute("BACKUP TO '" + dir.resolve("m") + "'"), "0A000", "in-memory");
    }
  }

  private static void assertState(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String state, String text) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state);
              assertThat(e.getMessage()).contains(text);
            });
  }
}
