package io.tidal.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import sqlline.SqlLine;

/**
 * {@code ./tidal shell [url|dir] [-f script.sql]}: sqlline connected to a tidal database (by default
 * the demo database). With {@code -f} it runs the script and exits non-zero on the first error.
 */
final class Shell {
  /*
   * sqlline sizes its tables from the terminal; a dumb terminal (a pipe, CI, an IDE console)
   * reports width 0 and every column is truncated away, so without a real terminal, and for
   * scripts, --maxWidth comes from $COLUMNS or defaults to 160. sqlline runs in-process (begin(),
   * not start(), which would call System.exit) and its exit status is returned as ours: 0 OK,
   * 1 bad arguments, 2 any other error (an SQL error in a script). SQL errors print as sqlline's
   * one line, "Error: message (state=SQLSTATE,code=0)", never with a stack trace: sqlline adds a
   * trace only before it counts as initialised (or with !set verbose true), so scripts run with
   * System.err silenced and the interactive shell connects once itself before sqlline does.
   */

  static final String USAGE =
      String.join(
          "\n",
          "usage: ./tidal shell [url|dir] [-f script.sql] [-e 'sql'] [--user U --password P]",
          "",
          "Opens sqlline on a tidal database: a directory, a jdbc:tidal: URL (jdbc:tidal:mem:x,",
          "jdbc:tidal:remote:url=http://127.0.0.1:8765), or by default ./tidal-demo.",
          "Type SQL ending with ';', !tables, !columns items, !help, !quit.",
          "",
          "  -f script.sql   run the script and exit; exit code 2 on the first failing statement",
          "  -e 'sql'        run one statement and exit",
          "  --user U, --password P   credentials (for a server started with --user)",
          "");

  private static final int DEFAULT_WIDTH = 160;

  private Shell() {}

  static int run(String[] argv, PrintStream out, PrintStream err) throws SQLException {
    Args args =
        Args.parse(
            "shell", argv, Set.of("-f", "-e", "--user", "--password"), Set.of("--help", "-h"));
    if (args.flag("--help") || args.flag("-h")) {
      out.print(USAGE);
      return 0;
    }
    String url = resolveUrl(args.optionalPositional("shell"));
    String script = args.option("-f");
    if (script != null && !Files.isRegularFile(Path.of(script))) {
      throw CliException.usage("script file not found: " + script);
    }
    Jdbc.requireDriver();
    List<String> sqlline = new ArrayList<>();
    sqlline.add("-u");
    sqlline.add(url);
    sqlline.add("-n");
    sqlline.add(args.option("--user") == null ? "" : args.option("--user"));
    // sqlline asks for REPEATABLE_READ by default and warns that tidal falls back to this one.
    sqlline.add("--isolation=TRANSACTION_READ_COMMITTED");
    sqlline.add("-p");
    sqlline.add(args.option("--password") == null ? "" : args.option("--password"));
    boolean batch = script != null || args.option("-e") != null;
    if (batch || System.console() == null || "dumb".equals(System.getenv("TERM"))) {
      sqlline.add("--maxWidth=" + width());
    }
    if (script != null) {
      sqlline.add("-f");
      sqlline.add(script);
    }
    if (args.option("-e") != null) {
      sqlline.add("-e");
      sqlline.add(args.option("-e"));
    }
    if (batch) {
      return runSqlLine(sqlline.toArray(new String[0]), out, err, false);
    }
    // Interactive: sqlline connects before it counts as initialised, and a failed connect would
    // print a stack trace; so connect first (a failure is then one line, SQLState and message) and
    // keep that connection until the session ends (it shares the engine sqlline then opens).
    try (Connection first = connect(url, args.option("--user"), args.option("--password"))) {
      return runSqlLine(sqlline.toArray(new String[0]), out, err, true);
    }
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user == null ? "" : user);
    p.setProperty("password", password == null ? "" : password);
    return DriverManager.getConnection(url, p);
  }

  /** The positional argument as a URL; none means the demo database, which must exist. */
  static String resolveUrl(String urlOrDir) {
    if (urlOrDir != null) {
      return Jdbc.urlFor(urlOrDir);
    }
    Path demo = Jdbc.directoryOf(Demo.DEFAULT_DIR);
    if (!Files.isDirectory(demo)) {
      throw new CliException(
          "no database given and no demo database at "
              + demo
              + "; run ./tidal demo first, or pass a directory or jdbc:tidal: URL");
    }
    return Jdbc.PREFIX + demo;
  }

  private static int width() {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) {
      return Integer.parseInt(columns);
    }
    return DEFAULT_WIDTH;
  }

  static int runSqlLine(String[] args, PrintStream out, PrintStream err, boolean interactive) {
    SqlLine sqlLine = new SqlLine();
    sqlLine.setOutputStream(out);
    sqlLine.setErrorStream(err);
    // sqlline runs -f and -e before it counts as initialised, and until then it prints every
    // SQLException's stack trace to System.err (the one-line "Error: ..." goes to err anyway).
    PrintStream systemErr = System.err;
    boolean quiet = !interactive && !Main.debug();
    if (quiet) {
      System.setErr(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    }
    try {
      return sqlLine.begin(args, null, interactive).ordinal();
    } catch (IOException e) {
      throw new CliException("the shell could not start its terminal: " + e.getMessage(), e);
    } finally {
      if (quiet) {
        System.setErr(systemErr);
      }
    }
  }
}
