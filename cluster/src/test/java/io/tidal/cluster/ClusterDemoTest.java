package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code tidal cluster demo} end to end ({@link ClusterDemo#run}): its own broker, three node JVMs,
 * one killed with kill -9; the cluster's top-10 must equal the single node's before and after the
 * kill (the demo compares them row by row and returns 0 only then), and the output shows the
 * partitions moving. The end-to-end run is in the {@code -Pcluster} profile.
 */
class ClusterDemoTest {
  /** About 45 s on the shared 2-core machine: in the -Pcluster profile (the build budget). */
  @Test
  @EnabledIfSystemProperty(named = "tidal.cluster.long", matches = "true")
  void demoShowsEqualAnswersBeforeAndAfterANodeIsKilled() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int rc;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      rc = ClusterDemo.run(new String[] {"--signals", "4000", "--items", "400"}, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    assertThat(rc).as(text).isZero();
    assertThat(text)
        .contains("kill -9 node n2")
        .contains("n2 down")
        .contains("equal: yes")
        .doesNotContain("DIFFERENT");
    assertThat(text.split("equal: yes", -1)).hasSize(3);
  }

  /** {@code ./tidal cluster demo} runs the command line's Main with this module's class path. */
  @Test
  void theCommandLineReachesTheDemo() throws Exception {
    java.lang.reflect.Method run =
        Class.forName("io.tidal.cli.Main")
            .getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
    run.setAccessible(true); // package-private: the command line's in-process entry point
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Object rc;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      rc = run.invoke(null, new String[] {"cluster", "demo", "--signals", "lots"}, out, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(text).isEqualTo(2);
    assertThat(text).contains("--signals needs a positive integer, got lots");
  }

  @Test
  void badArgumentsAreNamed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      assertThat(ClusterDemo.run(new String[] {"--signals", "many"}, out)).isEqualTo(2);
      assertThat(ClusterDemo.run(new String[] {"--nodes"}, out)).isEqualTo(2);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("'many'".replace("'", ""))
        .contains("--nodes");
  }
}
