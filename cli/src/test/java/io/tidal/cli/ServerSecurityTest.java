package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's security rules through the driver (DESIGN.md section 3): loopback by default; another
 * address refused without authentication (unless --insecure); HTTPS with a self-signed certificate
 * made here by keytool, verified by the client through the {@code truststore} property and refused
 * (08001 naming TLS) without it; wrong passwords rejected (28000), counted, delayed and logged with
 * the client's address.
 */
class ServerSecurityTest {
  private static final String STORE_PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

  @TempDir static Path tmp;
  private static Path keystore;

  @BeforeAll
  static void makeCertificate() throws Exception {
    keystore = tmp.resolve("server.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "tidal",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD)
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void options_nonLoopbackWithoutAuth_refusedSayingHow() {
    String db = tmp.resolve("db").toString();
    assertThat(Server.options(new String[] {db}).bind()).isEqualTo("127.0.0.1");
    Cli refused = Cli.run("server", db, "--bind", "0.0.0.0");
    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err).contains("0.0.0.0", "--user", "--password", "--insecure");
    assertThat(Server.options(new String[] {db, "--bind", "0.0.0.0", "--insecure"}).insecure())
        .isTrue();
    assertThat(
            Server.options(new String[] {db, "--bind", "0.0.0.0", "--user", "u", "--password", "p"})
                .credentials())
        .isNotNull();
    assertThatThrownBy(
            () -> Server.options(new String[] {db, "--tls-keystore", keystore.toString()}))
        .hasMessageContaining("--tls-password");
  }

  @Test
  void https_trustedClientWorks_untrustingClientRefusedNamingTls() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ServerGuard guard = new ServerGuard(Duration.ZERO, d -> {}, log::add);
    TidalServer.Tls tls = new TidalServer.Tls(keystore, STORE_PASSWORD);
    try (TidalServer server =
        TidalServer.start(
            "jdbc:tidal:mem:server-tls",
            new TidalServer.Settings("127.0.0.1", 0, null, tls, guard))) {
      String url = server.clientUrl();
      assertThat(url).startsWith("jdbc:tidal:remote:url=https://127.0.0.1:");
      Properties trusting = new Properties();
      trusting.setProperty("truststore", keystore.toString());
      trusting.setProperty("truststore_password", STORE_PASSWORD);
      try (Connection c = DriverManager.getConnection(url, trusting);
          ResultSet rs = c.createStatement().executeQuery("SELECT 40 + 2")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
      Properties plain = new Properties();
      plain.setProperty("http_connection_timeout", "5000");
      assertThatThrownBy(() -> DriverManager.getConnection(url, plain))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).startsWith("08");
                assertThat(e.getMessage()).contains("TLS");
              });
      assertThat(log).anyMatch(l -> l.startsWith("connection from /127.0.0.1:"));
    }
  }

  @Test
  void wrongPassword_28000_countedInSysMetricsDelayedAndLogged() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    ServerGuard guard = new ServerGuard(Duration.ofMillis(1500), pauses::add, log::add);
    TidalServer.Credentials alice = new TidalServer.Credentials("alice", "right");
    try (TidalServer server =
        TidalServer.start(
            "jdbc:tidal:mem:server-guard",
            new TidalServer.Settings("127.0.0.1", 0, alice, null, guard))) {
      String url = server.clientUrl();
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, "alice", "wrong"))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
      }
      assertThat(server.loginFailures()).isEqualTo(3);
      assertThat(pauses).hasSize(3).allMatch(d -> d.equals(Duration.ofMillis(1500)));
      try (Connection c = DriverManager.getConnection(url, "alice", "right");
          ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(server.loginFailures()).as("a right password is no failure").isEqualTo(3);
      // sys.metrics, read over the network, counts the same rejected logins
      try (Connection c = DriverManager.getConnection(url, "alice", "right");
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT kind, \"VALUE\" FROM sys.metrics"
                          + " WHERE name = 'server_login_failures'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("counter");
        assertThat(rs.getDouble(2)).isEqualTo(3.0);
      }
      assertThat(log).anyMatch(l -> l.startsWith("rejected login for user 'alice' from 127.0.0.1"));
      assertThat(log).anyMatch(l -> l.equals("user 'alice' logged in from 127.0.0.1"));
    }
  }
}
