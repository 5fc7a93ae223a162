package io.tidal.jdbc;

import io.tidal.metrics.Metrics;
import io.tidal.schema.Schema;
import io.tidal.sql.DmlRewriter;
import io.tidal.sql.ParsedStatement;
import io.tidal.sql.PlanCapture;
import io.tidal.sql.ScoreCallValidator;
import io.tidal.sql.ScoreQueryShape;
import io.tidal.sql.SignalInsertShape;
import io.tidal.sql.SqlStates;
import io.tidal.sql.StatementKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * The driver's dispatch: a statement {@code sql} has classified ({@link ParsedStatement}) goes to
 * the path that runs it. tidal's own statements ({@link LocalStatementHandler}: DDL, COMMIT,
 * ROLLBACK, CHECKPOINT, BACKUP, the signal INSERT fast path, the score point read, the signal
 * erasure) never reach Calcite; UPDATE and DELETE come as a typed statement ({@link
 * DmlRewriter.Rewrite}: a query and row writes, prepared and executed by {@code sql}); queries and other INSERTs are Calcite's ({@link PreparedHandler}), a ranked query
 * whose plan is recognised running directly ({@link DirectQuery}).
 */
final class StatementPaths {
  private StatementPaths() {}

  static PreparedStatement prepare(ConnectionHandler conn, ParsedStatement st) throws SQLException {
    String sql = st.sql();
    StatementKind kind = st.kind();
    switch (kind) {
      case DDL -> {
        return LocalStatementHandler.ddl(conn, sql, st.ddl());
      }
      case COMMIT, ROLLBACK -> {
        return LocalStatementHandler.transaction(conn, sql, kind == StatementKind.COMMIT);
      }
      case CHECKPOINT -> {
        st.checkpoint();
        return LocalStatementHandler.checkpoint(conn, sql);
      }
      case BACKUP -> {
        return LocalStatementHandler.backup(conn, sql, st.backupTarget());
      }
      case UNSUPPORTED ->
          throw SqlStates.create(
              "statement " + st.verb() + " is not supported", SqlStates.NOT_SUPPORTED, null);
      case UPDATE, DELETE -> {
        return rewritten(conn, st);
      }
      case INSERT -> {
        SignalInsertShape shape = st.signalInsert();
        if (shape != null) {
          return LocalStatementHandler.signals(conn, sql, shape);
        }
        String text = st.insertText(); // a legacy five-value signals INSERT gets its columns
        Schema schema = conn.session().db().schema();
        PreparedStatement ps =
            conn.calcite()
                .prepareStatement(
                    text.equals(sql)
                        ? st.validated(schema)
                        : ScoreCallValidator.validate(text, schema));
        return new PreparedHandler(conn, text, ps, kind, null)
            .timedAs(st.intoSignals() ? Metrics.Statement.SIGNAL_INSERT : Metrics.Statement.OTHER)
            .proxy();
      }
      default -> {
        return query(conn, st);
      }
    }
  }

  private static PreparedStatement rewritten(ConnectionHandler conn, ParsedStatement st)
      throws SQLException {
    Schema schema = conn.session().db().schema();
    DmlRewriter.Rewrite r = st.rowChange(schema);
    if (r.erasure() != null) {
      return LocalStatementHandler.erase(conn, st.sql(), r.erasure());
    }
    return new PreparedHandler(conn, st.sql(), r.prepare(conn.calcite(), schema), st.kind(), r)
        .proxy();
  }

  /** A query (or a statement Calcite's parser judges): the point read, or Calcite's plan. */
  private static PreparedStatement query(ConnectionHandler conn, ParsedStatement st)
      throws SQLException {
    String typed = st.validated(conn.session().db().schema());
    ScoreQueryShape score = st.scoreQuery();
    if (score != null) {
      return LocalStatementHandler.score(conn, st.sql(), score);
    }
    CalciteConnection calcite = conn.calcite();
    try (PlanCapture plan = PlanCapture.open()) {
      PreparedStatement ps = calcite.prepareStatement(typed);
      DirectQuery direct = DirectQuery.recognise(plan.plan(), plan.signature(), calcite, ps);
      return new PreparedHandler(conn, st.sql(), ps, st.kind(), null)
          .direct(direct)
          .timedAs(
              StatementClock.ranked(plan.plan())
                  ? Metrics.Statement.RANKED_QUERY
                  : Metrics.Statement.OTHER)
          .proxy();
    }
  }
}
