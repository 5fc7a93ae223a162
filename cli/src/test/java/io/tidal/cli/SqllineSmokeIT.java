package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the command line through the shaded command-line jar: a child JVM runs
 * {@code java -cp tidal-cli.jar sqlline.SqlLine -u jdbc:tidal:<dir> -f script.sql}, as a user
 * would. Run by maven-failsafe-plugin after {@code package}, since the jar ({@code -Dtidal.cli.jar},
 * set in this module's pom) exists only then. Oracle: the rows the script inserted, read back from
 * sqlline's table output, and the exit code (0 for a good script, non-zero for a failing one).
 */
class SqllineSmokeIT {
  @TempDir Path dir;

  @Test
  void goodScriptPrintsRowsAndExitsZero() throws Exception {
    Path db = dir.resolve("db");
    Run r =
        sqlline(
            db,
            """
        CREATE TABLE t (a INTEGER, b VARCHAR(20));
        INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
        SELECT a, b FROM t WHERE a >= 2 ORDER BY a;
        """);
    assertThat(r.exit).as("exit code; output:%n%s", r.out).isZero();
    assertThat(r.out).as("the shaded jar binds SLF4J itself: no warning").doesNotContain("SLF4J");
    assertThat(r.tableRows())
        .as(r.out)
        .containsExactly(List.of("A", "B"), List.of("2", "two"), List.of("3", "three"));
    // The data is durable: a second process sees it.
    Run again = sqlline(db, "SELECT COUNT(*) AS n FROM t;\n");
    assertThat(again.exit).as(again.out).isZero();
    assertThat(again.tableRows()).as(again.out).containsExactly(List.of("N"), List.of("3"));
  }

  @Test
  void failingScriptExitsNonZero() throws Exception {
    Run r = sqlline(dir.resolve("db"), "SELECT * FROM no_such_table;\n");
    assertThat(r.exit).as("exit code; output:%n%s", r.out).isNotZero();
    assertThat(r.out).containsIgnoringCase("no_such_table");
  }

  private record Run(int exit, String out) {
    /** The cells of sqlline's table output: lines "| a | b |". */
    List<List<String>> tableRows() {
      List<List<String>> rows = new ArrayList<>();
      for (String line : out.lines().toList()) {
        String t = line.strip();
        if (t.startsWith("|") && t.endsWith("|") && t.length() > 1) {
          List<String> cells = new ArrayList<>();
          for (String c : t.substring(1, t.length() - 1).split("\\|")) {
            cells.add(c.strip());
          }
          rows.add(cells);
        }
      }
      return rows;
    }
  }

  private Run sqlline(Path db, String script) throws IOException, InterruptedException {
    String jar = System.getProperty("tidal.cli.jar");
    assertThat(jar).as("-Dtidal.cli.jar").isNotNull();
    assertThat(Path.of(jar)).as("shaded command-line jar (run mvn package first)").exists();
    Path sql = Files.createTempFile(dir, "script", ".sql");
    Files.writeString(sql, script);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-Xmx512m",
                "-cp",
                jar,
                "sqlline.SqlLine",
                "-u",
                "jdbc:tidal:" + db,
                "-n",
                "sa",
                "-p",
                "",
                "--maxWidth=120",
                "-f",
                sql.toString())
            .redirectErrorStream(true)
            .redirectInput(
                Files.createTempFile(dir, "stdin", ".txt").toFile()); // empty: no prompts
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("sqlline did not exit within 120 s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
