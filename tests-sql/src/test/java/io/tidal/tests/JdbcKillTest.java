package io.tidal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 through JDBC: a child JVM inserts signals with autocommit into a directory database and
 * prints {@code ACK i} after each {@code executeUpdate} returned; the parent SIGKILLs it at a random
 * moment, reopens the database through DriverManager and checks that every acknowledged insert is
 * there exactly once (the raw signals, read back with {@code SELECT ts FROM signals}), and that
 * nothing appears that was never sent. The next cycle continues after the highest stored index.
 *
 * <p>The kill goes to the pid through the process handle and the parent then reads the child's
 * stdout to EOF, so no ACK the child flushed is lost (notes/reliability.md, the destroyForcibly trap).
 */
class JdbcKillTest {

  @Test
  void killedWhileInserting_everyAcknowledgedSignalSurvives(@TempDir Path dir) throws Exception {
    run(dir, 8);
  }

  @Test
  @Tag("torture")
  void killedWhileInserting_manyCycles(@TempDir Path dir) throws Exception {
    run(dir, 200);
  }

  private static void run(Path dir, int cycles) throws Exception {
    Random random = new Random(Seeds.seed("JdbcKillTest"));
    Path db = dir.resolve("db");
    long next = 0;
    long totalAcked = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
      Process child = start(db, next);
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("OPEN")) {
        lines.add(line);
      }
      assertThat(line).as("child output before OPEN: %s", lines).isEqualTo("OPEN");
      // Let it insert for a random while, counting ACKs as they come, then kill it mid-stream.
      int target = 5 + random.nextInt(120);
      long maxAck = next - 1;
      int seen = 0;
      while (seen < target && (line = out.readLine()) != null) {
        maxAck = ack(line, maxAck);
        seen++;
      }
      child.toHandle().destroyForcibly();
      while ((line = out.readLine()) != null) {
        maxAck = ack(line, maxAck);
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Set<Long> stored = storedIndexes(db);
      for (long i = 0; i <= maxAck; i++) {
        if (!stored.contains(i)) {
          throw new AssertionError(
              "cycle " + cycle + ": acknowledged insert " + i + " lost (max ack " + maxAck + ")");
        }
      }
      long maxStored = stored.stream().mapToLong(Long::longValue).max().orElse(-1);
      // Sent but unacknowledged inserts may survive; nothing beyond what was sent can, and the
      // child sends one at a time, so at most one unacknowledged insert exists per cycle.
      assertThat(maxStored).as("cycle %d", cycle).isLessThanOrEqualTo(maxAck + 1);
      assertThat(stored).as("cycle %d: no gaps", cycle).hasSize((int) (maxStored + 1));
      totalAcked = maxAck + 1;
      next = maxStored + 1;
    }
    System.out.println(
        "[JdbcKillTest] cycles=" + cycles + " acknowledged=" + totalAcked + " stored=" + next);
    assertThat(totalAcked).isGreaterThan(cycles);
  }

  private static long ack(String line, long maxAck) {
    if (line.startsWith("ACK ")) {
      long i = Long.parseLong(line.substring(4));
      assertThat(i).as("ACKs in order").isEqualTo(maxAck + 1);
      return i;
    }
    return maxAck;
  }

  /** Reopens the database and maps every stored signal back to its index; duplicates fail. */
  private static Set<Long> storedIndexes(Path db) throws Exception {
    Set<Long> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:tidal:" + db);
        Statement s = c.createStatement()) {
      if (!tableExists(c)) {
        return out;
      }
      try (ResultSet rs = s.executeQuery("SELECT entity_id, ts FROM signals")) {
        while (rs.next()) {
          long i =
              Duration.between(JdbcKillChild.BASE, rs.getTimestamp(2).toLocalDateTime())
                  .toSeconds();
          assertThat(rs.getString(1)).isEqualTo("e" + (i % 7));
          if (!out.add(i)) {
            throw new AssertionError("signal " + i + " stored twice");
          }
        }
      }
    }
    return out;
  }

  private static boolean tableExists(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sys.signal_types")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private static Process start(Path db, long from) throws IOException {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            JdbcKillChild.class.getName(),
            db.toString(),
            Long.toString(from));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
