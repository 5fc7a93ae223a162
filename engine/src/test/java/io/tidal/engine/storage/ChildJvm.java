package io.tidal.engine.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A child JVM running {@link StorageChild} on this JVM's test class path, read line by line.
 *
 * <p>Kill -9 trap (notes/reliability.md): {@code Process.destroyForcibly()} also closes our end of
 * the child's stdout, losing lines not read yet. {@link #kill()} signals the pid through the
 * {@link ProcessHandle} instead, and then reads the pipe to EOF, so every line the child flushed
 * before it died is seen.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final List<String> lines = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static ChildJvm start(String... args) throws IOException {
    return new ChildJvm(
        new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /**
   * Starts the child through {@code /bin/sh} with {@code ulimit -f blocks} (512-byte or 1 KiB
   * blocks, by shell), so that writes past the limit fail with EFBIG (the JVM ignores SIGXFSZ): a
   * real I/O failure, without a test seam in the code under test.
   */
  static ChildJvm startWithFileSizeLimit(int blocks, String... args) throws IOException {
    StringBuilder sh = new StringBuilder("ulimit -f " + blocks + " && exec");
    for (String a : command(args)) {
      sh.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    return new ChildJvm(
        new ProcessBuilder("/bin/sh", "-c", sh.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start());
  }

  private static List<String> command(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-cp",
                System.getProperty("java.class.path"),
                StorageChild.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  long pid() {
    return process.pid();
  }

  /** Reads lines until one matches; fails if the child's output ends first. */
  String awaitLine(Predicate<String> match) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (match.test(line)) {
        return line;
      }
    }
    throw new AssertionError(
        "child exited (" + exitDescription() + ") before the expected line; output: " + lines);
  }

  /** SIGKILL by pid, then every remaining line up to EOF. */
  List<String> kill() throws IOException, InterruptedException {
    process.toHandle().destroyForcibly();
    List<String> rest = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      rest.add(line);
      lines.add(line);
    }
    process.waitFor();
    return rest;
  }

  /** Closes the child's stdin (its cue to finish) and waits for its exit code. */
  int finish() throws IOException, InterruptedException {
    process.getOutputStream().close();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    return process.waitFor();
  }

  List<String> lines() {
    return lines;
  }

  private String exitDescription() {
    try {
      return "exit code " + process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
    }
    out.close();
  }
}
