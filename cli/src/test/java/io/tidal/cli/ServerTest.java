package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tidal server} and {@code jdbc:tidal:remote:} over real HTTP on 127.0.0.1. */
class ServerTest {
  @TempDir Path tmp;

  @Test
  void remote_insertSignal_readsItsScore() throws Exception {
    try (TidalServer server =
            TidalServer.start("jdbc:tidal:mem:server-roundtrip", "127.0.0.1", 0, null);
        Connection conn = DriverManager.getConnection(server.clientUrl())) {
      assertThat(server.clientUrl())
          .isEqualTo("jdbc:tidal:remote:url=http://127.0.0.1:" + server.port());
      try (Statement st = conn.createStatement()) {
        st.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR)");
        st.execute(
            "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR)"
                + " WINDOW (INTERVAL '1' DAY)");
        st.execute("INSERT INTO items VALUES ('i1', 'Hello')");
      }
      // Prepared, as GUI clients do: Avatica's server asks the statement for its parameter
      // metadata.
      try (PreparedStatement ps =
          conn.prepareStatement(
              "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)")) {
        assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(4);
        ps.setString(1, "view");
        ps.setString(2, "i1");
        ps.setDouble(3, 2.0);
        ps.setTimestamp(4, java.sql.Timestamp.valueOf("2026-11-01 10:00:00"));
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement ps = conn.prepareStatement("SELECT title FROM items WHERE id = ?")) {
        ps.setString(1, "i1");
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("Hello");
        }
      }
      try (Statement st = conn.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT DECAY_SCORE('i1', 'view', INTERVAL '1' HOUR,"
                      + " TIMESTAMP '2026-11-01 11:30:00'), WINDOWED_COUNT('i1', 'view', INTERVAL '1' DAY,"
                      + " TIMESTAMP '2026-11-01 11:30:00')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getDouble(1)).isCloseTo(2.0 * Math.pow(2, -1.5), within(1e-9));
        assertThat(rs.getLong(2)).isEqualTo(1);
      }
      assertThat(conn.getMetaData().getDatabaseProductName()).isEqualTo("tidal");
      // tidal's wrappers of the remote connection and statement still reach Avatica's objects
      assertThat(conn.unwrap(org.apache.calcite.avatica.AvaticaConnection.class)).isNotNull();
      try (Statement st = conn.createStatement()) {
        assertThat(st.isWrapperFor(org.apache.calcite.avatica.AvaticaStatement.class)).isTrue();
      }
    }
  }

  @Test
  void remote_badSql_isAnSqlException() throws Exception {
    try (TidalServer server =
            TidalServer.start("jdbc:tidal:mem:server-badsql", "127.0.0.1", 0, null);
        Connection conn = DriverManager.getConnection(server.clientUrl());
        Statement st = conn.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT * FROM no_such_table"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("NO_SUCH_TABLE");
    }
  }

  @Test
  void auth_wrongOrMissingPassword_isRejected_rightOneWorks() throws Exception {
    TidalServer.Credentials alice = new TidalServer.Credentials("alice", "s3cret pass");
    try (TidalServer server =
        TidalServer.start("jdbc:tidal:mem:server-auth", "127.0.0.1", 0, alice)) {
      String url = server.clientUrl();
      assertThatThrownBy(() -> DriverManager.getConnection(url, "alice", "wrong"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("rejected the user or password")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("28000");
      assertThatThrownBy(() -> DriverManager.getConnection(url))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("28000");
      try (Connection conn = DriverManager.getConnection(url, "alice", "s3cret pass");
          Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT 1 + 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void server_defaultOptions_bindLoopbackOnly() throws Exception {
    Server.Options options = Server.options(new String[] {tmp.resolve("db").toString()});
    assertThat(options.bind()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(Server.DEFAULT_PORT);
    assertThat(options.credentials()).isNull();
    try (TidalServer server =
        TidalServer.start("jdbc:tidal:mem:server-bind", options.bind(), 0, null)) {
      InetSocketAddress bound = server.boundAddress();
      assertThat(bound.getAddress().isLoopbackAddress()).as(bound.toString()).isTrue();
      assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(bound.getPort()).isEqualTo(server.port());
    }
  }

  @Test
  void remoteUrl_unknownOrClassLoadingProperty_isRefused() {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:tidal:remote:url=http://127.0.0.1:1;httpclient_factory=java.lang.Object"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("'httpclient_factory'")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tidal:remote:serialization=json"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("needs url=http://host:port");
  }

  @Test
  void remoteUrl_nobodyListening_isAConnectionError() throws Exception {
    int port;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Properties props = new Properties();
    props.setProperty("http_connection_timeout", "2000");
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:tidal:remote:url=http://127.0.0.1:" + port, props))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("cannot connect to the tidal server")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
  }
}
