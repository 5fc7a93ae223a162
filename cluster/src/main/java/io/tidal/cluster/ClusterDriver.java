package io.tidal.cluster;

import io.tidal.sql.SqlStates;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code jdbc:tidal:cluster:http://h1:p1,http://h2:p2[;wait_ms=N]}: a read-only connection to a
 * tidal cluster (docs/SCALE.md). Each query runs on every node (through {@code jdbc:tidal:remote:})
 * and the answers are merged: ranked queries (ORDER BY ... LIMIT k) exactly, point reads (the
 * owner's row). While partitions move a query waits up to {@code wait_ms} (default 10,000) for a
 * consistent view, then fails with SQLState 40001 (retry). Registered through
 * META-INF/services/java.sql.Driver; the embedded driver leaves these URLs alone.
 */
public final class ClusterDriver implements Driver {
  public static final String PREFIX = "jdbc:tidal:cluster:";
  private static final Pattern NODE = Pattern.compile("https?://[^\\s,;/]+(:\\d{1,5})?/?");

  static {
    try {
      DriverManager.registerDriver(new ClusterDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String rest = url.substring(PREFIX.length());
    Duration wait = Duration.ofSeconds(10);
    int semi = rest.indexOf(';');
    if (semi >= 0) {
      for (String kv : rest.substring(semi + 1).split(";")) {
        if (kv.isBlank()) {
          continue;
        }
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq).strip();
        if (!key.equalsIgnoreCase("wait_ms") || eq < 0) {
          throw new SQLException(
              "unknown property '" + kv + "' in " + url + " (known: wait_ms=N)",
              SqlStates.CONNECTION_FAILED);
        }
        wait = Duration.ofMillis(parseWait(kv.substring(eq + 1).strip()));
      }
      rest = rest.substring(0, semi);
    }
    if (info != null && info.getProperty("wait_ms") != null) {
      wait = Duration.ofMillis(parseWait(info.getProperty("wait_ms")));
    }
    List<String> nodes = new ArrayList<>();
    for (String n : rest.split(",")) {
      String node = n.strip();
      if (!NODE.matcher(node).matches()) {
        throw new SQLException(
            "'"
                + node
                + "' in "
                + url
                + " is not a node URL (expected jdbc:tidal:cluster:http://host:port,http://host:port)",
            SqlStates.CONNECTION_FAILED);
      }
      nodes.add(node);
    }
    return ClusterJdbc.connection(new FanOut(nodes, wait));
  }

  private static long parseWait(String v) throws SQLException {
    try {
      long ms = Long.parseLong(v);
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new SQLException(
        "wait_ms must be a number of milliseconds >= 0, got '" + v + "'",
        SqlStates.CONNECTION_FAILED);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo w = new DriverPropertyInfo("wait_ms", "10000");
    w.description = "how long a query waits for moving partitions before failing with 40001";
    return new DriverPropertyInfo[] {w};
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here", SqlStates.NOT_SUPPORTED);
  }
}
