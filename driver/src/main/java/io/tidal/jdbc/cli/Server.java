package io.tidal.jdbc.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code ./tidal server [dir|url] [--port P] [--bind ADDR] [--user U --password P]}: serves a
 * database over HTTP until interrupted (Ctrl-C).
 */
final class Server {
  static final int DEFAULT_PORT = 8765;
  static final String DEFAULT_BIND = "127.0.0.1";
  static final String PASSWORD_ENV = "TIDAL_SERVER_PASSWORD";

  static final String USAGE =
      String.join(
          "\n",
          "usage: ./tidal server [dir|url] [--port P] [--bind ADDR] [--user U --password P]",
          "",
          "Serves a tidal database (default ./tidal-demo) over HTTP (Apache Calcite Avatica,",
          "protobuf). Clients use the same driver jar with",
          "  jdbc:tidal:remote:url=http://127.0.0.1:" + DEFAULT_PORT,
          "",
          "  --port P        port to listen on (default " + DEFAULT_PORT + "; 0 picks a free one)",
          "  --bind ADDR     address to listen on (default 127.0.0.1: this machine only)",
          "  --user U        require HTTP basic authentication as user U; clients pass",
          "                  user and password as JDBC properties",
          "  --password P    the password (or set $" + PASSWORD_ENV + " to keep it off the",
          "                  command line)",
          "  --kafka SPEC    also ingest a Kafka signals topic, exactly once:",
          "                  bootstrap=HOST:PORT,topic=signals,group=tidal (docs/SCALE.md)",
          "");

  private Server() {}

  /** What to serve and how. */
  record Options(String url, String bind, int port, TidalServer.Credentials credentials) {}

  static int run(String[] argv, PrintStream out, PrintStream err) throws SQLException {
    Options options = options(argv);
    if (options == null) {
      out.print(USAGE);
      return 0;
    }
    Jdbc.requireDriver();
    AutoCloseable kafka = KafkaOption.start(options.url(), KafkaOption.spec(argv), out);
    TidalServer server = KafkaOption.closeIfFails(kafka,
        () -> TidalServer.start(options.url(), options.bind(), options.port(), options.credentials()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, kafka, err),
        "tidal-server-stop"));
    printBanner(options, server, out, err);
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Parses the command line; null means --help. */
  static Options options(String[] argv) {
    Args args =
        Args.parse(
            "server", argv, Set.of("--port", "--bind", "--user", "--password", KafkaOption.FLAG),
            Set.of("--help", "-h"));
    if (args.flag("--help") || args.flag("-h")) {
      return null;
    }
    String url = Shell.resolveUrl(args.optionalPositional("server"));
    if (url.startsWith("jdbc:tidal:remote:")) {
      throw CliException.usage("serve a database directory, not a remote URL");
    }
    int port = args.intOption("server", "--port", DEFAULT_PORT, 0, 65_535);
    String bind = args.option("--bind") == null ? DEFAULT_BIND : args.option("--bind");
    return new Options(url, bind, port, credentials(args));
  }

  private static void printBanner(Options options, TidalServer server, PrintStream out,
      PrintStream err) {
    String bind = options.bind();
    TidalServer.Credentials credentials = options.credentials();
    out.println("tidal server: serving " + options.url());
    out.println("  listening on http://" + bind + ":" + server.port()
        + (isLoopback(bind) ? " (this machine only; --bind to change)" : ""));
    out.println("  clients:     " + server.clientUrl());
    out.println("               driver " + Jdbc.DRIVER_CLASS + ", jar " + Demo.jarPath());
    out.println("  auth:        " + (credentials == null
        ? "none (anyone who can reach the address can connect)"
        : "HTTP basic, user " + credentials.user()
            + " (clients pass user and password as JDBC properties)"));
    if (!isLoopback(bind) && credentials == null) {
      err.println("warning: listening on " + bind + " without authentication: anyone who can reach"
          + " this address can read and write the database; consider --user and --password");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  private static TidalServer.Credentials credentials(Args args) {
    String user = args.option("--user");
    String password = args.option("--password");
    if (password == null && user != null) {
      password = System.getenv(PASSWORD_ENV);
    }
    if (user == null && password != null) {
      throw CliException.usage("--password needs --user");
    }
    return user == null ? null : new TidalServer.Credentials(user, password);
  }

  static boolean isLoopback(String bind) {
    return bind.equals("localhost") || bind.startsWith("127.") || bind.equals("::1");
  }

  private static void stop(TidalServer server, AutoCloseable kafka, PrintStream err) {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } catch (Exception e) {
      err.println("tidal server: error while stopping the Kafka ingest: " + e.getMessage());
    }
    try {
      server.close();
      err.println("tidal server: stopped");
    } catch (SQLException e) {
      err.println("tidal server: error while stopping: " + Jdbc.describe(e));
    }
  }
}
