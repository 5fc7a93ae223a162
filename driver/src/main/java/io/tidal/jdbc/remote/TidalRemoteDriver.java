package io.tidal.jdbc.remote;

import org.apache.calcite.avatica.DriverVersion;

/**
 * Avatica's remote driver under tidal's prefix and names. Never registered with DriverManager:
 * {@link RemoteDriverSupport} calls it for {@code jdbc:tidal:remote:} URLs.
 */
final class TidalRemoteDriver extends org.apache.calcite.avatica.remote.Driver {
  static final String VERSION = "0.1.0";

  @Override
  protected String getConnectStringPrefix() {
    return RemoteDriverSupport.PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion(
        "tidal remote JDBC driver", VERSION, "tidal", VERSION, false, 0, 1, 0, 1);
  }
}
