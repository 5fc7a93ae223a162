package io.tidal.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started from this JVM's class path (the broker, an ingesting node), writing its output
 * to a log file (and remembers its lines, for {@link #awaitLine}). The child watches its standard
 * input: when this JVM dies (even by kill -9) the pipe
 * closes and the child halts, so no broker outlives a test run. {@link #kill()} is a kill -9.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code mainClass} with {@code args}; stdout and stderr go to {@code log}. */
  static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, Path log, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xshare:auto");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    ChildJvm child = new ChildJvm(pb.start(), log);
    Thread copier = new Thread(child::copyOutput, "child-output-" + mainClass.getSimpleName());
    copier.setDaemon(true);
    copier.start();
    return child;
  }

  /** Copies the child's output to the log, remembering each line for {@link #awaitLine}. */
  private void copyOutput() {
    try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer w =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = r.readLine()) != null) {
        w.write(line);
        w.write('\n');
        w.flush();
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the child is gone
    } finally {
      synchronized (lines) {
        ended = true;
        lines.notifyAll();
      }
    }
  }

  /**
   * Waits for an output line starting with {@code prefix}; the line, or null if the child's output
   * ended or {@code timeout} passed first.
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (lines.get(seen).startsWith(prefix)) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          return null;
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Call first in a child's main: halts the child when the parent's end of stdin closes. */
  static void haltWithParent() {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // parent alive
                }
              } catch (IOException e) {
                // parent gone
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watch");
    t.setDaemon(true);
    t.start();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** kill -9, then waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the child to exit by itself; its exit code, or -1 on timeout. */
  int waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
