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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQLite's sqllogictest corpus beyond select1-5 (issue #16, docs/CONFORMANCE.md): the
 * {@code evidence/} files that apply to standard SQL, and one file of every {@code index/} and
 * {@code random/} kind. Each file runs on a fresh {@code jdbc:tidal:mem:} database; its pass count
 * must not drop below its golden count in {@code conformance/golden.txt}. The default run takes the
 * evidence files whole and a deterministic sample of the others ({@link Conformance#sample}: every
 * statement and {@link #SAMPLE} evenly spaced queries); {@code -Ptorture} runs them whole. Each
 * run's summary is written to {@code target/conformance/<file>.txt}.
 */
class SqliteCorpusConformanceTest {
  private static final AtomicInteger DB = new AtomicInteger();

  /** Queries per sampled file in the default run. */
  static final int SAMPLE = 20;

  /** Small files, run whole in the default build too. */
  static List<String> evidence() {
    return List.of(
        "evidence/in1.test",
        "evidence/in2.test",
        "evidence/slt_lang_aggfunc.test",
        "evidence/slt_lang_createview.test",
        "evidence/slt_lang_dropview.test",
        "evidence/slt_lang_droptable.test",
        "evidence/slt_lang_dropindex.test",
        "evidence/slt_lang_update.test");
  }

  /** One file of every index/ and random/ kind (index/view's slt_good_0 is empty in the jar). */
  static List<String> large() {
    return List.of(
        "index/between/10/slt_good_0.test",
        "index/commute/10/slt_good_0.test",
        "index/delete/10/slt_good_0.test",
        "index/in/10/slt_good_0.test",
        "index/orderby/10/slt_good_0.test",
        "index/orderby_nosort/10/slt_good_0.test",
        "index/random/10/slt_good_0.test",
        "index/view/10/slt_good_1.test",
        "random/aggregates/slt_good_0.test",
        "random/expr/slt_good_0.test",
        "random/groupby/slt_good_0.test",
        "random/select/slt_good_0.test");
  }

  @ParameterizedTest
  @MethodSource("evidence")
  void evidenceFile(String file) throws Exception {
    check(file, Conformance.records(file), file);
  }

  @ParameterizedTest
  @MethodSource("large")
  void sample(String file) throws Exception {
    check(file + "@sample", Conformance.sample(Conformance.records(file), SAMPLE), file);
  }

  @Tag("torture")
  @ParameterizedTest
  @MethodSource("large")
  void wholeFile(String file) throws Exception {
    check(file, Conformance.records(file), file);
  }

  /**
   * Every file under the directories of {@code -Dslt.corpus} (comma-separated, relative to the
   * corpus root, e.g. {@code index/between/10,evidence}), each run whole, under {@code -Ptorture}
   * only: counts, no golden (docs/CONFORMANCE.md records the figures). Without the property the
   * whole {@code evidence/} directory runs (its SQLite-only files too: REPLACE, triggers, REINDEX).
   */
  @Tag("torture")
  @org.junit.jupiter.api.Test
  void wholeDirectories() throws Exception {
    int files = 0;
    int passedFiles = 0;
    long records = 0;
    long passed = 0;
    StringBuilder report = new StringBuilder();
    for (String dir : System.getProperty("slt.corpus", "evidence").split(",")) {
      for (String file : Conformance.files(dir.strip())) {
        Conformance.Result r =
            Conformance.run(
                file, "jdbc:tidal:mem:corpus" + DB.incrementAndGet(), Conformance.records(file));
        files++;
        passedFiles += r.passed() == r.records() ? 1 : 0;
        records += r.records();
        passed += r.passed();
        report.append(r.summary());
        System.out.print(r.summary());
      }
    }
    String total =
        String.format(
            java.util.Locale.ROOT,
            "TOTAL %s: %d files (%d pass every record), %d/%d records passed (%.2f%%)%n",
            System.getProperty("slt.corpus", "evidence"),
            files,
            passedFiles,
            passed,
            records,
            records == 0 ? 0 : 100.0 * passed / records);
    System.out.print(total);
    Path out = Path.of("target", "conformance");
    Files.createDirectories(out);
    Files.writeString(out.resolve("whole-directories.txt"), report + total);
    assertThat(files).as("files under %s", System.getProperty("slt.corpus")).isGreaterThan(0);
  }

  private static void check(String key, List<Slt.Record> records, String file)
      throws IOException, SQLException {
    Conformance.Result r =
        Conformance.run(file, "jdbc:tidal:mem:corpus" + DB.incrementAndGet(), records);
    String summary = r.summary();
    System.out.print(key + ": " + summary);
    Path out = Path.of("target", "conformance");
    Files.createDirectories(out);
    Files.writeString(out.resolve(key.replace('/', '_').replace('@', '_') + ".txt"), summary);
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

  private static Map<String, Integer> golden() throws IOException {
    Map<String, Integer> m = new HashMap<>();
    try (InputStream in =
        SqliteCorpusConformanceTest.class
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
