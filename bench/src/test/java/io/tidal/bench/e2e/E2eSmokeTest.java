package io.tidal.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke of the end-to-end benchmark: W1 at tiny scale (1,000 items, 5,000 signals) through
 * {@link Main}, every target in its own child JVM, every answer checked by the brute-force
 * {@link Oracle}. Asserts correctness only, never a timing. Cost: ~60-80 s on 2 cores.
 */
class E2eSmokeTest {

  @Test
  void tinyW1_everyPeerAnswersCorrectly_tidalNeverWrong(@TempDir Path tmp) throws Exception {
    long seed = Seeds.seed("E2eSmokeTest");
    Main m =
        Main.parse(
            new String[] {
              "--scale",
              "tiny",
              "--runs",
              "1",
              "--seed",
              Long.toString(seed),
              "--work",
              tmp.resolve("work").toString(),
              "--out",
              tmp.resolve("docs").toString()
            });

    Map<String, List<Results>> all = m.run();

    for (String t : Targets.ALL) { // tidal and every peer: each phase ran and every answer is right
      Results r = all.get(t).get(0);
      assertThat(r.status)
          .as(t + " statuses")
          .hasSize(12)
          .allSatisfy((phase, status) -> assertThat(status).as(t + " " + phase).isEqualTo("OK"));
    }
    assertThat(Main.allCorrect(all)).isTrue();
    String md = Files.readString(tmp.resolve("docs/benchmarks/e2e.md"));
    assertThat(md).contains("h2-expert", "duckdb-naive", "Q6 top-10 velocity", Report.MARKER);
    assertThat(Files.size(tmp.resolve("docs/img/e2e.png"))).isPositive();
    assertThat(m.w2Correct).as("W2 (tiny): every answer checked equal").isTrue();
    assertThat(Files.readString(tmp.resolve("docs/benchmarks/w2.md")))
        .contains("sqlite-expert  answers checked", "tidal          answers checked")
        .doesNotContainPattern("wrong: [1-9]");
  }
}
