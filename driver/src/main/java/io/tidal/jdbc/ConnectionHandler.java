package io.tidal.jdbc;

import io.tidal.schema.Schema;
import io.tidal.sql.ParsedStatement;
import io.tidal.sql.SqlSession;
import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * The tidal {@link Connection}: a proxy over Calcite's connection.
 *
 * <p>Design notes. {@code sql} classifies a statement once ({@link ParsedStatement}) and
 * {@link StatementPaths} picks the handler that runs it: DDL, COMMIT, ROLLBACK and CHECKPOINT never
 * reach Calcite (DDL runs at {@code execute()}, once, even when prepared); UPDATE and DELETE are
 * rewritten; {@code INSERT INTO signals VALUES (?, ...)} takes the engine fast path; queries and
 * other INSERTs are Calcite's, after score calls are validated. Transactions
 * are the session's (Calcite's {@code commit()} throws). A small LRU cache of prepared INSERT shapes
 * serves plain {@code Statement}s ({@link PlainStatementHandler}); it is emptied when the catalog
 * changes. After {@code close()}, everything but {@code close}, {@code isClosed} and
 * {@code isValid} fails with 08003.
 */
final class ConnectionHandler extends LifecycleProxy {
  private static final int CACHE_SIZE = 64;

  private final CalciteConnection calcite;
  private final SqlSession session;
  private final String url;
  private final String user;
  private final Runnable release;
  private final Connection proxy;
  private final StatementClock clock;
  private boolean readOnly;
  private Schema cachedFor;

  /** Open statements (weakly held: a statement never closed must not leak), closed by close(). */
  private final Set<Statement> statements = Collections.newSetFromMap(new WeakHashMap<>());

  /** Query shapes that do not run directly (the plain Statement plans their texts). */
  private final Set<String> generalShapes = new java.util.HashSet<>();

  private final Map<String, PreparedStatement> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> e) {
          if (size() > CACHE_SIZE) {
            closeQuietly(e.getValue());
            return true;
          }
          return false;
        }
      };

  ConnectionHandler(
      CalciteConnection calcite,
      SqlSession session,
      String url,
      String user,
      boolean readOnly,
      Runnable release) {
    super(Connection.class);
    this.calcite = calcite;
    this.session = session;
    this.url = url;
    this.user = user;
    this.readOnly = readOnly;
    this.release = release;
    this.proxy = create(Connection.class, this);
    this.clock = new StatementClock(session.db().metrics());
  }

  /** Times this connection's statements into the database's metrics. */
  StatementClock clock() {
    return clock;
  }

  /**
   * {@code unwrap(io.tidal.metrics.Metrics.class)}: the database's metrics, for components that
   * list their own counters in {@code sys.metrics} (the server's rejected logins); {@code
   * unwrap(io.tidal.TidalDB.class)}: the database's Java API, for components that write many rows
   * at once below SQL (the cluster's partition hand-off).
   */
  @Override
  Object unwrapOther(Class<?> c) {
    if (c == io.tidal.TidalDB.class) {
      return session.db();
    }
    return c == io.tidal.metrics.Metrics.class ? session.db().metrics() : null;
  }

  Connection proxy() {
    return proxy;
  }

  SqlSession session() {
    return session;
  }

  CalciteConnection calcite() {
    return calcite;
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  /** Whether the connection is read-only ({@code read_only=true} or {@code setReadOnly(true)}). */
  boolean readOnly() {
    return readOnly;
  }

  @Override
  Object evenClosed(String name, Object[] args) throws SQLException {
    if (!name.equals("isValid")) {
      return UNHANDLED;
    }
    if (args.length == 1 && (Integer) args[0] < 0) {
      throw SqlStates.create("timeout must be >= 0", SqlStates.INVALID_PARAMETER, null);
    }
    return !isClosed();
  }

  @Override
  SQLException closedError() {
    return SqlStates.create("connection is closed", SqlStates.CONNECTION_CLOSED, null);
  }

  @Override
  Object run(Object p, Method m, String name, Object[] args) throws Throwable {
    switch (name) {
      case "createStatement":
        return track(new PlainStatementHandler(this).proxy());
      case "prepareStatement":
        return prepare((String) args[0]);
      case "prepareCall":
        throw SqlStates.notSupported("prepareCall (stored procedures)");
      case "setAutoCommit":
        session.setAutoCommit((Boolean) args[0]);
        return null;
      case "getAutoCommit":
        return session.autoCommit();
      case "commit":
        session.commit();
        return null;
      case "rollback":
        if (args.length > 0) {
          throw SqlStates.notSupported("rollback to a savepoint");
        }
        session.rollback();
        return null;
      case "setSavepoint":
      case "releaseSavepoint":
        throw SqlStates.notSupported("savepoints");
      case "getMetaData":
        return new MetaDataHandler(this).proxy();
      case "setReadOnly":
        readOnly = (Boolean) args[0];
        return null;
      case "isReadOnly":
        return readOnly;
      case "setSchema":
        setSchema((String) args[0]);
        return null;
      case "getSchema":
        return calcite.getSchema();
      case "setCatalog":
        return null;
      case "getCatalog":
        return null;
      case "setTransactionIsolation":
        return null;
      case "getTransactionIsolation":
        return Connection.TRANSACTION_READ_COMMITTED;
      case "nativeSQL":
        return args[0];
      case "setClientInfo":
        return null;
      case "getClientInfo":
        return args.length == 0 ? new Properties() : null;
      case "getWarnings":
        return null;
      case "clearWarnings":
        return null;
      case "getHoldability":
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      case "setHoldability":
        return null;
      case "getTypeMap":
        return new java.util.HashMap<String, Class<?>>();
      case "setNetworkTimeout":
      case "abort":
        if (name.equals("abort")) {
          close();
        }
        return null;
      case "getNetworkTimeout":
        return 0;
      default:
        return forward(calcite, m, args);
    }
  }

  private void setSchema(String schema) throws SQLException {
    if (schema == null) {
      throw SqlStates.create("schema must not be null", SqlStates.INVALID_SCHEMA_NAME, null);
    }
    String u = schema.toUpperCase(Locale.ROOT);
    if (!u.equals("TIDAL") && !u.equals("SYS")) {
      throw SqlStates.create(
          "unknown schema '" + schema + "' (schemas: TIDAL, SYS)",
          SqlStates.INVALID_SCHEMA_NAME,
          null);
    }
    calcite.setSchema(u);
  }

  private void checkOpen() throws SQLException {
    if (isClosed()) {
      throw closedError();
    }
  }

  @Override
  void closing() throws SQLException {
    try {
      for (Statement s : new ArrayList<>(statements)) {
        closeQuietly(s); // closes its result set too (JDBC: closing a connection closes both)
      }
      statements.clear();
      for (PreparedStatement ps : cache.values()) {
        closeQuietly(ps);
      }
      cache.clear();
      session.close();
      calcite.close();
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    } finally {
      release.run();
    }
  }

  private static void closeQuietly(Statement s) {
    try {
      s.close();
    } catch (SQLException e) {
      // closing a cached statement of a closing connection: nothing left to report it to
      java.util.logging.Logger.getLogger("io.tidal.jdbc").fine("closing cached statement: " + e);
    }
  }

  private <T extends Statement> T track(T s) {
    statements.add(s);
    return s;
  }

  /** A tidal PreparedStatement for {@code sql}, closed with the connection. */
  PreparedStatement prepare(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw SqlStates.create("SQL must not be null", SqlStates.SYNTAX, null);
    }
    return prepare(ParsedStatement.of(sql));
  }

  /** A tidal PreparedStatement for a statement {@code sql} has classified, closed with the connection. */
  PreparedStatement prepare(ParsedStatement st) throws SQLException {
    checkOpen();
    return track(StatementPaths.prepare(this, st));
  }

  /**
   * The cached prepared statement of a query shape ({@link
   * io.tidal.sql.LiteralParameterizer#parameterizeQuery}) when its plan runs directly
   * ({@link DirectQuery}; such executions share nothing, so statements of this connection may use
   * it at once), else null: the plain Statement then plans its text (a shape that fails to prepare
   * or does not run directly is remembered until the catalog changes).
   */
  PreparedHandler directShape(String shapeSql) {
    if (generalShapes.contains(shapeSql)) {
      return null;
    }
    try {
      PreparedStatement ps = cached(shapeSql);
      if (java.lang.reflect.Proxy.getInvocationHandler(ps) instanceof PreparedHandler h
          && h.isDirect()
          && !generalShapes.contains(shapeSql)) {
        return h;
      }
    } catch (SQLException | RuntimeException e) {
      // the text itself is planned next, and reports what is wrong with it
    }
    if (generalShapes.size() >= CACHE_SIZE * 4) {
      generalShapes.clear();
    }
    generalShapes.add(shapeSql);
    return null;
  }

  /** A cached prepared statement for a parameterized INSERT shape (plain Statement path). */
  PreparedStatement cached(String shapeSql) throws SQLException {
    Schema now = session.db().schema();
    if (now != cachedFor) {
      for (PreparedStatement ps : cache.values()) {
        closeQuietly(ps);
      }
      cache.clear();
      generalShapes.clear();
      cachedFor = now;
    }
    PreparedStatement ps = cache.get(shapeSql);
    if (ps == null) {
      ps = prepare(shapeSql);
      cache.put(shapeSql, ps);
    }
    return ps;
  }

  /** A plain Calcite statement for queries of a plain Statement. */
  Statement calciteStatement() throws SQLException {
    checkOpen();
    return calcite.createStatement();
  }
}
