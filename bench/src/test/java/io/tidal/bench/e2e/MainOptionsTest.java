package io.tidal.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The e2e harness's command line ({@link Main#parse}): where the report goes, what {@code --quick}
 * means, and the messages of bad options. No benchmark runs.
 */
class MainOptionsTest {
  private final String savedRoot = System.getProperty(Main.ROOT_PROPERTY);

  @AfterEach
  void restoreRoot() {
    if (savedRoot == null) {
      System.clearProperty(Main.ROOT_PROPERTY);
    } else {
      System.setProperty(Main.ROOT_PROPERTY, savedRoot);
    }
  }

  @Test
  void withoutOut_theReportGoesUnderTargetOfTheRoot_neverToDocs() {
    System.setProperty(Main.ROOT_PROPERTY, "/some/checkout");
    Main m = Main.parse(new String[] {"--quick"});
    assertThat(m.out).isEqualTo(Paths.get("/some/checkout/target/e2e"));

    System.clearProperty(Main.ROOT_PROPERTY);
    Main cwd = Main.parse(new String[0]);
    assertThat(cwd.out).isEqualTo(Paths.get("target", "e2e"));
    assertThat(cwd.out.toAbsolutePath()).isNotEqualTo(Paths.get("docs").toAbsolutePath());
  }

  @Test
  void out_isTakenAsGiven() {
    System.setProperty(Main.ROOT_PROPERTY, "/some/checkout");
    Main m = Main.parse(new String[] {"--out", "docs"});
    assertThat(m.out).isEqualTo(Path.of("docs"));
  }

  @Test
  void quick_isQuickScaleWithOneRun_aLaterRunsOverrides() {
    Main m = Main.parse(new String[] {"--quick"});
    assertThat(m.scale).isEqualTo("quick");
    assertThat(m.runs).isEqualTo(1);
    assertThat(m.targets).isEqualTo(Targets.ALL);

    Main three = Main.parse(new String[] {"--quick", "--runs", "3"});
    assertThat(three.runs).isEqualTo(3);

    Main full = Main.parse(new String[0]);
    assertThat(full.scale).isEqualTo("full");
    assertThat(full.runs).isEqualTo(3);
  }

  @Test
  void targetsSeedWorkAndResults_areParsed() {
    Main m =
        Main.parse(
            new String[] {
              "--targets",
              "tidal,h2-expert",
              "--seed",
              "7",
              "--work",
              "w",
              "--results",
              "r",
              "--report-only",
              "--no-report",
              "--scale",
              "tiny"
            });
    assertThat(m.targets).isEqualTo(List.of("tidal", "h2-expert"));
    assertThat(m.seed).isEqualTo(7L);
    assertThat(m.work).isEqualTo(Path.of("w"));
    assertThat(m.results).isEqualTo(Path.of("r"));
    assertThat(m.reportOnly).isTrue();
    assertThat(m.report).isFalse();
    assertThat(m.scale).isEqualTo("tiny");
  }

  @Test
  void badOptions_sayWhatIsWrong() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--fast'")
        .hasMessageContaining("--out");
    assertThatThrownBy(() -> Main.parse(new String[] {"--out"}))
        .hasMessageContaining("'--out' needs a value");
    assertThatThrownBy(() -> Main.parse(new String[] {"--runs", "0"}))
        .hasMessageContaining("positive integer, not '0'");
    assertThatThrownBy(() -> Main.parse(new String[] {"--runs", "x"}))
        .hasMessageContaining("not 'x'");
    assertThatThrownBy(() -> Main.parse(new String[] {"--seed", "x"})).hasMessageContaining("'x'");
    assertThatThrownBy(() -> Main.parse(new String[] {"--scale", "huge"}))
        .hasMessageContaining("'huge'");
    assertThatThrownBy(() -> Main.parse(new String[] {"--targets", "oracle"}))
        .hasMessageContaining("'oracle'");
    assertThatThrownBy(() -> Main.parse(new String[] {"--report-only"}))
        .hasMessageContaining("--results");
  }
}
