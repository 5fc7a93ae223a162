package io.tidal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Auditor;
import io.tidal.testing.Seeds;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 between an erasure or a DELETE and its CHECKPOINT, and inside the CHECKPOINT's scrub: a
 * child JVM erases the signals of an actor whose id is a unique marker (3 signals on a filler row
 * each), then deletes the row whose key (the same marker) and note are unique markers, one at a
 * time, each followed by CHECKPOINT, printing {@code ERASE i n}, {@code DEL i} and {@code CP i} as
 * each returns; the parent SIGKILLs it at a random moment. Then, in this JVM: the database opens;
 * every acknowledged erasure and delete holds and every row and signal never deleted is there;
 * after a CHECKPOINT no file holds the key, actor or note of any deleted row, and every remaining
 * row's key is still found (the positive control). The next cycle continues with the first row
 * still present.
 */
class ScrubKillTest {

  @Test
  void killedAroundCheckpoints_deletesHold_andNextCheckpointScrubs(@TempDir Path dir)
      throws Exception {
    run(dir, 5);
  }

  @Test
  @Tag("torture")
  void killedAroundCheckpoints_manyCycles(@TempDir Path dir) throws Exception {
    run(dir, 60);
  }

  private static void run(Path dir, int cycles) throws Exception {
    Random random = new Random(Seeds.seed("ScrubKillTest"));
    Path db = dir.resolve("db");
    int n = cycles * 6;
    List<String> keys = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(Auditor.marker("K" + (i % 100), random));
      notes.add(Auditor.marker("N", random));
    }
    Path keyFile = dir.resolve("keys.txt");
    Files.write(keyFile, keys);
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE people (id VARCHAR PRIMARY KEY, note VARCHAR)");
      s.execute(
          "CREATE SIGNAL TYPE visit ON people HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO people VALUES (?, ?)")) {
        for (int i = 0; i < n; i++) {
          ps.setString(1, keys.get(i));
          ps.setString(2, notes.get(i));
          ps.executeUpdate();
        }
        // rows around them: a data.mv of a few MB, so that a kill often lands inside the rewrite
        for (int i = 0; i < 20_000; i++) {
          ps.setString(1, "filler-" + i);
          ps.setString(2, "x".repeat(200));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, actor_id) VALUES ('visit', ?, ?)")) {
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < 3; k++) { // the marker actor's signals, on a row that stays
            ps.setString(1, "filler-" + i);
            ps.setString(2, keys.get(i));
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      s.execute("CHECKPOINT");
    }
    assertThat(Auditor.filesHolding(db, keys.get(0))).as("positive control").isNotEmpty();
    int next = 0;
    int insideRewrite = 0;
    for (int cycle = 0; cycle < cycles && next < n; cycle++) {
      int[] last = killChild(db, keyFile, next, random.nextInt(12), random.nextInt(250));
      int lastDel = last[0];
      if (Files.exists(db.resolve("data.mv.scrub"))) {
        insideRewrite++; // killed while the new data file was being written: the open deletes it
      }
      for (int i = next; i < Math.min(n, last[1] + 3); i++) {
        // acknowledged erasures hold; the one the child was killed in may or may not have happened
        assertThat(signalsOf(db, keys.get(i)))
            .as("cycle %d: signals of actor %d (last erased %d)", cycle, i, last[1])
            .isIn(i <= last[1] ? List.of(0) : i == last[1] + 1 ? List.of(0, 3) : List.of(3));
      }
      Set<String> present = presentKeys(db);
      for (int i = 0; i < n; i++) {
        boolean acked = i <= lastDel;
        if (acked) {
          assertThat(present)
              .as("cycle %d: acknowledged delete %d holds", cycle, i)
              .doesNotContain(keys.get(i));
        } else if (i > lastDel + 1) {
          assertThat(present)
              .as("cycle %d: row %d was never deleted", cycle, i)
              .contains(keys.get(i));
        }
      }
      int firstPresent = present.contains(keys.get(lastDel + 1)) ? lastDel + 1 : lastDel + 2;
      try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
          Statement s = c.createStatement()) {
        s.execute("CHECKPOINT");
      }
      // the rows deleted in this cycle (earlier ones were checked in earlier cycles, and at the
      // end)
      Auditor.assertNoFileHoldsAny(
          db,
          Stream.concat(
                  keys.subList(next, firstPresent).stream(),
                  notes.subList(next, firstPresent).stream())
              .toList());
      if (firstPresent < n) {
        assertThat(Auditor.filesHolding(db, keys.get(firstPresent)))
            .as("positive control")
            .isNotEmpty();
      }
      next = firstPresent;
    }
    Auditor.assertNoFileHoldsAny(
        db,
        Stream.concat(keys.subList(0, next).stream(), notes.subList(0, next).stream()).toList());
    System.out.println(
        "[ScrubKillTest] cycles="
            + cycles
            + " rows deleted="
            + next
            + " of "
            + n
            + ", kills inside a rewrite="
            + insideRewrite);
    assertThat(next).isGreaterThan(0);
  }

  /**
   * Runs the child from {@code from}, kills it {@code delayMs} after its {@code lines}-th output line
   * past OPEN (or when it finishes; the delay lets kills land inside a CHECKPOINT's rewrite), reads
   * its output to EOF and returns the last acknowledged delete (from - 1: none).
   */
  private static int[] killChild(Path db, Path keyFile, int from, int lines, int delayMs)
      throws Exception {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            ScrubKillChild.class.getName(),
            db.toString(),
            keyFile.toString(),
            Integer.toString(from));
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int lastDel = from - 1;
    int[] lastErase = {from - 1};
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      List<String> seen = new ArrayList<>();
      while ((line = out.readLine()) != null && !line.equals("OPEN")) {
        seen.add(line);
      }
      assertThat(line).as("child output before OPEN: %s", seen).isEqualTo("OPEN");
      for (int k = 0; k < lines && (line = out.readLine()) != null; k++) {
        lastDel = del(line, lastDel);
        erased(line, lastErase, from);
      }
      child.waitFor(
          delayMs, TimeUnit.MILLISECONDS); // the child goes on meanwhile (its lines are kept)
      child.toHandle().destroyForcibly(); // SIGKILL by pid; then drain the pipe to EOF
      while ((line = out.readLine()) != null) {
        lastDel = del(line, lastDel);
        erased(line, lastErase, from);
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new int[] {lastDel, lastErase[0]};
  }

  /**
   * Follows {@code ERASE i n} lines: erasures in order, each of the actor's 3 signals (the first of
   * a cycle may find none: the previous child's erasure of it may have been acknowledged).
   */
  private static void erased(String line, int[] lastErase, int from) {
    if (line.startsWith("ERASE ")) {
      String[] f = line.split(" ");
      int i = Integer.parseInt(f[1]);
      assertThat(i).as("erasures in order").isEqualTo(lastErase[0] + 1);
      assertThat(Integer.parseInt(f[2]))
          .as("signals erased of actor " + i)
          .isIn(i == from ? List.of(0, 3) : List.of(3));
      lastErase[0] = i;
    }
  }

  /** The number of retained signals of {@code actor}. */
  private static int signalsOf(Path db, String actor) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM signals WHERE actor_id = ?")) {
      ps.setString(1, actor);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static int del(String line, int lastDel) {
    if (line.startsWith("DEL ")) {
      int i = Integer.parseInt(line.substring(4));
      assertThat(i).as("deletes in order").isEqualTo(lastDel + 1);
      return i;
    }
    return lastDel;
  }

  private static Set<String> presentKeys(Path db) throws Exception {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM people")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
