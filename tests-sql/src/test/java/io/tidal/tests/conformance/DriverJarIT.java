package io.tidal.tests.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded driver jar as an application uses it (issue 19): a child JVM runs {@link
 * PlainProgram} with {@code -cp tidal-jdbc.jar:<this module's test classes>} and nothing else. Run
 * by maven-failsafe-plugin after {@code package}, since the jar ({@code -Dtidal.driver.jar}, set in
 * this module's pom) exists only then. The jar holds the driver and what it needs at run time, and
 * none of the command line's tools (they are in cli/'s tidal-cli.jar).
 */
class DriverJarIT {
  private static Path jar() {
    String jar = System.getProperty("tidal.driver.jar");
    assertThat(jar).as("-Dtidal.driver.jar").isNotNull();
    assertThat(Path.of(jar)).as("shaded driver jar (run mvn package first)").exists();
    return Path.of(jar);
  }

  @Test
  void aPlainProgramRunsOnTheJarAlone_withoutSlf4jWarnings() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String cp = jar() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
    Process p =
        new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", cp, PlainProgram.class.getName())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exited within 120 s").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).as("output").contains("top=b").doesNotContain("SLF4J");
  }

  @Test
  void theJarCarriesTheDriverAndTheRemoteClient_butNoCommandLine() throws Exception {
    try (JarFile jar = new JarFile(jar().toFile())) {
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/tidal/jdbc/TidalDriver.class",
              "io/tidal/jdbc/remote/TidalRemoteDriver.class",
              "org/apache/calcite/avatica/remote/Driver.class");
      for (String tool :
          List.of(
              "io/tidal/cli/",
              "sqlline/",
              "org/eclipse/jetty/",
              "org/apache/calcite/avatica/server/")) {
        assertThat(names).as("no %s in the driver jar", tool).noneMatch(n -> n.startsWith(tool));
      }
    }
  }
}
