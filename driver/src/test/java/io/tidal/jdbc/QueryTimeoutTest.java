package io.tidal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.Test;

/**
 * {@code Statement.setQueryTimeout} stops a statement that is still being planned (sql's
 * {@code StatementGuard}): the statement fails with {@link SQLTimeoutException} (HYT00) near the
 * deadline, and the connection keeps answering.
 */
class QueryTimeoutTest {

  @Test
  void queryTimeout_stopsLongPlanning_connectionStillAnswers() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:timeout1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (a INTEGER, b INTEGER)");
      s.execute("INSERT INTO t VALUES (1, 2), (2, 3), (3, 1)");
      // 8 branches of a 40-way self-join chain: seconds of CPU to plan on any machine.
      List<String> branches = new ArrayList<>();
      for (int u = 0; u < 8; u++) {
        StringJoiner from = new StringJoiner(", ");
        StringJoiner where = new StringJoiner(" AND ");
        for (int i = 0; i < 40; i++) {
          from.add("t AS x" + i);
          if (i > 0) {
            where.add("x" + i + ".a = x" + (i - 1) + ".b + " + u);
          }
        }
        branches.add("SELECT x0.a FROM " + from + " WHERE " + where);
      }
      String slow = String.join(" UNION ALL ", branches);
      assertThatThrownBy(() -> s.setQueryTimeout(-1))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("-1");
      s.setQueryTimeout(1);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.executeQuery(slow))
          .isInstanceOf(SQLTimeoutException.class)
          .hasMessageContaining("timed out after 1 s")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYT00"));
      assertThat((System.nanoTime() - t0) / 1_000_000_000.0).isLessThan(30.0);
      try (ResultSet rs = s.executeQuery("SELECT SUM(a) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(6);
      }
    }
  }

  /**
   * Calcite's Volcano planner does not fail when its cancel flag is set: it ends its search and
   * returns the best plan found so far. A statement cancelled while being planned must fail all
   * the same. Here the cancel comes as the planner picks its final plan (after its last check of
   * the flag), so without tidal's check after planning the query would run.
   */
  @Test
  void cancelWhilePlanning_failsEvenWhenThePlannerFinishes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:tidal:mem:timeout2");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (a INTEGER, b INTEGER)");
      s.execute("INSERT INTO t VALUES (1, 2), (2, 3)");
      RelOptListener cancelOnChoice =
          new RelOptListener() {
            @Override
            public void relEquivalenceFound(RelEquivalenceEvent event) {}

            @Override
            public void ruleAttempted(RuleAttemptedEvent event) {}

            @Override
            public void ruleProductionSucceeded(RuleProductionEvent event) {}

            @Override
            public void relDiscarded(RelDiscardedEvent event) {}

            @Override
            public void relChosen(RelChosenEvent event) {
              try {
                s.cancel();
              } catch (SQLException e) {
                throw new AssertionError(e);
              }
            }
          };
      try (Hook.Closeable h =
          Hook.PLANNER.addThread((RelOptPlanner p) -> p.addListener(cancelOnChoice))) {
        assertThatThrownBy(() -> s.executeQuery("SELECT a FROM t WHERE b > 2"))
            .isInstanceOf(SQLTimeoutException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
      }
      // the plan of the cancelled statement was not kept: the same query now plans and answers
      try (ResultSet rs = s.executeQuery("SELECT a FROM t WHERE b > 2")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
