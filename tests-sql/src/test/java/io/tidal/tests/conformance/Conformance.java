package io.tidal.tests.conformance;

import io.tidal.slt.Slt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs one of SQLite's sqllogictest files (read from the class path, where the test-scoped
 * {@code net.hydromatic:sql-logic-test} jar puts them under {@code test/}) through the project's
 * {@link Slt} parser and executor and a fresh {@code jdbc:tidal:mem:} database, and counts records.
 *
 * <p>Design notes: unlike {@code SltScriptsTest}, a failed record does not abort the file: the goal
 * is a pass rate, so every record is run and its outcome counted. Failures are grouped by a cause
 * key derived from the failure text (the SQLSTATE plus the message with literals and identifiers
 * masked, or "wrong result"), so that docs/CONFORMANCE.md can list groups rather than records.
 */
final class Conformance {
  private Conformance() {}

  /** One failed record. */
  record Failure(Slt.Record record, String message) {
    String cause() {
      return causeOf(message);
    }
  }

  /** The outcome of one file. */
  record Result(String file, int records, int passed, List<Failure> failures, long millis) {
    double rate() {
      return records == 0 ? 0 : 100.0 * passed / records;
    }

    /** Failures grouped by cause, largest group first. */
    Map<String, List<Failure>> groups() {
      Map<String, List<Failure>> g = new TreeMap<>();
      for (Failure f : failures) {
        g.computeIfAbsent(f.cause(), k -> new ArrayList<>()).add(f);
      }
      Map<String, List<Failure>> sorted = new LinkedHashMap<>();
      g.entrySet().stream()
          .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      return sorted;
    }

    String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "%s: %d/%d passed (%.2f%%) in %d ms%n",
              file,
              passed,
              records,
              rate(),
              millis));
      groups()
          .forEach(
              (cause, fs) -> {
                Failure f = fs.get(0);
                sb.append(
                    String.format(
                        "  %5d x %s%n        e.g. line %d: %s%n        -> %s%n",
                        fs.size(),
                        cause,
                        f.record().line(),
                        oneLine(f.record().sql(), 300),
                        oneLine(f.message(), 300)));
              });
      return sb.toString();
    }
  }

  /** Reads {@code test/<name>} from the class path. */
  static String load(String name) throws IOException {
    String path = "test/" + name;
    try (InputStream in = Conformance.class.getClassLoader().getResourceAsStream(path)) {
      Objects.requireNonNull(
          in, () -> path + " not on the class path (net.hydromatic:sql-logic-test)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The names (relative to {@code test/}, sorted) of every {@code .test} file under {@code test/<dir>}
   * in the sql-logic-test jar, e.g. {@code files("index/between/10")}.
   */
  static List<String> files(String dir) throws IOException {
    java.net.URL url = Conformance.class.getClassLoader().getResource("test/" + dir);
    Objects.requireNonNull(url, () -> "test/" + dir + " not on the class path");
    try {
      java.net.URI uri = url.toURI();
      java.nio.file.FileSystem fs =
          uri.getScheme().equals("jar")
              ? java.nio.file.FileSystems.newFileSystem(uri, Map.of())
              : null;
      try (fs;
          java.util.stream.Stream<java.nio.file.Path> paths =
              java.nio.file.Files.walk(
                  fs != null ? fs.getPath("test/" + dir) : java.nio.file.Path.of(uri))) {
        return paths
            .map(p -> p.toString().replace('\\', '/'))
            .filter(p -> p.endsWith(".test"))
            .map(p -> p.substring(p.indexOf("test/" + dir.split("/")[0]) + "test/".length()))
            .sorted()
            .toList();
      }
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /** The statement timeout of every record: a runaway plan is a counted failure, not a hang. */
  static final int TIMEOUT_SECONDS = 60;

  /** All records of {@code test/<name>}. */
  static List<Slt.Record> records(String name) throws IOException {
    return Slt.parse(load(name));
  }

  /**
   * A deterministic sample of a file: every record that is not a query (the tables and rows the
   * queries read) and {@code queries} queries evenly spaced over the file's queries (the first,
   * then every {@code ceil(total / queries)}-th).
   */
  static List<Slt.Record> sample(List<Slt.Record> all, int queries) {
    long total = all.stream().filter(Conformance::isQuery).count();
    return sampleEvery(all, Math.max(1, (total + queries - 1) / queries));
  }

  /** Every record that is not a query, and the first and then every {@code stride}-th query. */
  static List<Slt.Record> sampleEvery(List<Slt.Record> all, long stride) {
    List<Slt.Record> out = new ArrayList<>();
    int q = 0;
    for (Slt.Record r : all) {
      if (!isQuery(r) || q++ % stride == 0) {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean isQuery(Slt.Record r) {
    return r.kind().startsWith("query");
  }

  /**
   * Runs {@code records} of file {@code name} in order on a fresh database {@code url}, each with a
   * statement timeout of {@link #TIMEOUT_SECONDS}; never throws for a record.
   */
  static Result run(String name, String url, List<Slt.Record> records) throws SQLException {
    List<Failure> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url)) {
      for (Slt.Record r : records) {
        try {
          Slt.run(c, r, TIMEOUT_SECONDS);
        } catch (AssertionError | SQLException | RuntimeException e) {
          failures.add(new Failure(r, describe(e)));
        }
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Result(name, records.size(), records.size() - failures.size(), failures, ms);
  }

  private static String describe(Throwable e) {
    if (e instanceof SQLException s) {
      return "SQLSTATE " + s.getSQLState() + ": " + s.getMessage();
    }
    if (e instanceof AssertionError) {
      return String.valueOf(e.getMessage());
    }
    return e.getClass().getName() + ": " + e.getMessage();
  }

  /** A grouping key: the message with quoted text, numbers and SQL-ish identifiers masked. */
  static String causeOf(String message) {
    String m = oneLine(message, 400);
    if (m.startsWith("result differs") || m.startsWith("expected ") && m.contains("hashing")) {
      return "wrong result";
    }
    if (m.startsWith("types '")) {
      return "wrong column count";
    }
    m =
        m.replaceAll("\"[^\"]*\"", "\"?\"")
            .replaceAll("'[^']*'", "'?'")
            .replaceAll("line \\d+, column \\d+", "line ?, column ?")
            .replaceAll("\\b\\d+(\\.\\d+)?\\b", "N")
            .replaceAll("\\b[a-z]\\d\\b|\\bt\\d\\b|\\b[a-e]\\b", "x");
    return m.length() > 160 ? m.substring(0, 160) + "..." : m;
  }

  static String oneLine(String s, int max) {
    String v = String.valueOf(s);
    if (v.length() > 4 * max) {
      v = v.substring(0, 4 * max); // a wrong result's message can hold megabytes of rows
    }
    String t = v.replaceAll("\\s+", " ").strip();
    return t.length() > max ? t.substring(0, max - 3) + "..." : t;
  }
}
