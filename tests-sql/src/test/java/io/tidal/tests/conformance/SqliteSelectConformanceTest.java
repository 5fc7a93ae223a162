package io.tidal.tests.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.slt.Slt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL conformance against SQLite's {@code select1.test} ... {@code select5.test} (docs/CONFORMANCE.md).
 * Each file runs on a fresh {@code jdbc:tidal:mem:} database; the number of passing records must
 * not drop below the golden count in {@code conformance/golden.txt}. A pass count above the golden
 * count is reported so the golden file can be raised. The whole files take minutes each on 2 cores
 * (every query is planned by Calcite), so the default run takes a deterministic sample of each
 * file ({@link Conformance#sample}: all its statements and {@link #SAMPLE} evenly spaced queries,
 * every {@link #STRIDE_SELECT5}-th query of select5.test;
 * golden key {@code selectN.test@sample}); the whole files run under {@code -Ptorture}. The summary
 * of each run (rates, failure groups with an example) is written to
 * {@code target/conformance/<file>.txt}.
 */
class SqliteSelectConformanceTest {
  private static final AtomicInteger DB = new AtomicInteger();

  /** Queries per file in the default run; select5's many-way joins cost seconds each. */
  static final int SAMPLE = 30;

  /** Every this many-th query of select5.test in the default run (8 of its 732 queries). */
  static final int STRIDE_SELECT5 = 100;

  @ParameterizedTest
  @ValueSource(
      strings = {"select1.test", "select2.test", "select3.test", "select4.test", "select5.test"})
  void sample(String file) throws Exception {
    List<Slt.Record> all = Conformance.records(file);
    check(
        file + "@sample",
        file.equals("select5.test")
            ? Conformance.sampleEvery(all, STRIDE_SELECT5)
            : Conformance.sample(all, SAMPLE),
        file);
  }

  @Tag("torture")
  @ParameterizedTest
  @ValueSource(
      strings = {"select1.test", "select2.test", "select3.test", "select4.test", "select5.test"})
  void wholeFile(String file) throws Exception {
    check(file, Conformance.records(file), file);
  }

  private static void check(String key, List<Slt.Record> records, String file)
      throws IOException, SQLException {
    Conformance.Result r =
        Conformance.run(file, "jdbc:tidal:mem:conformance" + DB.incrementAndGet(), records);
    String summary = r.summary();
    System.out.print(key + ": " + summary);
    Path out = Path.of("target", "conformance");
    Files.createDirectories(out);
    Files.writeString(out.resolve(key.replace('@', '_') + ".txt"), summary);
    Map<String, Integer> goldens = golden();
    assertThat(goldens).as("conformance/golden.txt").containsKey(key);
    int golden = goldens.get(key);
    if (r.passed() > golden) {
      System.out.println(
          key
              + ": "
              + r.passed()
              + " passed, above the golden count "
              + golden
              + "; raise conformance/golden.txt");
    }
    assertThat(r.records()).as("records parsed from %s", key).isGreaterThan(0);
    assertThat(r.passed())
        .as("passing records of %s (golden %d)%n%s", key, golden, summary)
        .isGreaterThanOrEqualTo(golden);
  }

  /** Lines "file[@records] count"; '#' starts a comment. */
  private static Map<String, Integer> golden() throws IOException {
    Map<String, Integer> m = new HashMap<>();
    try (InputStream in =
        SqliteSelectConformanceTest.class
            .getClassLoader()
            .getResourceAsStream("conformance/golden.txt")) {
      assertThat(in).as("conformance/golden.txt").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          String[] p = t.split("\\s+");
          m.put(p[0], Integer.parseInt(p[1]));
        }
      }
    }
    return m;
  }
}
