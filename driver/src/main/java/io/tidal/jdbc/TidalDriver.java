package io.tidal.jdbc;

import io.tidal.Config;
import io.tidal.Durability;
import io.tidal.TidalDB;
import io.tidal.calcite.TidalSchema;
import io.tidal.jdbc.remote.RemoteDriverSupport;
import io.tidal.sql.SqlSession;
import io.tidal.sql.SqlStates;
import io.tidal.sql.TidalPrepare;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.ConnectionProperty;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.HandlerImpl;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The {@code jdbc:tidal:} driver: {@code jdbc:tidal:<directory>} or {@code jdbc:tidal:mem:<name>},
 * optionally followed by {@code ;key=value} properties.
 *
 * <p>Properties (URL or {@link Properties}): {@code durability=sync|async}, {@code create=true|false},
 * {@code read_only=true|false}, {@code close_delay=0|-1} (-1: the database stays open after its last
 * connection closes, until the JVM exits); {@code user} and {@code password} are accepted and
 * ignored. Any other
 * key is refused with SQLState 08001 naming it: no property loads a class, a file or a script.
 *
 * <p>Design notes (docs/notes/calcite.md). A subclass of Calcite's driver because Calcite's connection
 * factory insists on one; loading it registers {@code jdbc:calcite:} (the superclass's static
 * block), which this class's static block de-registers again. {@link #connect} builds a Calcite
 * connection with internal properties only ({@code timeZone=UTC}, case-insensitive names, no
 * materializations), mounts the {@code TIDAL} and {@code SYS} schemas over a per-connection
 * {@link SqlSession} and returns the tidal proxy over it. Engines are shared through
 * {@link EngineRegistry}.
 */
public class TidalDriver extends org.apache.calcite.jdbc.Driver {
  /** The URL prefix served. */
  public static final String PREFIX = "jdbc:tidal:";

  /** URLs of a tidal cluster, served by the cluster module's driver, never by this one. */
  static final String CLUSTER_PREFIX = "jdbc:tidal:cluster:";

  /** Driver and product version. */
  public static final String VERSION = "0.1.0";

  private static final List<String> KEYS =
      List.of("durability", "create", "read_only", "close_delay", "user", "password");

  static {
    deregisterCalcite();
    new TidalDriver().register();
  }

  public TidalDriver() {
    super(null);
  }

  private static void deregisterCalcite() {
    for (Enumeration<java.sql.Driver> e = DriverManager.getDrivers(); e.hasMoreElements(); ) {
      java.sql.Driver d = e.nextElement();
      if (d.getClass() == org.apache.calcite.jdbc.Driver.class) {
        try {
          DriverManager.deregisterDriver(d);
        } catch (SQLException ex) {
          throw new ExceptionInInitializerError(ex);
        }
      }
    }
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  public CalcitePrepare createPrepare() {
    return new TidalPrepare();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("tidal JDBC driver", VERSION, "tidal", VERSION, false, 0, 1, 0, 1);
  }

  @Override
  protected Handler createHandler() {
    return new HandlerImpl();
  }

  @Override
  protected Collection<ConnectionProperty> getConnectionProperties() {
    return Collections.emptyList();
  }

  @Override
  public boolean acceptsURL(String url) {
    // jdbc:tidal:cluster: belongs to the cluster module's driver (io.tidal.cluster.ClusterDriver)
    return url != null && url.startsWith(PREFIX) && !url.startsWith(CLUSTER_PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo durability = new DriverPropertyInfo("durability", "sync");
    durability.choices = new String[] {"sync", "async"};
    durability.description = "sync: a write returns after fsync; async: fsync at most every 10 ms";
    DriverPropertyInfo create = new DriverPropertyInfo("create", "true");
    create.choices = new String[] {"true", "false"};
    create.description = "create the database if it does not exist";
    DriverPropertyInfo readOnly = new DriverPropertyInfo("read_only", "false");
    readOnly.choices = new String[] {"true", "false"};
    readOnly.description = "open the database read-only";
    DriverPropertyInfo closeDelay = new DriverPropertyInfo("close_delay", "0");
    closeDelay.choices = new String[] {"0", "-1"};
    closeDelay.description =
        "0: close the database with its last connection; -1: keep it open "
            + "until the JVM exits (a memory database keeps its data between connections)";
    DriverPropertyInfo user = new DriverPropertyInfo("user", null);
    user.description = "accepted and ignored by the embedded database";
    DriverPropertyInfo password = new DriverPropertyInfo("password", null);
    password.description = "accepted and ignored by the embedded database";
    return new DriverPropertyInfo[] {durability, create, readOnly, closeDelay, user, password};
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    // jdbc:tidal:remote:url=http://... is a client of ./tidal server (package
    // io.tidal.jdbc.remote).
    if (RemoteDriverSupport.accepts(url)) {
      return RemoteConnectionHandler.wrap(RemoteDriverSupport.connect(url, info));
    }
    try {
      Target target = parse(url, info);
      TidalDB db = EngineRegistry.acquire(target.key(), target.config(), target.keepOpen());
      try {
        return open(url, target, db);
      } catch (SQLException | RuntimeException e) {
        EngineRegistry.release(target.key(), db);
        throw e;
      }
    } catch (RuntimeException e) {
      SQLException s = SqlStates.convert(e);
      if (s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        throw s;
      }
      throw SqlStates.create(
          "cannot open " + url + ": " + s.getMessage(), SqlStates.CONNECTION_FAILED, e);
    }
  }

  private Connection open(String url, Target target, TidalDB db) throws SQLException {
    Properties calcite = new Properties();
    calcite.setProperty("timeZone", "UTC");
    calcite.setProperty("caseSensitive", "false");
    calcite.setProperty("materializationsEnabled", "false");
    calcite.setProperty("createMaterializations", "false");
    Connection raw = super.connect(PREFIX, calcite);
    CalciteConnection cc = raw.unwrap(CalciteConnection.class);
    SqlSession session = new SqlSession(db);
    SchemaPlus root = cc.getRootSchema();
    root.setCacheEnabled(false);
    // caching is per schema: the catalog changes under DDL from any connection
    // a view's row type: its query analysed over a fresh snapshot of the schemas (the live root
    // answered from table names cached at an earlier analysis: a table created since was missing)
    root.add(
            TidalSchema.NAME,
            new TidalSchema(
                session,
                sql ->
                    org.apache.calcite.schema.Schemas.analyzeView(
                            cc,
                            root.unwrap(org.apache.calcite.jdbc.CalciteSchema.class)
                                .createSnapshot(
                                    new org.apache.calcite.schema.impl.LongSchemaVersion(
                                        System.nanoTime())),
                            List.of(TidalSchema.NAME),
                            sql,
                            null,
                            false)
                        .rowType))
        .setCacheEnabled(false);
    root.add(TidalSchema.SYS, TidalSchema.sys(session)).setCacheEnabled(false);
    cc.setSchema(TidalSchema.NAME);
    ConnectionHandler h =
        new ConnectionHandler(
            cc,
            session,
            url,
            target.user(),
            target.readOnly(),
            () -> EngineRegistry.release(target.key(), db));
    return h.proxy();
  }

  /** Where and how to open: the registry key, the engine config and the session options. */
  record Target(String key, Config config, String user, boolean readOnly, boolean keepOpen) {}

  /** Parses {@code jdbc:tidal:<path>[;k=v]*} and merges {@code info}; refuses unknown keys. */
  static Target parse(String url, Properties info) throws SQLException {
    String rest = url.substring(PREFIX.length());
    String[] parts = rest.split(";", -1);
    String path = parts[0].strip();
    Map<String, String> props = new LinkedHashMap<>();
    if (info != null) {
      for (String k : info.stringPropertyNames()) {
        props.put(k.toLowerCase(Locale.ROOT), info.getProperty(k));
      }
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue;
      }
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw SqlStates.create(
            "bad URL property '" + parts[i] + "' in " + url + " (expected key=value)",
            SqlStates.CONNECTION_FAILED,
            null);
      }
      props.put(
          parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT),
          parts[i].substring(eq + 1).strip());
    }
    for (String k : props.keySet()) {
      if (!KEYS.contains(k)) {
        throw SqlStates.create(
            "unknown connection property '"
                + k
                + "'; tidal accepts "
                + "durability, create, read_only, close_delay, user, password",
            SqlStates.CONNECTION_FAILED,
            null);
      }
    }
    if (path.isEmpty()) {
      throw SqlStates.create(
          "missing database path in "
              + url
              + " (use jdbc:tidal:<directory> or jdbc:tidal:mem:<name>)",
          SqlStates.CONNECTION_FAILED,
          null);
    }
    Config.Builder b = Config.builder();
    String durability = choice(props, "durability", "sync", "sync", "async");
    b.durability(durability.equals("async") ? Durability.ASYNC : Durability.SYNC);
    boolean create = choice(props, "create", "true", "true", "false").equals("true");
    boolean readOnly = choice(props, "read_only", "false", "true", "false").equals("true");
    b.create(create).readOnly(readOnly);
    boolean keepOpen = choice(props, "close_delay", "0", "0", "-1").equals("-1");
    String key;
    if (path.startsWith("mem:")) {
      String name = path.substring(4);
      if (name.isEmpty()) {
        throw SqlStates.create(
            "missing in-memory database name in " + url, SqlStates.CONNECTION_FAILED, null);
      }
      key = "mem:" + name;
      b.inMemory(name);
    } else {
      Path dir;
      try {
        dir = Path.of(path).toAbsolutePath().normalize();
        if (Files.exists(dir)) {
          dir = dir.toRealPath();
        }
      } catch (InvalidPathException | java.io.IOException e) {
        throw SqlStates.create(
            "bad database path '" + path + "': " + e.getMessage(), SqlStates.CONNECTION_FAILED, e);
      }
      key = dir.toString();
      b.directory(dir);
    }
    return new Target(key, b.build(), props.get("user"), readOnly, keepOpen);
  }

  private static String choice(
      Map<String, String> props, String key, String dflt, String... allowed) throws SQLException {
    String v = props.getOrDefault(key, dflt).strip().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw SqlStates.create(
        "bad value '"
            + props.get(key)
            + "' for connection property '"
            + key
            + "'; use "
            + String.join(" or ", allowed),
        SqlStates.CONNECTION_FAILED,
        null);
  }
}
