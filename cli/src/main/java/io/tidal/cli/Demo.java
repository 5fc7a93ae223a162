package io.tidal.cli;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./tidal demo [dir]}: a fresh database, a synthetic week of signals, and the rankings tidal
 * answers from it, each with its SQL and latency.
 */
final class Demo {
  static final String DEFAULT_DIR = "tidal-demo";

  static final String USAGE =
      String.join(
          "\n",
          "usage: ./tidal demo [dir] [--items N] [--signals N] [--seed S] [--url jdbc:tidal:...]",
          "",
          "Creates a database in dir (default ./tidal-demo; a previous demo database there is",
          "replaced, any other non-empty directory is refused), loads a synthetic week of views,",
          "likes and shares, and prints rankings: hot now, rising, top per category, a blend and",
          "one item's score history.",
          "",
          "  --items N     items to create (default 20000)",
          "  --signals N   about how many signals to load (default 400000)",
          "  --seed S      random seed of the synthetic data (default 42)",
          "  --url URL     load into this JDBC URL instead of a directory (e.g. jdbc:tidal:mem:demo)",
          "");

  private Demo() {}

  static int run(String[] argv, PrintStream out, PrintStream err) throws SQLException {
    Args args =
        Args.parse(
            "demo",
            argv,
            Set.of("--items", "--signals", "--seed", "--url"),
            Set.of("--help", "-h"));
    if (args.flag("--help") || args.flag("-h")) {
      out.print(USAGE);
      return 0;
    }
    int items = args.intOption("demo", "--items", 20_000, 100, 5_000_000);
    int signals = args.intOption("demo", "--signals", 400_000, 1_000, 50_000_000);
    long seed = args.intOption("demo", "--seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE);
    String dirArg = args.optionalPositional("demo");
    String url = args.option("--url");
    if (url != null && dirArg != null) {
      throw CliException.usage("give either a directory or --url, not both");
    }
    Jdbc.requireDriver();
    Path dir = null;
    if (url == null) {
      dir = Jdbc.directoryOf(dirArg == null ? DEFAULT_DIR : dirArg);
      if (DemoDirectory.prepare(dir)) {
        err.println("removed the previous demo database in " + dir);
      }
      url = Jdbc.PREFIX + dir;
    }
    long start = System.nanoTime();
    DemoData data = DemoData.generate(seed, items, signals);
    out.printf(
        Locale.ROOT,
        "tidal demo: a synthetic week (%s to %s UTC) of a content site, seed %d%n  database: %s%n%n",
        DemoData.WEEK_START.toLocalDate(),
        DemoData.WEEK_END.toLocalDate(),
        seed,
        url);
    try (Connection conn = Jdbc.connect(url)) {
      DemoLoader.createSchema(conn, out);
      double seconds = DemoLoader.load(conn, data, err, System.console() != null);
      out.println(DemoLoader.summary(data, seconds));
      out.println("Rankings below are as of the end of the week, " + DemoReport.AT_TIME + " UTC.");
      out.println();
      DemoReport.print(conn, data, out);
    }
    out.printf(Locale.ROOT, "Demo done in %.1f s.%n%n", (System.nanoTime() - start) / 1e9);
    printEpilogue(out, dir, url);
    return 0;
  }

  private static void printEpilogue(PrintStream out, Path dir, String url) {
    if (dir == null) {
      out.println("The database " + url + " lived in this process only.");
      return;
    }
    String jar = jarPath();
    out.println("Open the same database:");
    out.println("  SQL shell:  ./tidal shell " + dir);
    out.println(
        "  over HTTP:  ./tidal server "
            + dir
            + "   (clients: jdbc:tidal:remote:url=http://127.0.0.1:"
            + Server.DEFAULT_PORT
            + ")");
    out.println("  from Java:  DriverManager.getConnection(\"" + url + "\") with the jar below");
    out.println(
        "  DBeaver:    Database > Driver Manager > New (Generic): class "
            + Jdbc.DRIVER_CLASS
            + ",");
    out.println(
        "              URL template jdbc:tidal:{folder}, tick Embedded and No authentication,");
    out.println("              Libraries > Add File: " + jar);
    out.println("              then a new connection with folder " + dir);
    out.println("  driver:     " + Jdbc.DRIVER_CLASS + "   URL: " + url);
    out.println("  jar:        " + jar);
    out.println("Close the shell or server before running the demo again (it starts fresh).");
  }

  /**
   * The shaded driver jar, driver/target/tidal-jdbc.jar, found from where this command runs
   * (cli/target/tidal-cli.jar, or cli/target/classes in tests and IDEs): the build of the command
   * line builds it too.
   */
  static String jarPath() {
    String fallback = "driver/target/tidal-jdbc.jar";
    CodeSource source = Demo.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return fallback;
    }
    try {
      Path cliTarget = Path.of(source.getLocation().toURI()).getParent();
      Path cli = cliTarget == null ? null : cliTarget.getParent();
      Path driverJar = cli == null ? null : cli.resolveSibling(fallback);
      return driverJar != null && Files.isRegularFile(driverJar)
          ? driverJar.normalize().toString()
          : fallback;
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return fallback;
    }
  }
}
