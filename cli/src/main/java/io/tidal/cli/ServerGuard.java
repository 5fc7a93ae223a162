package io.tidal.cli;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.servlet.ServletRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.UserIdentity;

/**
 * The server's watch over who connects: logs every TCP connection with its remote address, every
 * user's first successful login from an address, and every rejected login; counts rejected logins
 * and answers each one only after a fixed delay (so guessing passwords over one connection runs at
 * most one try per delay). Wraps the login service Avatica builds for basic authentication.
 */
final class ServerGuard {
  /** Waits between a rejected login and its answer; a test passes one that records instead. */
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  /** The default delay after a rejected login. */
  static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

  /** Logins remembered for the "first login from" line; beyond it every login is logged again. */
  private static final int MAX_REMEMBERED = 1024;

  private final Duration delay;
  private final Pause pause;
  private final Consumer<String> log;
  private final LongAdder failures = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  ServerGuard(Duration delay, Pause pause, Consumer<String> log) {
    this.delay = delay;
    this.pause = pause;
    this.log = log;
  }

  /** Real waits and the server's log (System.Logger "io.tidal.server", INFO). */
  static ServerGuard standard() {
    System.Logger logger = System.getLogger("io.tidal.server");
    return new ServerGuard(
        DEFAULT_DELAY,
        d -> Thread.sleep(d.toMillis()),
        line -> logger.log(System.Logger.Level.INFO, line));
  }

  long loginFailures() {
    return failures.sum();
  }

  long connections() {
    return connections.sum();
  }

  /**
   * Lists the rejected logins and the connections as counters {@code server_login_failures} and
   * {@code server_connections} in the {@code sys.metrics} of the database {@code conn} is
   * connected to (a local tidal connection; otherwise nothing); returns the action that unlists
   * them.
   */
  Runnable listIn(java.sql.Connection conn) throws java.sql.SQLException {
    if (!conn.isWrapperFor(io.tidal.metrics.Metrics.class)) {
      return () -> {};
    }
    io.tidal.metrics.Metrics m = conn.unwrap(io.tidal.metrics.Metrics.class);
    Runnable a = m.register("server_login_failures", "counter", failures::sum);
    Runnable b = m.register("server_connections", "counter", connections::sum);
    return () -> {
      a.run();
      b.run();
    };
  }

  /** Logs each TCP connection's remote address (added to the HTTP connector). */
  Connection.Listener connectionLog() {
    return new Connection.Listener() {
      @Override
      public void onOpened(Connection c) {
        connections.increment();
        log.accept("connection from " + c.getEndPoint().getRemoteAddress());
      }

      @Override
      public void onClosed(Connection c) {
        // nothing to log: the open line names the peer
      }
    };
  }

  /** {@code delegate} with rejected logins counted, logged and delayed. */
  LoginService wrap(LoginService delegate) {
    return new LoginService() {
      @Override
      public String getName() {
        return delegate.getName();
      }

      @Override
      public UserIdentity login(String user, Object credentials, ServletRequest request) {
        UserIdentity id = delegate.login(user, credentials, request);
        String from = request == null ? "?" : request.getRemoteAddr();
        if (id == null) {
          failures.increment();
          log.accept(
              "rejected login for user '"
                  + printable(user)
                  + "' from "
                  + from
                  + " ("
                  + failures.sum()
                  + " rejected so far; answering after "
                  + delay.toMillis()
                  + " ms)");
          try {
            pause.pause(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        } else if (seen.size() >= MAX_REMEMBERED || seen.add(user + "@" + from)) {
          log.accept("user '" + printable(user) + "' logged in from " + from);
        }
        return id;
      }

      @Override
      public boolean validate(UserIdentity user) {
        return delegate.validate(user);
      }

      @Override
      public IdentityService getIdentityService() {
        return delegate.getIdentityService();
      }

      @Override
      public void setIdentityService(IdentityService service) {
        delegate.setIdentityService(service);
      }

      @Override
      public void logout(UserIdentity user) {
        delegate.logout(user);
      }
    };
  }

  /** A user name as sent by a client, for a log line: control characters replaced, at most 64. */
  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
