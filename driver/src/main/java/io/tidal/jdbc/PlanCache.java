package io.tidal.jdbc;

import io.tidal.schema.Schema;
import io.tidal.sql.SqlStates;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A plain {@code Statement}'s memory of SQL texts it has run: the prepared Calcite plan of a query
 * (so running the same query text again does not parse, validate, plan and compile it again), and
 * the failure of a text that could not be prepared (SQLState class 42, a syntax error or an unknown
 * name; 0A, not supported; 07, parameters in a plain Statement; 22 and XX, a literal or plan
 * Calcite cannot handle), rethrown as
 * a fresh {@link SQLException} of the same message and SQLState without asking the parser again.
 *
 * <p>Design notes. Both depend only on the text, the catalog and the connection's default schema,
 * so the cache empties itself when the engine's {@link Schema} object (replaced on every DDL) or the
 * default schema changes. It belongs to one Statement, so a cached plan is never used by two open
 * result sets at once (re-executing a Statement closes its previous result anyway). LRU, 64 texts.
 * Failures that happen while executing (a duplicate key, a division by zero) are never cached; one
 * from a generated class whose static initializer failed evicts the plan, since such a class stays
 * broken (found by the SQL fuzz: the second run failed with NoClassDefFoundError, XX000).
 */
final class PlanCache {
  private static final int SIZE = 64;
  private static final Logger LOG = Logger.getLogger("io.tidal.jdbc");

  /** Prepares one text. */
  interface Preparer {
    PreparedStatement prepare(String sql) throws SQLException;
  }

  private final Map<String, Object> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> e) {
          if (size() > SIZE) {
            close(e.getValue());
            return true;
          }
          return false;
        }
      };
  private Schema schema;
  private String defaultSchema;

  /**
   * The plan of {@code sql}: cached when {@code keep}, else the caller closes it after use.
   *
   * @throws SQLException the remembered or new failure to prepare {@code sql}
   */
  PreparedStatement get(String sql, Schema now, String nowDefault, boolean keep, Preparer p)
      throws SQLException {
    if (now != schema || !nowDefault.equals(defaultSchema)) {
      clear();
      schema = now;
      defaultSchema = nowDefault;
    }
    Object e = entries.get(sql);
    if (e instanceof SQLException failed) {
      throw SqlStates.create(failed.getMessage(), failed.getSQLState(), failed);
    }
    if (e != null) {
      return (PreparedStatement) e;
    }
    PreparedStatement ps;
    try {
      ps = p.prepare(sql);
    } catch (SQLException | RuntimeException failure) {
      SQLException s = SqlStates.convert(failure);
      String state = s.getSQLState();
      if (state != null
          && (state.startsWith("42")
              || state.startsWith("0A")
              || state.startsWith("22")
              || state.startsWith("07")
              || state.startsWith("XX"))) {
        entries.put(sql, s);
      }
      throw s;
    }
    if (keep) {
      entries.put(sql, ps);
    }
    return ps;
  }

  /**
   * Forgets the plan of {@code sql}: called when running it failed, since a failure in a generated
   * class's static initializer (a constant that overflows) leaves that class unusable for good.
   */
  void evict(String sql) {
    close(entries.remove(sql));
  }

  /** Whether {@code t} says a generated class failed to initialise (its plan must be evicted). */
  static boolean brokenClass(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ExceptionInInitializerError || c instanceof NoClassDefFoundError) {
        return true;
      }
    }
    return false;
  }

  void clear() {
    for (Object e : entries.values()) {
      close(e);
    }
    entries.clear();
  }

  private static void close(Object e) {
    if (e instanceof PreparedStatement ps) {
      try {
        ps.close();
      } catch (SQLException ex) {
        // a cached plan of a closing statement: nothing left to report it to
        LOG.fine("closing a cached plan: " + ex);
      }
    }
  }
}
