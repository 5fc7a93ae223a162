package io.tidal.jdbc;

import io.tidal.Ddl;
import io.tidal.RowWriter;
import io.tidal.Signal;
import io.tidal.TidalDB;
import io.tidal.calcite.ScoreFunction;
import io.tidal.calcite.SignalRows;
import io.tidal.sql.DdlExecutor;
import io.tidal.sql.Maintenance;
import io.tidal.sql.ScoreQueryShape;
import io.tidal.sql.SignalErasure;
import io.tidal.sql.SignalInsertShape;
import io.tidal.sql.SqlStates;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;

/**
 * A PreparedStatement that tidal runs itself, without Calcite: DDL (executed at {@code execute()},
 * once per execution, never at prepare), COMMIT / ROLLBACK, CHECKPOINT ({@link Maintenance}), and
 * the {@code INSERT INTO signals} fast path ({@link SignalInsertShape}): one engine {@code signal}
 * per execute, one {@code signalBatch} (one WAL batch) per {@code executeBatch} in autocommit mode
 * (the update count of a signal is 1, or 0 when it was dropped as a duplicate); and the score point read
 * ({@link ScoreQueryShape}, {@code SELECT DECAY_SCORE(?, 'type', INTERVAL ...)}), answered by one
 * engine call into a one-row result set; and the erasure {@code DELETE FROM signals WHERE ...}
 * ({@link SignalErasure}), one engine {@code eraseSignals} per execute, in autocommit mode only.
 *
 * <p>A signal's bound parameters become a {@code Signal} in {@link SignalBinding}. Lifecycle,
 * properties, results and the batch list are {@link StatementBase}'s.
 */
final class LocalStatementHandler extends StatementBase<Object[]> {
  private enum Mode {
    DDL,
    COMMIT,
    ROLLBACK,
    SIGNALS,
    SCORE,
    ERASE,
    CHECKPOINT,
    BACKUP
  }

  private final String sql;
  private final Mode mode;
  private final Ddl ddl;
  private final SignalInsertShape shape;
  private final ScoreQueryShape score;
  private SignalErasure erasure;
  private String backupTarget;
  private final Object[] params;
  private final SignalRows.KeyResolver keys = new SignalRows.KeyResolver();
  private final SignalBinding binding;
  private final PreparedStatement proxy;

  private LocalStatementHandler(
      ConnectionHandler conn,
      String sql,
      Mode mode,
      Ddl ddl,
      SignalInsertShape shape,
      ScoreQueryShape score) {
    this(
        conn,
        sql,
        mode,
        ddl,
        shape,
        score,
        shape != null ? shape.columns().length : score != null ? score.params() : 0);
  }

  private LocalStatementHandler(
      ConnectionHandler conn,
      String sql,
      Mode mode,
      Ddl ddl,
      SignalInsertShape shape,
      ScoreQueryShape score,
      int paramCount) {
    super(PreparedStatement.class, conn, true);
    this.sql = sql;
    this.mode = mode;
    this.ddl = ddl;
    this.shape = shape;
    this.binding = shape == null ? null : new SignalBinding(shape, keys);
    this.score = score;
    this.params = new Object[paramCount];
    this.proxy = create(PreparedStatement.class, this);
  }

  static PreparedStatement ddl(ConnectionHandler c, String sql, Ddl ddl) {
    return new LocalStatementHandler(c, sql, Mode.DDL, ddl, null, null).proxy;
  }

  static PreparedStatement transaction(ConnectionHandler c, String sql, boolean commit) {
    return new LocalStatementHandler(c, sql, commit ? Mode.COMMIT : Mode.ROLLBACK, null, null, null)
        .proxy;
  }

  static PreparedStatement checkpoint(ConnectionHandler c, String sql) {
    return new LocalStatementHandler(c, sql, Mode.CHECKPOINT, null, null, null).proxy;
  }

  static PreparedStatement backup(ConnectionHandler c, String sql, String target) {
    LocalStatementHandler h = new LocalStatementHandler(c, sql, Mode.BACKUP, null, null, null);
    h.backupTarget = target;
    return h.proxy;
  }

  static PreparedStatement signals(ConnectionHandler c, String sql, SignalInsertShape shape) {
    return new LocalStatementHandler(c, sql, Mode.SIGNALS, null, shape, null).proxy;
  }

  static PreparedStatement erase(ConnectionHandler c, String sql, SignalErasure erasure) {
    LocalStatementHandler h =
        new LocalStatementHandler(c, sql, Mode.ERASE, null, null, null, erasure.params());
    h.erasure = erasure;
    return h.proxy;
  }

  static PreparedStatement score(ConnectionHandler c, String sql, ScoreQueryShape shape) {
    return new LocalStatementHandler(c, sql, Mode.SCORE, null, null, shape).proxy;
  }

  @Override
  StatementClock.Timed timed(String name) {
    return isClosed()
        ? null
        : conn.clock()
            .timed(
                name,
                switch (mode) {
                  case DDL -> io.tidal.metrics.Metrics.Statement.DDL;
                  case SIGNALS -> io.tidal.metrics.Metrics.Statement.SIGNAL_INSERT;
                  case SCORE -> io.tidal.metrics.Metrics.Statement.POINT_READ;
                  default -> io.tidal.metrics.Metrics.Statement.OTHER;
                });
  }

  @Override
  Object run(Object p, Method m, String name, Object[] args) throws Throwable {
    if (args.length >= 2 && args[0] instanceof Integer i && name.startsWith("set")) {
      setParam(i, name.equals("setNull") ? null : args[1]); // property setters have one argument
      return null;
    }
    switch (name) {
      case "executeUpdate":
      case "executeLargeUpdate":
      case "execute":
        {
          if (args.length > 0) {
            throw SqlStates.create(
                name + "(String) on a PreparedStatement", SqlStates.GENERAL_ERROR, null);
          }
          closeResult();
          if (mode == Mode.SCORE) {
            if (!name.equals("execute")) {
              throw SqlStates.create(
                  name + ": the statement is a query; use executeQuery",
                  SqlStates.DYNAMIC_SQL_ERROR,
                  null);
            }
            result = scoreResult();
            updateCount = -1;
            return true;
          }
          updateCount = run();
          if (name.equals("execute")) {
            return false;
          }
          return name.equals("executeUpdate") ? (Object) (int) updateCount : (Object) updateCount;
        }
      case "executeQuery":
        if (mode == Mode.SCORE && args.length == 0) {
          closeResult();
          result = scoreResult();
          return result;
        }
        throw SqlStates.create(
            "executeQuery: " + mode + " statement returns no result set",
            SqlStates.DYNAMIC_SQL_ERROR,
            null);
      case "clearParameters":
        Arrays.fill(params, null);
        return null;
      case "getMetaData":
        return null;
      case "getParameterMetaData":
        return parameterMetaData();
      default:
        Object r = common(name, args);
        if (r == UNHANDLED) {
          throw SqlStates.notSupported(name + " on a " + mode + " statement");
        }
        return r;
    }
  }

  @Override
  Object[] batchEntry(Object[] args) throws SQLException {
    if (mode != Mode.SIGNALS || args.length > 0) {
      throw SqlStates.notSupported("batches of " + mode);
    }
    return params.clone();
  }

  private void setParam(int i, Object v) throws SQLException {
    if (i < 1 || i > params.length) {
      throw SqlStates.create(
          "parameter index "
              + i
              + " out of range (statement has "
              + params.length
              + " parameters): "
              + sql,
          SqlStates.INVALID_DESCRIPTOR_INDEX,
          null);
    }
    params[i - 1] = v;
  }

  private long run() throws SQLException {
    TidalDB db = conn.session().db();
    switch (mode) {
      case DDL:
        return DdlExecutor.execute(db, ddl, conn.calcite());
      case COMMIT:
        conn.session().commit();
        return 0;
      case ROLLBACK:
        conn.session().rollback();
        return 0;
      case ERASE:
        return erase(db);
      case CHECKPOINT:
        return Maintenance.checkpoint(conn.session(), conn.readOnly());
      case BACKUP:
        return Maintenance.backup(conn.session(), backupTarget);
      default:
        break;
    }
    Signal s = binding.toSignal(db, params, TimeZone.getDefault());
    try {
      RowWriter w = conn.session().writeTarget();
      return w.signal(s) ? 1 : 0;
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  /** The one-row result of a score point read, computed by the engine. */
  private java.sql.ResultSet scoreResult() throws SQLException {
    TidalDB db = conn.session().db();
    int p = 0;
    Object id = score.entityParam() ? params[p++] : score.entityLiteral();
    Object atArg = score.atParam() ? params[p] : score.atLiteral();
    long at;
    if (atArg == null) {
      at = System.currentTimeMillis();
    } else {
      Long ms = Times.millis(atArg);
      at = ms != null ? ms : ((Number) atArg).longValue();
    }
    Object value;
    try {
      if (id == null) {
        value = score.kind() == ScoreFunction.Kind.COUNT ? (Object) 0L : (Object) 0.0;
      } else {
        Object key = keys.entityKey(db, score.type(), id instanceof Number ? id : id.toString());
        value =
            switch (score.kind()) {
              case DECAY -> db.decayScore(score.type(), key, score.duration(), at);
              case COUNT -> db.windowedCount(score.type(), key, score.duration(), at);
              case VELOCITY -> db.velocity(score.type(), key, score.duration(), at);
            };
      }
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
    List<Object[]> rows = new ArrayList<>(1);
    rows.add(new Object[] {value});
    return ListResultSet.of(List.of(score.label()), rows, proxy);
  }

  @Override
  long[] runBatch(List<Object[]> batch) throws SQLException {
    TidalDB db = conn.session().db();
    List<Signal> signals = new ArrayList<>(batch.size());
    TimeZone zone = TimeZone.getDefault(); // a copy each call: once per batch
    for (Object[] row : batch) {
      signals.add(binding.toSignal(db, row, zone));
    }
    long[] counts = new long[signals.size()];
    try {
      if (conn.session().autoCommit() && !conn.session().inTransaction()) {
        boolean[] fresh = db.signalBatch(signals);
        for (int i = 0; i < fresh.length; i++) {
          counts[i] = fresh[i] ? 1 : 0;
        }
      } else {
        RowWriter w = conn.session().writeTarget();
        for (int i = 0; i < counts.length; i++) {
          counts[i] = w.signal(signals.get(i)) ? 1 : 0;
        }
      }
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
    return counts;
  }

  /** Runs the erasure with the bound parameters; refused inside a transaction (autocommit off). */
  private long erase(TidalDB db) throws SQLException {
    if (!conn.session().autoCommit()) {
      throw SqlStates.create(
          "DELETE FROM signals runs in autocommit mode only (an erasure is"
              + " durable when it returns and cannot be rolled back): commit, then setAutoCommit(true)",
          SqlStates.INVALID_TRANSACTION_STATE,
          null);
    }
    Object type = part(erasure.type());
    Object entity = part(erasure.entity());
    Object actor = part(erasure.actor());
    if (erasure.type() != null && type == null
        || erasure.entity() != null && entity == null
        || erasure.actor() != null && actor == null) {
      return 0; // col = NULL is unknown for every row: nothing matches
    }
    try {
      Object key = entity;
      if (entity != null && type != null) {
        key =
            keys.entityKey(
                db, type.toString(), entity instanceof Number ? entity : entity.toString());
      }
      return db.eraseSignals(
          type == null ? null : type.toString(), key, actor == null ? null : actor.toString());
    } catch (RuntimeException e) {
      throw SqlStates.convert(e);
    }
  }

  private Object part(SignalErasure.Part p) {
    return p == null ? null : p.resolve(params);
  }

  private LocalParameterMetaData parameterMetaData() {
    if (shape != null) {
      return LocalParameterMetaData.forSignalColumns(shape.columns());
    }
    int[] types = new int[params.length];
    for (int i = 0; i < types.length; i++) {
      // score point read: the entity id (if a parameter) comes first, then `at`
      boolean entity = score != null && score.entityParam() && i == 0;
      types[i] = entity ? java.sql.Types.VARCHAR : java.sql.Types.TIMESTAMP;
    }
    return new LocalParameterMetaData(types);
  }
}
