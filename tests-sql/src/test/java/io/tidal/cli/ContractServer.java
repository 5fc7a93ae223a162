package io.tidal.cli;

import java.sql.SQLException;

/**
 * {@code ./tidal server} ({@link TidalServer}, package-private in cli) for tests outside the cli
 * module: serves a database on 127.0.0.1 at a free port, without authentication.
 */
public final class ContractServer implements AutoCloseable {
  private final TidalServer server;

  private ContractServer(TidalServer server) {
    this.server = server;
  }

  /** Opens {@code jdbcUrl} and serves it. */
  public static ContractServer start(String jdbcUrl) throws SQLException {
    return new ContractServer(TidalServer.start(jdbcUrl, "127.0.0.1", 0, null));
  }

  /** The {@code jdbc:tidal:remote:} URL of this server. */
  public String clientUrl() {
    return server.clientUrl();
  }

  @Override
  public void close() throws SQLException {
    server.close();
  }
}
