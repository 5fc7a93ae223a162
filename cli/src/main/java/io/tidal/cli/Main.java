package io.tidal.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The {@code tidal} command line: {@code demo}, {@code shell}, {@code server} (and {@code bench},
 * which the launcher script runs from the bench module). Started by the {@code ./tidal} script with
 * the shaded driver jar as its class path.
 */
public final class Main {
  /*
   * Design notes. Every subcommand is a class with a static run(args, out, err) returning an exit
   * code, so tests run them in-process without System.exit. Failures a user can cause (bad
   * arguments, a missing database, an SQL error) arrive here as CliException or SQLException and
   * are printed as one line; only TIDAL_DEBUG=1 (or -Dtidal.debug=true) adds the stack trace.
   */

  static final String USAGE =
      String.join(
          "\n",
          "usage: ./tidal <command> [options]",
          "",
          "commands:",
          "  demo [dir]      create a demo database (default ./tidal-demo), load a synthetic week of",
          "                  views, likes and shares, and print rankings with their SQL and latency",
          "  shell [url|dir] interactive SQL shell (sqlline); -f script.sql runs a script and exits",
          "                  (default: the demo database)",
          "  server [dir]    serve a database over HTTP for jdbc:tidal:remote: clients",
          "                  (--port P, --bind 127.0.0.1, --user U --password P)",
          "  backup DIR DEST copy the database in DIR (not open elsewhere) into DEST; while it is",
          "                  open, run the SQL statement BACKUP TO 'DEST' through it instead",
          "  check DIR       verify every WAL entry and data.mv chunk of DIR (exit 0 = sound)",
          "  cluster demo    a Kafka broker and three tidal nodes: the cluster's top-10 next to one",
          "                  node's, a node killed, its partitions moving (docs/SCALE.md)",
          "  bench [args]    run the end-to-end benchmark against H2, SQLite and DuckDB",
          "  help            show this text; ./tidal <command> --help shows a command's options",
          "",
          "JDBC: driver io.tidal.jdbc.TidalDriver, URL jdbc:tidal:<dir> or jdbc:tidal:mem:<name>,",
          "jar driver/target/tidal-jdbc.jar (everything it needs is inside).",
          "");

  private Main() {}

  public static void main(String[] args) {
    quietLogging();
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line; returns the process exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    String command = args[0].toLowerCase(Locale.ROOT);
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "help":
        case "--help":
        case "-h":
          out.print(USAGE);
          return 0;
        case "demo":
          return Demo.run(rest, out, err);
        case "shell":
          return Shell.run(rest, out, err);
        case "server":
          return Server.run(rest, out, err);
        case "backup":
          return Maintain.backup(rest, out, err);
        case "check":
          return Maintain.check(rest, out, err);
        case "cluster":
          return ClusterCommand.run(rest, out, err);
        case "bench":
          err.println("tidal bench: run it through the launcher script: ./tidal bench [args]");
          return 2;
        default:
          err.println("tidal: unknown command '" + args[0] + "'");
          err.print(USAGE);
          return 2;
      }
    } catch (CliException e) {
      err.println("tidal " + command + ": " + e.getMessage());
      debugTrace(e, err);
      return e.exitCode();
    } catch (SQLException e) {
      err.println("tidal " + command + ": " + Jdbc.describe(e));
      debugTrace(e, err);
      return 1;
    } catch (RuntimeException e) {
      err.println("tidal " + command + ": unexpected error: " + e);
      err.println("(run with TIDAL_DEBUG=1 for the stack trace, and please report it)");
      debugTrace(e, err);
      return 1;
    }
  }

  /**
   * Calcite and Avatica log through slf4j 1.7, which prints a three-line warning when no logging
   * backend is bound (the shaded jar binds none, leaving the choice to applications). The command
   * line has nothing to log, so the warning is swallowed once, before anything logs.
   */
  private static void quietLogging() {
    PrintStream saved = System.err;
    System.setErr(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    try {
      LoggerFactory.getILoggerFactory();
    } finally {
      System.setErr(saved);
    }
  }

  private static void debugTrace(Throwable e, PrintStream err) {
    if (debug()) {
      e.printStackTrace(err);
    }
  }

  /** TIDAL_DEBUG=1 or -Dtidal.debug=true: stack traces for every error. */
  static boolean debug() {
    return "1".equals(System.getenv("TIDAL_DEBUG")) || Boolean.getBoolean("tidal.debug");
  }
}
