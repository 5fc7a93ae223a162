package io.tidal.cli;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * A tidal database served over HTTP by Avatica, for {@code jdbc:tidal:remote:url=http://host:port}
 * clients. Bound to 127.0.0.1 unless told otherwise; optional HTTP basic authentication; HTTPS
 * with a key store; every connection and login logged, rejected logins counted and delayed
 * ({@link ServerGuard}).
 */
final class TidalServer implements AutoCloseable {
  /*
   * Design notes. Avatica's HttpServer runs Jetty with a LocalService over JdbcMeta, which opens one
   * server-side jdbc:tidal: connection per client connection (the driver shares one engine per
   * database path). The server keeps a connection of its own open for its whole life: the database
   * is opened (and its lock taken) before the port opens, a locked or broken database fails at
   * start, and the engine stays warm between clients. The bind address is applied to Jetty's
   * connector by a ServerCustomizer; the customizer also hands us Jetty's Server, which is how
   * boundAddress() reads the address the OS really bound. Basic authentication uses Jetty's
   * HashLoginService, which reads users from a properties file: it is written 0600 into a temporary
   * file holding the MD5 digest of the password (never the password) and deleted once loaded.
   * The wire format is protobuf (the remote driver's default). TLS: Avatica's withTLS with the key
   * store also as the trust store (it asks for one; clients are not asked for certificates). The
   * customizer also wraps the login service Avatica built in a ServerGuard and adds the guard's
   * connection log to the connector.
   */

  static final String ROLE = "tidal";
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  /** Basic-authentication credentials; both non-empty. */
  record Credentials(String user, String password) {
    Credentials {
      if (user == null || !USER.matcher(user).matches()) {
        throw CliException.usage(
            "a user name is 1-64 letters, digits, '_', '.', '@' or '-', got '" + user + "'");
      }
      if (password == null || password.isEmpty()) {
        throw CliException.usage("--user needs a non-empty --password");
      }
    }
  }

  private final HttpServer http;
  private final Server[] jetty;
  private final Connection keeper;
  private final String bind;
  private final boolean https;
  private final ServerGuard guard;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Runnable unlistMetrics = () -> {};

  /** A key store for HTTPS and its password (also the key's). */
  record Tls(Path keystore, String password) {
    /** The store's type (PKCS12, JKS), read from the file; fails naming the file if it does not load. */
    String type() {
      try {
        return java.security.KeyStore.getInstance(keystore.toFile(), password.toCharArray())
            .getType();
      } catch (IOException | java.security.GeneralSecurityException e) {
        throw new CliException(
            "cannot read the TLS key store "
                + keystore
                + " (wrong --tls-password, or "
                + "not a PKCS12/JKS key store): "
                + e.getMessage(),
            e);
      }
    }
  }

  /** How to serve: address, port (0: any free one), credentials and TLS (null: none), the guard. */
  record Settings(String bind, int port, Credentials credentials, Tls tls, ServerGuard guard) {}

  private TidalServer(
      HttpServer http,
      Server[] jetty,
      Connection keeper,
      String bind,
      boolean https,
      ServerGuard guard) {
    this.http = http;
    this.jetty = jetty;
    this.keeper = keeper;
    this.bind = bind;
    this.https = https;
    this.guard = guard;
  }

  /**
   * Opens the database at {@code jdbcUrl} and starts serving it.
   *
   * @param bind address to listen on (127.0.0.1 for this machine only)
   * @param port port, or 0 for any free port
   * @param credentials null for no authentication
   */
  static TidalServer start(String jdbcUrl, String bind, int port, Credentials credentials)
      throws SQLException {
    return start(jdbcUrl, new Settings(bind, port, credentials, null, ServerGuard.standard()));
  }

  /** Opens the database at {@code jdbcUrl} and starts serving it as {@code settings} say. */
  static TidalServer start(String jdbcUrl, Settings settings) throws SQLException {
    String bind = settings.bind();
    int port = settings.port();
    Credentials credentials = settings.credentials();
    ServerGuard guard = settings.guard();
    String tlsType = settings.tls() == null ? null : settings.tls().type();
    InetAddress address = resolve(bind);
    Connection keeper = Jdbc.connect(jdbcUrl);
    Path realm = null;
    try {
      Server[] jetty = new Server[1];
      ServerCustomizer<Server> customizer =
          server -> {
            jetty[0] = server;
            for (Connector c : server.getConnectors()) {
              ((ServerConnector) c).setHost(address.getHostAddress());
              c.addBean(guard.connectionLog());
            }
            org.eclipse.jetty.security.SecurityHandler security =
                server.getChildHandlerByClass(org.eclipse.jetty.security.SecurityHandler.class);
            if (security != null && security.getLoginService() != null) {
              security.setLoginService(guard.wrap(security.getLoginService()));
            }
          };
      HttpServer.Builder<Server> builder =
          new HttpServer.Builder<Server>()
              .withHandler(
                  new LocalService(new JdbcMeta(jdbcUrl, new Properties())), Serialization.PROTOBUF)
              .withPort(port)
              .withServerCustomizers(List.of(customizer), Server.class);
      if (credentials != null) {
        realm = writeRealm(credentials);
        builder.withBasicAuthentication(realm.toString(), new String[] {ROLE});
      }
      if (settings.tls() != null) {
        java.io.File ks = settings.tls().keystore().toFile();
        String pw = settings.tls().password();
        builder.withTLS(ks, pw, ks, pw, tlsType);
      }
      HttpServer http = builder.build();
      http.start();
      TidalServer started =
          new TidalServer(
              http, jetty, keeper, address.getHostAddress(), settings.tls() != null, guard);
      started.unlistMetrics = guard.listIn(keeper);
      return started;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(keeper, e);
      throw e;
    } finally {
      deleteRealm(realm);
    }
  }

  private static InetAddress resolve(String bind) {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw CliException.usage("cannot resolve --bind address '" + bind + "'");
    }
  }

  private static Path writeRealm(Credentials credentials) {
    try {
      Path file;
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        file =
            Files.createTempFile(
                "tidal-server-",
                ".realm",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        file = Files.createTempFile("tidal-server-", ".realm");
      }
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write(
            credentials.user()
                + ": "
                + Credential.MD5.digest(credentials.password())
                + ","
                + ROLE
                + "\n");
      }
      return file;
    } catch (IOException e) {
      throw new CliException("cannot write the server's user file: " + e.getMessage(), e);
    }
  }

  private static void deleteRealm(Path realm) {
    if (realm == null) {
      return;
    }
    try {
      Files.deleteIfExists(realm);
    } catch (IOException e) {
      realm.toFile().deleteOnExit();
    }
  }

  private static void closeQuietly(Connection conn, Exception primary) {
    try {
      conn.close();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  int port() {
    return http.getPort();
  }

  /** The client URL for this server. */
  String clientUrl() {
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      host = "127.0.0.1";
    }
    return "jdbc:tidal:remote:url=" + (https ? "https" : "http") + "://" + host + ":" + port();
  }

  /** Logins the server rejected since it started. */
  long loginFailures() {
    return guard.loginFailures();
  }

  /** The address the listening socket is bound to, as the operating system reports it. */
  InetSocketAddress boundAddress() throws IOException {
    ServerConnector connector = (ServerConnector) jetty[0].getConnectors()[0];
    return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
  }

  void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() throws SQLException {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      unlistMetrics.run();
      http.stop();
    } finally {
      keeper.close();
    }
  }
}
