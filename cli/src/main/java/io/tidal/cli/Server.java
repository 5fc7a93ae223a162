package io.tidal.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code ./tidal server [dir|url] [--port P] [--bind ADDR] [--user U --password P]
 * [--tls-keystore FILE [--tls-password P]] [--insecure]}: serves a database over HTTP(S) until
 * interrupted (Ctrl-C). Safe by default (DESIGN.md section 3): loopback only; another address only
 * with authentication, or with --insecure said out loud.
 */
final class Server {
  static final int DEFAULT_PORT = 8765;
  static final String DEFAULT_BIND = "127.0.0.1";
  static final String PASSWORD_ENV = "TIDAL_SERVER_PASSWORD";
  static final String TLS_PASSWORD_ENV = "TIDAL_TLS_PASSWORD";

  static final String USAGE =
      String.join(
          "\n",
          "usage: ./tidal server [dir|url] [--port P] [--bind ADDR] [--user U --password P]",
          "                      [--tls-keystore FILE [--tls-password P]] [--insecure]",
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
          "  --tls-keystore FILE  serve HTTPS with the key and certificate in this PKCS12 or JKS",
          "                  key store; clients use url=https://... and trust the certificate",
          "                  (JVM trust store, or the truststore=FILE property)",
          "  --tls-password P the key store's password (or set $" + TLS_PASSWORD_ENV + ")",
          "  --insecure      allow an address other than loopback without --user (anyone who",
          "                  reaches it can read and write the database)",
          "");

  private Server() {}

  /** What to serve and how. */
  record Options(
      String url,
      String bind,
      int port,
      TidalServer.Credentials credentials,
      TidalServer.Tls tls,
      boolean insecure) {}

  static int run(String[] argv, PrintStream out, PrintStream err) throws SQLException {
    Options options = options(argv);
    if (options == null) {
      out.print(USAGE);
      return 0;
    }
    Jdbc.requireDriver();
    AutoCloseable kafka = KafkaOption.start(options.url(), KafkaOption.spec(argv), out);
    TidalServer server =
        KafkaOption.closeIfFails(
            kafka,
            () ->
                TidalServer.start(
                    options.url(),
                    new TidalServer.Settings(
                        options.bind(),
                        options.port(),
                        options.credentials(),
                        options.tls(),
                        ServerGuard.standard())));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server, kafka, err), "tidal-server-stop"));
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
            "server",
            argv,
            Set.of(
                "--port",
                "--bind",
                "--user",
                "--password",
                "--tls-keystore",
                "--tls-password",
                KafkaOption.FLAG),
            Set.of("--help", "-h", "--insecure"));
    if (args.flag("--help") || args.flag("-h")) {
      return null;
    }
    String url = Shell.resolveUrl(args.optionalPositional("server"));
    if (url.startsWith("jdbc:tidal:remote:")) {
      throw CliException.usage("serve a database directory, not a remote URL");
    }
    int port = args.intOption("server", "--port", DEFAULT_PORT, 0, 65_535);
    String bind = args.option("--bind") == null ? DEFAULT_BIND : args.option("--bind");
    TidalServer.Credentials credentials = credentials(args);
    boolean insecure = args.flag("--insecure");
    if (!isLoopback(bind) && credentials == null && !insecure) {
      throw CliException.usage(
          "refusing to serve on "
              + bind
              + " without authentication: anyone who can"
              + " reach it could read and write the database. Pass --user U --password P (or set $"
              + PASSWORD_ENV
              + "), ideally with --tls-keystore FILE; or pass --insecure if the network is"
              + " trusted");
    }
    return new Options(url, bind, port, credentials, tls(args), insecure);
  }

  private static TidalServer.Tls tls(Args args) {
    String keystore = args.option("--tls-keystore");
    String password = args.option("--tls-password");
    if (keystore == null) {
      if (password != null) {
        throw CliException.usage("--tls-password needs --tls-keystore");
      }
      return null;
    }
    if (password == null) {
      password = System.getenv(TLS_PASSWORD_ENV);
    }
    if (password == null) {
      throw CliException.usage(
          "--tls-keystore needs --tls-password P (or $" + TLS_PASSWORD_ENV + ")");
    }
    java.nio.file.Path file = java.nio.file.Path.of(keystore);
    if (!java.nio.file.Files.isReadable(file)) {
      throw CliException.usage("cannot read the TLS key store " + file);
    }
    return new TidalServer.Tls(file, password);
  }

  private static void printBanner(
      Options options, TidalServer server, PrintStream out, PrintStream err) {
    String bind = options.bind();
    TidalServer.Credentials credentials = options.credentials();
    out.println("tidal server: serving " + options.url());
    out.println(
        "  listening on "
            + (options.tls() != null ? "https" : "http")
            + "://"
            + bind
            + ":"
            + server.port()
            + (isLoopback(bind) ? " (this machine only; --bind to change)" : ""));
    out.println("  clients:     " + server.clientUrl());
    out.println("               driver " + Jdbc.DRIVER_CLASS + ", jar " + Demo.jarPath());
    out.println(
        "  auth:        "
            + (credentials == null
                ? "none (anyone who can reach the address can connect)"
                : "HTTP basic, user "
                    + credentials.user()
                    + " (clients pass user and password as JDBC properties)"));
    if (!isLoopback(bind) && credentials == null) {
      err.println(
          "warning: --insecure: listening on "
              + bind
              + " without authentication: anyone who"
              + " can reach this address can read and write the database");
    } else if (!isLoopback(bind) && options.tls() == null) {
      err.println("warning: the password crosses the network in clear; consider --tls-keystore");
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
