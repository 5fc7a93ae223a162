package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./tidal} launcher script, run by bash in a copy of the checkout whose {@code mvn} is a
 * stub: it logs its arguments and "builds" the command-line jar (a jar whose manifest class path is this
 * test's class path, so the real {@link Main} runs).
 */
class LauncherTest {
  @TempDir Path root;
  private Path log;
  private Path stubJar;

  @BeforeEach
  void checkout() throws IOException {
    Files.copy(Path.of("..", "tidal"), root.resolve("tidal"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Path src = Files.createDirectories(root.resolve("cli/src/main/java"));
    Files.writeString(src.resolve("A.java"), "class A {}");
    Files.writeString(root.resolve("cli/pom.xml"), "<project/>");
    // Sources older than anything the stub build writes.
    FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    for (Path p :
        List.of(src.resolve("A.java"), root.resolve("pom.xml"), root.resolve("cli/pom.xml"))) {
      Files.setLastModifiedTime(p, past);
    }
    log = root.resolve("mvn.log");
    stubJar = classPathJar(root.resolve("stub.jar"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "echo \"$*\" >> \"$STUB_LOG\"",
            "[[ -n \"${STUB_FAIL:-}\" ]] && { echo 'BUILD FAILURE' >&2; exit 1; }",
            "prev=; for a in \"$@\"; do [[ \"$prev\" == -pl ]] && module=\"$a\"; prev=\"$a\"; done",
            "mkdir -p \"$STUB_ROOT/$module/target\"",
            "echo -n > \"$STUB_ROOT/$module/target/classpath.txt\"",
            "[[ $module == cli ]] && cp \"$STUB_JAR\" \"$STUB_ROOT/cli/target/tidal-cli.jar\"",
            "exit 0",
            ""));
    assertThat(mvn.toFile().setExecutable(true)).isTrue();
  }

  @Test
  void cleanCheckout_buildsTheJarOnce_thenRunsFromIt() throws Exception {
    Result first = tidal(false, "--help");
    assertThat(first.exitCode).as(first.output).isZero();
    assertThat(first.output).contains("usage: ./tidal <command>", "building cli");
    assertThat(mvnCalls()).hasSize(1);
    assertThat(mvnCalls().get(0)).contains("-pl cli -am package", "-DskipTests");

    Result second = tidal(false, "--help");
    assertThat(second.exitCode).isZero();
    assertThat(second.output).doesNotContain("building");
    assertThat(mvnCalls()).as("jar is fresh: no build").hasSize(1);
  }

  @Test
  void sourceNewerThanJar_rebuilds() throws Exception {
    assertThat(tidal(false, "--help").exitCode).isZero();
    Path jar = root.resolve("cli/target/tidal-cli.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 30_000));
    Files.writeString(root.resolve("cli/src/main/java/A.java"), "class A { int x; }");
    assertThat(tidal(false, "--help").exitCode).isZero();
    assertThat(mvnCalls()).hasSize(2);
  }

  @Test
  void failingBuild_exitsNonZeroWithAClearMessage() throws Exception {
    Result result = tidal(true, "demo");
    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.output).contains("the Maven build of cli failed");
  }

  @Test
  void exitCodesAndArguments_passThrough() throws Exception {
    Result result = tidal(false, "demo", "--items", "lots");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("--items must be a whole number, got 'lots'");
  }

  @Test
  void bench_buildsTheBenchModule_andRunsItsMain() throws Exception {
    Result result = tidal(false, "bench", "--quick");
    assertThat(mvnCalls().get(0)).contains("-pl bench -am package");
    assertThat(result.output).contains("io.tidal.bench.e2e.Main");
  }

  private record Result(int exitCode, String output) {}

  private Result tidal(boolean failBuild, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("tidal").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", root.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    pb.environment().put("STUB_LOG", log.toString());
    pb.environment().put("STUB_JAR", stubJar.toString());
    pb.environment().put("STUB_ROOT", root.toString());
    if (failBuild) {
      pb.environment().put("STUB_FAIL", "1");
    }
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private List<String> mvnCalls() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** An empty jar whose manifest class path is this JVM's class path. */
  private static Path classPathJar(Path jar) throws IOException {
    StringBuilder classPath = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        classPath.append(Path.of(entry).toAbsolutePath().toUri().toURL()).append(' ');
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().trim());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.flush();
    }
    return jar;
  }
}
