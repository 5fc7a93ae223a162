package io.tidal.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Entry point of the end-to-end benchmark: runs workload W1 against tidal and the peers, each
 * target in its own child JVM, and writes the report and the plot.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.tidal.bench.e2e.Main \
 *     [--quick | --scale full|quick|tiny] [--runs N] [--targets tidal,h2-naive,...]
 *     [--out DIR] [--work DIR] [--seed N] [--no-report] [--results DIR [--report-only]] [--no-w2]
 * </pre>
 *
 * <p>Writes {@code <out>/benchmarks/e2e.md} and {@code <out>/img/e2e.png}; text after the line
 * {@link Report#MARKER} in an existing report is kept (hand-written findings). Then workload W2
 * ({@link W2Bench#child}, unless {@code --no-w2}) writes {@code <out>/benchmarks/w2.md}. Without
 * {@code --out}, {@code <out>} is {@code target/e2e} under the directory named by the system
 * property {@value #ROOT_PROPERTY} ({@code ./tidal bench} sets it to the checkout), else under the
 * working directory: a run never overwrites the committed docs/benchmarks/e2e.md unless asked to
 * with {@code --out docs}. {@code --quick} is scale quick with one run; a later {@code --runs}
 * overrides the run count. Exit status 0 when every answer of every available target (W2's
 * included) was correct, 1 otherwise.
 */
public final class Main {
  /** System property naming the directory whose {@code target/e2e} receives the report. */
  static final String ROOT_PROPERTY = "tidal.root";

  final List<String> targets = new ArrayList<>(Targets.ALL);
  String scale = "full";
  int runs = 3;
  Path out = defaultOut();
  Path work;
  long seed = W1.SEED;
  boolean report = true;
  Path results;
  boolean reportOnly;
  String jvmHeap = "-Xmx2g";
  boolean w2 = true;
  boolean w2Correct = true;

  public static void main(String[] args) throws Exception {
    Main m;
    try {
      m = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("tidal bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Map<String, List<Results>> all = m.run();
    System.exit(allCorrect(all) && m.w2Correct ? 0 : 1);
  }

  /** {@code target/e2e} under {@value #ROOT_PROPERTY}, or under the working directory. */
  static Path defaultOut() {
    String root = System.getProperty(ROOT_PROPERTY);
    return (root != null ? Paths.get(root) : Paths.get("")).resolve("target").resolve("e2e");
  }

  static Main parse(String[] args) {
    Main m = new Main();
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length && VALUED.contains(args[i])) {
        throw new IllegalArgumentException("option '" + args[i] + "' needs a value");
      }
      switch (args[i]) {
        case "--quick":
          m.scale = "quick";
          m.runs = 1;
          break;
        case "--scale":
          m.scale = args[++i];
          break;
        case "--runs":
          m.runs = positive(args[i], args[++i]);
          break;
        case "--targets":
          m.targets.clear();
          m.targets.addAll(Arrays.asList(args[++i].split(",")));
          break;
        case "--out":
          m.out = Paths.get(args[++i]);
          break;
        case "--work":
          m.work = Paths.get(args[++i]);
          break;
        case "--seed":
          try {
            m.seed = Long.parseLong(args[++i]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs an integer, not '" + args[i] + "'", e);
          }
          break;
        case "--no-report":
          m.report = false;
          break;
        case "--results":
          m.results = Paths.get(args[++i]);
          break;
        case "--report-only":
          m.reportOnly = true;
          break;
        case "--no-w2":
          m.w2 = false;
          break;
        default:
          throw new IllegalArgumentException(
              "unknown option '"
                  + args[i]
                  + "' (--quick, --scale,"
                  + " --runs, --targets, --out, --work, --seed, --no-report, --results, --report-only, --no-w2)");
      }
    }
    if (m.reportOnly && m.results == null) {
      throw new IllegalArgumentException("--report-only needs --results DIR");
    }
    W1.named(m.scale, m.seed);
    m.targets.forEach(Targets::create);
    return m;
  }

  private static final List<String> VALUED =
      List.of("--scale", "--runs", "--targets", "--out", "--work", "--seed", "--results");

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a positive integer, not '" + value + "'");
  }

  /** Runs every target {@code runs} times; returns the results per target, in run order. */
  Map<String, List<Results>> run() throws IOException, InterruptedException {
    Path root = work != null ? work : Files.createTempDirectory("tidal-e2e-");
    Map<String, List<Results>> all = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    if (reportOnly) {
      return reportFromFiles();
    }
    for (int r = 1; r <= runs; r++) {
      for (String t : targets) {
        System.err.printf(Locale.ROOT, "== run %d/%d: %s (%s)%n", r, runs, t, scale);
        all.computeIfAbsent(t, k -> new ArrayList<>()).add(child(root, t, r));
      }
    }
    w2Correct = !w2 || W2Bench.child(scale, out); // workload W2, its own page (issue 17)
    deleteTree(root);
    double minutes = (System.nanoTime() - t0) / 60e9;
    if (report) {
      new Report(this, all, minutes).write();
    }
    return all;
  }

  private Results child(Path root, String target, int run)
      throws IOException, InterruptedException {
    Path dir = root.resolve(target + "-" + run);
    Path file = (results != null ? results : root).resolve(target + "-" + run + ".txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                jvmHeap,
                "-XX:+UseParallelGC",
                "-Dslf4j.internal.verbosity=WARN",
                "-cp",
                classPath(),
                Runner.class.getName(),
                target,
                scale,
                Long.toString(seed),
                dir.toString(),
                file.toString()));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    long limitMinutes = scale.equals("full") ? 90 : 20;
    if (!p.waitFor(limitMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      Results timedOut = new Results();
      timedOut.status.put("all", "FAILED: child JVM exceeded " + limitMinutes + " minutes");
      return timedOut;
    }
    Results res;
    if (Files.exists(file)) {
      res = Results.read(file);
    } else {
      res = new Results();
      res.status.put("all", "FAILED: child JVM exited with " + p.exitValue() + ", no results");
    }
    deleteTree(dir);
    return res;
  }

  /**
   * {@code --report-only}: the report of the result files {@code <target>-<run>.txt} kept in
   * {@code --results DIR} by earlier invocations (e.g. targets measured at different times).
   */
  private Map<String, List<Results>> reportFromFiles() throws IOException {
    Map<String, List<Results>> all = new LinkedHashMap<>();
    for (String t : Targets.ALL) {
      for (int r = 1; Files.exists(results.resolve(t + "-" + r + ".txt")); r++) {
        Path f = results.resolve(t + "-" + r + ".txt");
        all.computeIfAbsent(t, k -> new ArrayList<>()).add(Results.read(f));
      }
    }
    runs = all.values().stream().mapToInt(List::size).max().orElse(0);
    new Report(this, all, Double.NaN).write();
    return all;
  }

  /** The class path of this JVM, as the child needs it (surefire and java -cp both set it). */
  static String classPath() {
    String cp = System.getProperty("tidal.bench.classpath");
    return cp != null ? cp : System.getProperty("java.class.path");
  }

  static boolean allCorrect(Map<String, List<Results>> all) {
    for (List<Results> rs : all.values()) {
      for (Results r : rs) {
        for (String s : r.status.values()) {
          if (s.startsWith("WRONG")) {
            return false;
          }
        }
      }
    }
    return true;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
