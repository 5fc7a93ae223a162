package io.tidal.jdbc.cli;

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
 * clients. Bound to 127.0.0.1 unless told otherwise; optional HTTP basic authentication.
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
   * The wire format is protobuf (the remote driver's default).
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
  private final AtomicBoolean closed = new AtomicBoolean();

  private TidalServer(HttpServer http, Server[] jetty, Connection keeper, String bind) {
    this.http = http;
    this.jetty = jetty;
    this.keeper = keeper;
    this.bind = bind;
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
            }
          };
      HttpServer.Builder<Server> builder =
          new HttpServer.Builder<Server>()
              .withHandler(new LocalService(new JdbcMeta(jdbcUrl, new Properties())),
                  Serialization.PROTOBUF)
              .withPort(port)
              .withServerCustomizers(List.of(customizer), Server.class);
      if (credentials != null) {
        realm = writeRealm(credentials);
        builder.withBasicAuthentication(realm.toString(), new String[] {ROLE});
      }
      HttpServer http = builder.build();
      http.start();
      return new TidalServer(http, jetty, keeper, address.getHostAddress());
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
        file = Files.createTempFile("tidal-server-", ".realm",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        file = Files.createTempFile("tidal-server-", ".realm");
      }
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write(credentials.user() + ": " + Credential.MD5.digest(credentials.password()) + ","
            + ROLE + "\n");
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
    return "jdbc:tidal:remote:url=http://" + host + ":" + port();
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
      http.stop();
    } finally {
      keeper.close();
    }
  }
}
