package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tidal shell URL -f script.sql}: sqlline in script mode, exit codes included. */
class ShellTest {
  @TempDir Path tmp;

  @Test
  void script_allStatementsSucceed_exitsZeroAndPrintsResults() throws IOException {
    Path script =
        Files.writeString(
            tmp.resolve("ok.sql"),
            String.join(
                "\n",
                "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR);",
                "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY);",
                "INSERT INTO items VALUES ('i1', 'Hello'), ('i2', 'World');",
                "INSERT INTO signals (signal_type, entity_id, weight, ts)",
                "  VALUES ('view', 'i2', 4.0, TIMESTAMP '2026-11-01 10:00:00');",
                "SELECT id, title, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR,"
                    + " TIMESTAMP '2026-11-01 12:00:00') AS hot FROM items ORDER BY hot DESC LIMIT 1;",
                ""));
    Cli cli = Cli.run("shell", "jdbc:tidal:mem:shell-ok", "-f", script.toString());
    assertThat(cli.exitCode).as(cli.toString()).isZero();
    assertThat(cli.out).containsPattern("\\| i2 +\\| World +\\| 1\\.0 +\\|");
  }

  @Test
  void script_failingStatement_exitsTwoAndStops() throws IOException {
    Path script =
        Files.writeString(
            tmp.resolve("bad.sql"),
            String.join(
                "\n",
                "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR);",
                "SELECT * FROM no_such_table;",
                "INSERT INTO items VALUES ('after', 'the error');",
                ""));
    Cli cli = Cli.run("shell", "jdbc:tidal:mem:shell-bad", "-f", script.toString());
    assertThat(cli.exitCode).as(cli.toString()).isEqualTo(2);
    assertThat(cli.out + cli.err).containsIgnoringCase("no_such_table");
    assertThat(cli.out).as("the script stopped at the error").doesNotContain("1 row affected");
    assertThat(cli.err).as("no stack trace").doesNotContain("\tat ");
  }

  @Test
  void script_sqlErrors_printStateAndMessageOnly() throws IOException {
    Path script =
        Files.writeString(
            tmp.resolve("bad2.sql"), String.join("\n", "CREATE TABLE t (a UUID);", ""));
    PrintStream systemErr = System.err;
    ByteArrayOutputStream traces = new ByteArrayOutputStream();
    Cli cli;
    try {
      System.setErr(new PrintStream(traces, true, StandardCharsets.UTF_8));
      cli = Cli.run("shell", "jdbc:tidal:mem:shell-bad2", "-f", script.toString());
    } finally {
      System.setErr(systemErr);
    }
    assertThat(cli.exitCode).as(cli.toString()).isEqualTo(2);
    assertThat(cli.err).contains("UUID").contains("state=0A000").doesNotContain("\tat ");
    assertThat(traces.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
  }

  @Test
  void interactive_connectionFails_onelineErrorWithoutStackTrace() {
    PrintStream systemErr = System.err;
    ByteArrayOutputStream traces = new ByteArrayOutputStream();
    Cli cli;
    try {
      System.setErr(new PrintStream(traces, true, StandardCharsets.UTF_8));
      // before the fix this started sqlline's console on the test's stdin: bounded, not hanging
      cli =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60), () -> Cli.run("shell", "jdbc:tidal:mem:shell-prop;bogus=1"));
    } finally {
      System.setErr(systemErr);
    }
    assertThat(cli.exitCode).as(cli.toString()).isEqualTo(1);
    assertThat(cli.err).contains("bogus").contains("08001").doesNotContain("\tat ");
    assertThat(traces.toString(StandardCharsets.UTF_8)).as("System.err").doesNotContain("\tat ");
  }

  @Test
  void script_missingFile_isAUsageError() {
    Cli cli = Cli.run("shell", "jdbc:tidal:mem:x", "-f", tmp.resolve("absent.sql").toString());
    assertThat(cli.exitCode).isEqualTo(2);
    assertThat(cli.err).contains("script file not found");
  }

  @Test
  void shell_noDemoDatabase_explainsWhatToDo() {
    Path demo = Path.of(Demo.DEFAULT_DIR).toAbsolutePath();
    if (Files.exists(demo)) {
      return; // a developer's own demo database: the default is then valid
    }
    Cli cli = Cli.run("shell", "-e", "SELECT 1");
    assertThat(cli.exitCode).isEqualTo(1);
    assertThat(cli.err).contains("run ./tidal demo first");
  }
}
