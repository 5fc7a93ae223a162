package io.tidal.bench.e2e;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * A database under test, driven through JDBC by one child JVM.
 *
 * <p>Lifecycle: {@link #create} (schema and items, untimed) or {@link #open} (existing files),
 * then {@link #ingest} batches, {@link #prepare} the queries, ask them, {@link #close}. Every
 * method may throw {@link SQLException}; the runner turns a failure into a FAILED (or, for a
 * target whose driver is missing, UNAVAILABLE) status instead of crashing. Scores are in the
 * units of the SQL contract: decay as is, velocity in signals per second; a target that does not
 * return scores reports {@code NaN}.
 */
interface Target extends AutoCloseable {

  /** Creates the database in the empty directory {@code dir}: schema and the items table. */
  void create(Path dir, W1 w) throws SQLException;

  /** Opens the database previously created in {@code dir}. */
  void open(Path dir, W1 w) throws SQLException;

  /** Writes one batch durably (one commit); returns when it is durable. */
  void ingest(Batch b) throws SQLException;

  /** A writer with its own connection that writes one signal per durable commit. */
  SingleWriter singleWriter() throws SQLException;

  /** Prepares the six queries, asked as of {@code at}. */
  void prepare(long at) throws SQLException;

  /** Q1: top-10 by decay(view, 1h). */
  List<Ranked> q1() throws SQLException;

  /** Q2: top-10 by 1 decay(view,24h) + 5 decay(like,6h) + 10 decay(share,24h). */
  List<Ranked> q2() throws SQLException;

  /** Q3: decay(view, 1h) of one item. */
  double q3(String item) throws SQLException;

  /** Q4: count of likes in the last 24h of one item. */
  long q4(String item) throws SQLException;

  /** Q5: velocity of views over the last hour of one item, signals per second. */
  double q5(String item) throws SQLException;

  /** Q6: top-10 by velocity of views over the last hour. */
  List<Ranked> q6() throws SQLException;

  /** Product name and version, as the driver reports them. */
  String version() throws SQLException;

  /** What this variant does, for the report. */
  String describe();

  @Override
  void close() throws SQLException;

  /** One connection writing one signal per commit. */
  interface SingleWriter extends AutoCloseable {
    void write(int type, int item, double weight, long ts) throws SQLException;

    @Override
    void close() throws SQLException;
  }
}
