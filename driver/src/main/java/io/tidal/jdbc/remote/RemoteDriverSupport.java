package io.tidal.jdbc.remote;

import io.tidal.sql.SqlStates;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.ConnectStringParser;

/**
 * Connections for {@code jdbc:tidal:remote:url=http://127.0.0.1:8765[;key=value...]}, to a database
 * served by {@code ./tidal server}.
 *
 * <p>Accepted properties (URL or {@link Properties}): {@code url} (required), {@code serialization}
 * ({@code protobuf}, the default and what the server speaks), {@code user} and {@code password} (sent
 * as HTTP basic authentication when a user is given), Avatica's {@code authentication},
 * {@code avatica_user}, {@code avatica_password}, {@code http_connection_timeout},
 * {@code http_response_timeout}, and for {@code url=https://...} {@code truststore} (a key store file
 * holding the server's certificate; without it the JVM's trust store, {@code javax.net.ssl.trustStore},
 * decides) with {@code truststore_password}. The server's certificate is always verified, its host
 * name too. Any other key is an {@link SQLException} (SQLState 08001) naming
 * it: Avatica keys such as {@code factory} or {@code httpclient_factory} load classes.
 */
public final class RemoteDriverSupport {
  /*
   * Design notes. Avatica's remote driver does the work (a subclass fixes prefix and names). Its
   * class registers an instance of itself with DriverManager when loaded; that registration is
   * removed again unless one existed before (an application that uses Avatica itself keeps its
   * own). Failures that Avatica lets escape as RuntimeException (HTTP 401, connection refused) are
   * turned into SQLException here: 28000 for a rejected user or password, 08001 otherwise.
   */

  /** The URL prefix this class serves. */
  public static final String PREFIX = "jdbc:tidal:remote:";

  private static final String AVATICA_DRIVER = "org.apache.calcite.avatica.remote.Driver";
  private static final Set<String> ALLOWED =
      Set.of(
          "url",
          "serialization",
          "user",
          "password",
          "authentication",
          "avatica_user",
          "avatica_password",
          "http_connection_timeout",
          "http_response_timeout",
          "truststore",
          "truststore_password");

  private RemoteDriverSupport() {}

  /** Whether {@code url} is a {@code jdbc:tidal:remote:} URL. */
  public static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /**
   * Opens a connection to a tidal server.
   *
   * @throws SQLException 08001 for a bad URL, an unknown property or an unreachable server; 28000
   *     when the server rejects the user or password
   */
  public static Connection connect(String url, Properties info) throws SQLException {
    Properties props = properties(url, info);
    String target = props.getProperty("url");
    try {
      Connection conn = Holder.DRIVER.connect(PREFIX, props);
      if (conn == null) {
        throw new SQLException("not a " + PREFIX + " URL: " + url, SqlStates.CONNECTION_FAILED);
      }
      return conn;
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("HTTP/401") || message.contains("HTTP/403")) {
        throw new SQLException(
            "the tidal server at " + target + " rejected the user or password",
            SqlStates.INVALID_AUTHORIZATION,
            e);
      }
      Throwable tls = tlsFailure(e);
      if (tls != null) {
        throw new SQLException(
            "TLS: cannot establish a trusted connection to the tidal server at "
                + target
                + " ("
                + tls.getMessage()
                + "); the server's certificate must be in the JVM's trust store"
                + " (javax.net.ssl.trustStore) or in the truststore=FILE property",
            SqlStates.CONNECTION_FAILED,
            e);
      }
      throw new SQLException(
          "cannot connect to the tidal server at " + target + ": " + message,
          SqlStates.CONNECTION_FAILED,
          e);
    }
  }

  /** The TLS failure in {@code e}'s cause chain, or null. */
  private static Throwable tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.GeneralSecurityException) {
        return t;
      }
    }
    return null;
  }

  /** URL keys and {@code info}, checked against the whitelist, with tidal's defaults. */
  static Properties properties(String url, Properties info) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("not a " + PREFIX + " URL: " + url, SqlStates.CONNECTION_FAILED);
    }
    Properties props = new Properties();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        props.setProperty(key, info.getProperty(key));
      }
    }
    try {
      // Keys in the URL win over the same keys in info, as in Avatica.
      Properties fromUrl = ConnectStringParser.parse(url.substring(PREFIX.length()));
      for (String key : fromUrl.stringPropertyNames()) {
        props.setProperty(key, fromUrl.getProperty(key));
      }
    } catch (SQLException e) {
      throw new SQLException(
          "malformed " + PREFIX + " URL: " + e.getMessage(), SqlStates.CONNECTION_FAILED, e);
    }
    for (String key : props.stringPropertyNames()) {
      if (!ALLOWED.contains(key)) {
        throw new SQLException(
            "unknown connection property '"
                + key
                + "' for "
                + PREFIX
                + " (allowed: "
                + new TreeSet<>(ALLOWED)
                + ")",
            SqlStates.CONNECTION_FAILED);
      }
    }
    String target = props.getProperty("url");
    if (target == null || !target.toLowerCase(Locale.ROOT).matches("https?://.+")) {
      throw new SQLException(
          PREFIX
              + " needs url=http://host:port (the address ./tidal server prints), got "
              + (target == null ? "none" : "'" + target + "'"),
          SqlStates.CONNECTION_FAILED);
    }
    if (props.getProperty("serialization") == null) {
      props.setProperty("serialization", "protobuf");
    }
    String user = props.getProperty("user");
    if (user != null && !user.isEmpty() && props.getProperty("avatica_user") == null) {
      props.setProperty("avatica_user", user);
      props.setProperty("avatica_password", props.getProperty("password", ""));
      if (props.getProperty("authentication") == null) {
        props.setProperty("authentication", "BASIC");
      }
    }
    return props;
  }

  /** Loads Avatica's remote driver on first use and undoes its self-registration. */
  private static final class Holder {
    static final TidalRemoteDriver DRIVER = create();

    private static TidalRemoteDriver create() {
      boolean registeredBefore = avaticaDriver() != null;
      TidalRemoteDriver driver = new TidalRemoteDriver();
      Driver registered = avaticaDriver();
      if (!registeredBefore && registered != null) {
        try {
          DriverManager.deregisterDriver(registered);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot de-register " + AVATICA_DRIVER, e);
        }
      }
      return driver;
    }

    private static Driver avaticaDriver() {
      return DriverManager.drivers()
          .filter(d -> d.getClass().getName().equals(AVATICA_DRIVER))
          .findFirst()
          .orElse(null);
    }
  }
}
