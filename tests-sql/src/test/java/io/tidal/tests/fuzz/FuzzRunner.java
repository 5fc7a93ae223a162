package io.tidal.tests.fuzz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs one fuzz statement through a plain JDBC {@link Statement} with a 5 s query timeout and
 * classifies what came back: a result (read to the end, every column through {@code getObject}),
 * an update count, or an {@link SQLException}, whose SQLState must be one of the documented
 * classes. Any other {@link Throwable} is a finding.
 *
 * <p>Design notes. Statements whose effect is unknown but could write to a tracked object (they
 * name {@code items}, {@code users}, a tracked signal type or a system schema and contain a write
 * word) run with autocommit off and are rolled back, so the model stays exact; such statements
 * that could change the catalog (DDL words) are not run at all (the caller generates another).
 * The progress fields are read by the watchdog in {@link SqlFuzzTest}.
 */
final class FuzzRunner {
  static final int TIMEOUT_SECONDS = 5;

  /** SQLState classes a statement may fail with (docs/SQL.md, Errors); 57 only for timeouts. */
  private static final Set<String> ALLOWED = Set.of("42", "22", "23", "21", "0A", "57", "07", "HY");

  private static final Pattern TRACKED =
      Pattern.compile("ITEMS|USERS|VIEW|VOTE|SYS|METADATA", Pattern.CASE_INSENSITIVE);
  private static final Pattern WRITE =
      Pattern.compile(
          "\\b(INSERT|UPDATE|DELETE|UPSERT|MERGE|DROP|CREATE|ALTER|TRUNCATE|REPLACE|COMMIT"
              + "|ROLLBACK|GRANT|CALL|SET)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CATALOG =
      Pattern.compile(
          "\\b(DROP|CREATE|ALTER|TRUNCATE|REPLACE|COMMIT|ROLLBACK|GRANT|CALL)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SIGNALS_INDIRECT =
      Pattern.compile(
          "SIGNALS.*(SELECT|\\|\\||DROP|CREATE|ALTER|CONCAT|UPPER|LOWER|CASE|COALESCE|TRIM)"
              + "|(SELECT|\\|\\||DROP|CREATE|ALTER|CONCAT|UPPER|LOWER|CASE|COALESCE|TRIM).*SIGNALS",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** How an unknown-effect statement must be run. */
  enum Guard {
    PLAIN,
    ROLLBACK,
    SKIP
  }

  /** The outcome of one statement. */
  record Outcome(SQLException error, long updateCount, long rows) {
    boolean ok() {
      return error == null;
    }
  }

  private final Connection conn;
  private final Statement stmt;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  volatile String current;
  volatile long startedNanos;

  FuzzRunner(Connection conn) throws SQLException {
    this.conn = conn;
    this.stmt = conn.createStatement();
    stmt.setQueryTimeout(TIMEOUT_SECONDS);
  }

  /** Whether {@code sql} contains no word that could make it write (it may be replayed). */
  static boolean readOnly(String sql) {
    return !WRITE.matcher(sql).find();
  }

  static Guard guard(String sql) {
    boolean writes = WRITE.matcher(sql).find();
    boolean tracked = TRACKED.matcher(sql).find() || SIGNALS_INDIRECT.matcher(sql).find();
    if (!writes || !tracked) {
      return Guard.PLAIN;
    }
    return CATALOG.matcher(sql).find() ? Guard.SKIP : Guard.ROLLBACK;
  }

  /**
   * Runs {@code sql}; returns its outcome, or throws {@link FuzzFinding} when something other
   * than an SQLException with an allowed SQLState came out.
   */
  Outcome run(FuzzStatement st, boolean rollback) throws SQLException {
    if (rollback) {
      conn.setAutoCommit(false);
    }
    try {
      return st.params() == null ? execute(st.sql()) : executePrepared(st.sql(), st.params());
    } finally {
      if (rollback) {
        conn.rollback();
        conn.setAutoCommit(true);
      }
    }
  }

  private Outcome executePrepared(String sql, List<Object> params) {
    current = sql + " " + params;
    startedNanos = System.nanoTime();
    try {
      PreparedStatement ps = prepared.get(sql);
      if (ps == null) {
        ps = conn.prepareStatement(sql);
        ps.setQueryTimeout(TIMEOUT_SECONDS);
        prepared.put(sql, ps);
      }
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      return new Outcome(null, ps.executeLargeUpdate(), 0);
    } catch (SQLException e) {
      return refused(e);
    } catch (Throwable t) {
      throw new FuzzFinding("non-SQLException " + t, t);
    } finally {
      current = null;
    }
  }

  private static Outcome refused(SQLException e) {
    String state = e.getSQLState();
    if (state == null
        || state.length() != 5
        || !ALLOWED.contains(state.substring(0, 2).toUpperCase(Locale.ROOT))) {
      throw new FuzzFinding("SQLState " + state + ": " + e, e);
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      throw new FuzzFinding("SQLException without a message, state " + state, e);
    }
    return new Outcome(e, -1, 0);
  }

  private Outcome execute(String sql) {
    current = sql;
    startedNanos = System.nanoTime();
    try {
      long rows = 0;
      long count = -1;
      if (stmt.execute(sql)) {
        try (ResultSet rs = stmt.getResultSet()) {
          ResultSetMetaData md = rs.getMetaData();
          int n = md.getColumnCount();
          while (rs.next() && rows < 100_000) {
            for (int c = 1; c <= n; c++) {
              rs.getObject(c);
              rs.getString(c);
            }
            rows++;
          }
        }
      } else {
        count = stmt.getLargeUpdateCount();
      }
      return new Outcome(null, count, rows);
    } catch (SQLException e) {
      return refused(e);
    } catch (Throwable t) {
      throw new FuzzFinding("non-SQLException " + t, t);
    } finally {
      current = null;
    }
  }

  /** Something the fuzz must report: the statement is added by the caller. */
  static final class FuzzFinding extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FuzzFinding(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
