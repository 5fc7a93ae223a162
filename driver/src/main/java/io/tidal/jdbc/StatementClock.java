package io.tidal.jdbc;

import io.tidal.calcite.TopKScan;
import io.tidal.metrics.Metrics;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.rel.RelNode;

/**
 * Times a connection's statements into the database's {@link Metrics}: one timing per execution the
 * application asked for ({@code execute*} of a Statement or PreparedStatement), under its kind.
 *
 * <p>Design notes. A plain Statement runs its text through the connection's prepared statements,
 * and a batch runs many executions: only the outermost call is timed, and a nested one only
 * refines its kind (a plain Statement's {@code INSERT INTO signals} is a signal insert because the
 * prepared statement it runs on says so; a batch stays a batch). One counter of nesting per
 * connection (atomic, so a connection shared by threads never gets stuck; such sharing may only
 * attribute a timing to the wrong kind). No allocation: two {@code System.nanoTime()} reads and two
 * atomic adds per statement.
 */
final class StatementClock {
  private final Metrics metrics;
  private final AtomicInteger depth = new AtomicInteger();
  private long start;
  private Metrics.Statement kind;

  private final Timed[] timings = new Timed[Metrics.Statement.values().length];

  StatementClock(Metrics metrics) {
    this.metrics = metrics;
    for (Metrics.Statement k : Metrics.Statement.values()) {
      timings[k.ordinal()] = new Timed(k);
    }
  }

  /** One statement kind's timing on this clock ({@link JdbcProxy} brackets an execution with it). */
  final class Timed {
    private final Metrics.Statement kind;

    private Timed(Metrics.Statement kind) {
      this.kind = kind;
    }

    void begin() {
      StatementClock.this.begin(kind);
    }

    void end(boolean ok) {
      StatementClock.this.end(ok);
    }
  }

  /**
   * How a JDBC call {@code name} is timed: as {@code BATCH} for {@code executeBatch}, as {@code
   * single} for the other {@code execute*} calls; null for calls that are not executions.
   */
  Timed timed(String name, Metrics.Statement single) {
    Metrics.Statement k =
        switch (name) {
          case "executeBatch", "executeLargeBatch" -> Metrics.Statement.BATCH;
          case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> single;
          default -> null;
        };
    return k == null ? null : timings[k.ordinal()];
  }

  /** Whether {@code plan} answers a ranked query (a {@code TopKScan} in it). */
  static boolean ranked(RelNode plan) {
    if (plan == null) {
      return false;
    }
    if (plan instanceof TopKScan) {
      return true;
    }
    for (RelNode in : plan.getInputs()) {
      if (ranked(in)) {
        return true;
      }
    }
    return false;
  }

  /** Starts timing a statement of kind {@code k} (or refines the running outer one's kind). */
  void begin(Metrics.Statement k) {
    if (depth.getAndIncrement() == 0) {
      kind = k;
      start = Metrics.start();
    } else if (kind == Metrics.Statement.OTHER) {
      kind = k;
    }
  }

  /** Records the rows of an executed batch. */
  void batchRows(int n) {
    Metrics.size(metrics.batchRows, n);
  }

  /** Refines the running statement's kind when it is still {@code OTHER}. */
  void refine(Metrics.Statement k) {
    if (kind == Metrics.Statement.OTHER) {
      kind = k;
    }
  }

  /** Ends the statement begun last; the outermost records its timing ({@code ok}: it succeeded). */
  void end(boolean ok) {
    if (depth.decrementAndGet() == 0) {
      metrics.statement(kind, start);
      if (!ok) {
        metrics.statementFailed();
      }
    }
  }
}
