package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tidal backup DIR DEST} and {@code ./tidal check DIR} in-process: a backup that opens with
 * the source's rows; refusal (naming BACKUP TO) while the directory is open; check of a sound
 * database (0), of a torn WAL tail (0, a note), of a flipped byte inside the WAL (1) and of a
 * destroyed data.mv header (1).
 */
class MaintainTest {
  @TempDir Path dir;

  private Path populate() throws Exception {
    Path db = dir.resolve("db");
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, n INT)");
      s.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
        for (int i = 0; i < 60; i++) { // one WAL batch each
          ps.setString(1, "i" + i);
          ps.setInt(2, i);
          ps.executeUpdate();
        }
      }
    }
    return db;
  }

  @Test
  void backup_copiesAClosedDatabase_andRefusesAnOpenOne() throws Exception {
    Path db = populate();
    Path dest = dir.resolve("dest");
    Cli ok = Cli.run("backup", db.toString(), dest.toString());
    assertThat(ok.exitCode).as(ok.toString()).isZero();
    assertThat(ok.out).contains("jdbc:tidal:" + dest);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + dest + ";create=false");
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(n) FROM items")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(60);
      assertThat(rs.getLong(2)).isEqualTo(59 * 60 / 2);
    }
    assertThat(Cli.run("check", dest.toString()).exitCode).isZero();
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db)) {
      Cli busy = Cli.run("backup", db.toString(), dir.resolve("other").toString());
      assertThat(busy.exitCode).as(busy.toString()).isEqualTo(1);
      assertThat(busy.err).contains("open in another process", "BACKUP TO");
      Cli check = Cli.run("check", db.toString());
      assertThat(check.exitCode).as(check.toString()).isEqualTo(1);
      assertThat(check.err).contains("open in another process");
    }
    Cli again = Cli.run("backup", db.toString(), dest.toString());
    assertThat(again.exitCode).isEqualTo(1);
    assertThat(again.err).contains(dest.toString(), "not an empty directory");
    assertThat(Cli.run("backup", db.toString()).exitCode).isEqualTo(2);
  }

  @Test
  void check_soundTornAndDamaged() throws Exception {
    Path db = populate();
    Cli sound = Cli.run("check", db.toString());
    assertThat(sound.exitCode).as(sound.toString()).isZero();
    assertThat(sound.out).contains("data.mv:", "wal:", "OK:");
    Path segment = segment(db);
    long size = Files.size(segment);
    byte[] original = Files.readAllBytes(segment);

    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(size - 5); // inside the last batch: a torn tail
    }
    Cli torn = Cli.run("check", db.toString());
    assertThat(torn.exitCode).as(torn.toString()).isZero();
    assertThat(torn.out).contains("NOTE", "torn tail");
    assertThat(Files.size(segment)).as("check changes nothing").isEqualTo(size - 5);

    byte[] flipped = original.clone();
    flipped[200] ^= 0x10; // inside an early batch, with durable batches after it
    Files.write(segment, flipped);
    Cli bad = Cli.run("check", db.toString());
    assertThat(bad.exitCode).as(bad.toString()).isEqualTo(1);
    assertThat(bad.out).contains("PROBLEM", segment.getFileName().toString(), "DAMAGED");

    Files.write(segment, original);
    assertThat(Cli.run("check", db.toString()).exitCode).isZero();
    try (RandomAccessFile f = new RandomAccessFile(db.resolve("data.mv").toFile(), "rw")) {
      f.write(new byte[8192]); // both file headers
    }
    Cli store = Cli.run("check", db.toString());
    assertThat(store.exitCode).as(store.toString()).isEqualTo(1);
    assertThat(store.out).contains("PROBLEM");
  }

  private static Path segment(Path db) throws Exception {
    try (Stream<Path> s = Files.list(db.resolve("wal"))) {
      List<Path> segs = s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
      return segs.get(segs.size() - 1);
    }
  }
}
