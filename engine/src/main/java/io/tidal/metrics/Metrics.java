package io.tidal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One database's metrics ({@code sys.metrics}, the JMX MBean {@code io.tidal:type=Database}): timers
 * and distributions ({@link Histogram}s the engine and the driver record into), counters, and gauges
 * read when listed. Recording is cheap and allocation-free; listing ({@link #snapshot()}) builds rows.
 *
 * <p>Kinds: {@code counter} (a total since open), {@code gauge} (a current value), {@code timer}
 * (durations; names end in {@code _us}; value = total microseconds, with count, p50, p99 and max in
 * microseconds) and {@code distribution} (sizes; value = total, with count, p50, p99, max). Recording
 * can be switched off for a measurement of its cost with {@code -Dtidal.metrics=false} (timers and
 * distributions then stay empty; counters and gauges still answer).
 */
public final class Metrics {
  /** Whether timers and distributions record: {@code -Dtidal.metrics=false} switches them off. */
  public static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty("tidal.metrics"));

  /** What a statement was, for its timer (docs/OPERATIONS.md, "Metrics"). */
  public enum Statement {
    RANKED_QUERY("statement_ranked_query_us"),
    POINT_READ("statement_point_read_us"),
    SIGNAL_INSERT("statement_signal_insert_us"),
    BATCH("statement_batch_us"),
    DDL("statement_ddl_us"),
    OTHER("statement_other_us");

    private final String metric;

    Statement(String metric) {
      this.metric = metric;
    }

    public String metric() {
      return metric;
    }
  }

  /** One listed metric: a row of {@code sys.metrics}; count, p50, p99, max null for counters and gauges. */
  public record Row(
      String name, String kind, double value, Long count, Double p50, Double p99, Double max) {}

  private final Histogram[] statements = new Histogram[Statement.values().length];

  /** {@code Wal.append} calls, from the call to the return (durable in SYNC mode). */
  public final Histogram walAppend = new Histogram();

  /** fsyncs of the WAL. */
  public final Histogram walFsync = new Histogram();

  /** Callers whose appends one group commit wrote. */
  public final Histogram groupCommitCallers = new Histogram();

  /** Records one group commit wrote. */
  public final Histogram groupCommitRecords = new Histogram();

  /** Checkpoints that wrote something, from the lock to the log's mark. */
  public final Histogram checkpoint = new Histogram();

  /** The part of a checkpoint that holds the engine's exclusive lock (writers wait). */
  public final Histogram checkpointLock = new Histogram();

  /** Rows in each executed JDBC batch. */
  public final Histogram batchRows = new Histogram();

  private final LongAdder statementErrors = new LongAdder();
  private final List<Source> sources = new CopyOnWriteArrayList<>();
  private final List<Supplier<Map<String, Long>>> groups = new CopyOnWriteArrayList<>();

  private record Source(String name, String kind, LongSupplier value) {}

  /** The database directory whose {@link DirectorySources} are listed too (null: none). */
  private volatile java.nio.file.Path directory;

  /** Lists the {@link DirectorySources} of {@code dir} (the engine sets it at open). */
  public void directory(java.nio.file.Path dir) {
    this.directory = dir;
  }

  public Metrics() {
    for (int i = 0; i < statements.length; i++) {
      statements[i] = new Histogram();
    }
  }

  /** The moment a statement starts: {@link System#nanoTime()}, or 0 when recording is off. */
  public static long start() {
    return ENABLED ? System.nanoTime() : 0;
  }

  /** Records a statement of kind {@code s} started at {@code start} ({@link #start()}). */
  public void statement(Statement s, long start) {
    if (ENABLED) {
      statements[s.ordinal()].record(System.nanoTime() - start);
    }
  }

  /** Counts a statement that failed (it is timed under its kind as well). */
  public void statementFailed() {
    statementErrors.increment();
  }

  /** Records the duration since {@code start} ({@link #start()}) into {@code h}. */
  public static void since(Histogram h, long start) {
    if (ENABLED) {
      h.record(System.nanoTime() - start);
    }
  }

  /** Records {@code size} into {@code h} (a distribution). */
  public static void size(Histogram h, long size) {
    if (ENABLED) {
      h.record(size);
    }
  }

  /**
   * Lists {@code value} as a {@code counter} or {@code gauge} named {@code name} until the returned
   * action runs (a component next to the database: the server's rejected logins, an ingest's lag).
   */
  public Runnable register(String name, String kind, LongSupplier value) {
    if (!kind.equals("counter") && !kind.equals("gauge")) {
      throw new IllegalArgumentException("kind must be counter or gauge: " + kind);
    }
    Source s = new Source(name, kind, value);
    sources.add(s);
    return () -> sources.remove(s);
  }

  /**
   * Lists each entry of {@code group} (name -> value; names ending in {@code lag} are gauges, the
   * others counters) until the returned action runs.
   */
  public Runnable registerGroup(Supplier<Map<String, Long>> group) {
    groups.add(group);
    return () -> groups.remove(group);
  }

  /** Every metric now, in a fixed order: statements, WAL, checkpoints, then registered ones. */
  public List<Row> snapshot() {
    List<Row> rows = new ArrayList<>();
    for (Statement s : Statement.values()) {
      timer(rows, s.metric(), statements[s.ordinal()]);
    }
    rows.add(counter("statement_errors", statementErrors.sum()));
    distribution(rows, "statement_batch_rows", batchRows);
    timer(rows, "wal_append_us", walAppend);
    timer(rows, "wal_fsync_us", walFsync);
    distribution(rows, "wal_group_commit_callers", groupCommitCallers);
    distribution(rows, "wal_group_commit_records", groupCommitRecords);
    timer(rows, "checkpoint_us", checkpoint);
    timer(rows, "checkpoint_lock_us", checkpointLock);
    for (Source s : sources) {
      rows.add(new Row(s.name(), s.kind(), s.value().getAsLong(), null, null, null, null));
    }
    List<Supplier<Map<String, Long>>> all = new ArrayList<>(groups);
    all.addAll(DirectorySources.of(directory));
    for (Supplier<Map<String, Long>> g : all) {
      g.get()
          .forEach((name, v) -> rows.add(name.endsWith("lag") ? gauge(name, v) : counter(name, v)));
    }
    return rows;
  }

  private static Row counter(String name, long v) {
    return new Row(name, "counter", v, null, null, null, null);
  }

  private static Row gauge(String name, long v) {
    return new Row(name, "gauge", v, null, null, null, null);
  }

  private static void timer(List<Row> rows, String name, Histogram h) {
    Histogram.Summary s = h.summary();
    rows.add(new Row(name, "timer", us(s.sum()), s.count(), us(s.p50()), us(s.p99()), us(s.max())));
  }

  private static void distribution(List<Row> rows, String name, Histogram h) {
    Histogram.Summary s = h.summary();
    rows.add(
        new Row(
            name,
            "distribution",
            s.sum(),
            s.count(),
            (double) s.p50(),
            (double) s.p99(),
            (double) s.max()));
  }

  /** Nanoseconds as microseconds, to a tenth. */
  private static double us(long nanos) {
    return Math.round(nanos / 100.0) / 10.0;
  }
}
