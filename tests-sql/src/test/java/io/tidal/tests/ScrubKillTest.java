package io.tidal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Auditor;
import io.tidal.testing.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
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
 * Kill -9 between a DELETE and its CHECKPOINT, and inside the CHECKPOINT's scrub: a child JVM
 * deletes rows whose key and note are unique markers, one at a time, each followed by CHECKPOINT,
 * printing {@code DEL i} and {@code CP i} as each returns; the parent SIGKILLs it at a random
 * moment. Then, in this JVM: the database opens; every acknowledged delete holds and every row
 * never deleted is there; after a CHECKPOINT no file holds the key or note of any deleted row,
 * and every remaining row's key is still found (the positive control). The next cycle continues
 * with the first row still present.
 */
class ScrubKillTest {

  @Test
  void killedAroundCheckpoints_deletesHold_andNextCheckpointScrubs(@TempDir Path dir) throws Exception {
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
      s.execute("CHECKPOINT");
    }
    assertThat(Auditor.filesHolding(db, keys.get(0))).as("positive control").isNotEmpty();
    int next = 0;
    int insideRewrite = 0;
    for (int cycle = 0; cycle < cycles && next < n; cycle++) {
      int lastDel = killChild(db, keyFile, next, random.nextInt(8), random.nextInt(250));
      if (Files.exists(db.resolve("data.mv.scrub"))) {
        insideRewrite++; // killed while the new data file was being written: the open deletes it
      }
      Set<String> present = presentKeys(db);
      for (int i = 0; i < n; i++) {
        boolean acked = i <= lastDel;
        if (acked) {
          assertThat(present).as("cycle %d: acknowledged delete %d holds", cycle, i)
              .doesNotContain(keys.get(i));
        } else if (i > lastDel + 1) {
          assertThat(present).as("cycle %d: row %d was never deleted", cycle, i).contains(keys.get(i));
        }
      }
      int firstPresent = present.contains(keys.get(lastDel + 1)) ? lastDel + 1 : lastDel + 2;
      try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
           Statement s = c.createStatement()) {
        s.execute("CHECKPOINT");
      }
      // the rows deleted in this cycle (earlier ones were checked in earlier cycles, and at the end)
      Auditor.assertNoFileHoldsAny(db, Stream.concat(keys.subList(next, firstPresent).stream(),
          notes.subList(next, firstPresent).stream()).toList());
      if (firstPresent < n) {
        assertThat(Auditor.filesHolding(db, keys.get(firstPresent))).as("positive control").isNotEmpty();
      }
      next = firstPresent;
    }
    Auditor.assertNoFileHoldsAny(db, Stream.concat(keys.subList(0, next).stream(),
        notes.subList(0, next).stream()).toList());
    System.out.println("[ScrubKillTest] cycles=" + cycles + " rows deleted=" + next + " of " + n
        + ", kills inside a rewrite=" + insideRewrite);
    assertThat(next).isGreaterThan(0);
  }

  /**
   * Runs the child from {@code from}, kills it {@code delayMs} after its {@code lines}-th output line
   * past OPEN (or when it finishes; the delay lets kills land inside a CHECKPOINT's rewrite), reads
   * its output to EOF and returns the last acknowledged delete (from - 1: none).
   */
  private static int killChild(Path db, Path keyFile, int from, int lines, int delayMs) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ScrubKillChild.class.getName(), db.toString(), keyFile.toString(), Integer.toString(from));
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int lastDel = from - 1;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      List<String> seen = new ArrayList<>();
      while ((line = out.readLine()) != null && !line.equals("OPEN")) {
        seen.add(line);
      }
      assertThat(line).as("child output before OPEN: %s", seen).isEqualTo("OPEN");
      for (int k = 0; k < lines && (line = out.readLine()) != null; k++) {
        lastDel = del(line, lastDel);
      }
      child.waitFor(delayMs, TimeUnit.MILLISECONDS); // the child goes on meanwhile (its lines are kept)
      child.toHandle().destroyForcibly(); // SIGKILL by pid; then drain the pipe to EOF
      while ((line = out.readLine()) != null) {
        lastDel = del(line, lastDel);
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return lastDel;
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
