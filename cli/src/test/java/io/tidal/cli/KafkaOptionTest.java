package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tidal server DIR --kafka ...} without the tidal-cluster module on the class path (as in
 * this module's tests) is refused with a message saying what is missing, before anything is served.
 * The ingest itself is tested in the cluster module (ServerKafkaTest).
 */
class KafkaOptionTest {
  @TempDir Path tmp;

  @Test
  void kafkaWithoutTheClusterModule_saysWhatIsMissing() {
    Cli cli =
        Cli.run(
            "server",
            tmp.resolve("db").toString(),
            "--port",
            "0",
            "--kafka",
            "bootstrap=127.0.0.1:9092,topic=signals,group=tidal");
    assertThat(cli.exitCode).as("%s", cli).isEqualTo(2);
    assertThat(cli.err).contains("--kafka needs the tidal-cluster module on the class path");
  }

  @Test
  void kafkaOptionIsInTheUsage() {
    assertThat(Server.USAGE).contains("--kafka SPEC");
  }
}
