package io.tidal.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expert peer: what a skilled developer builds on a relational database for W1.
 *
 * <p>Design notes. Two tables replace the raw events. {@code acc(kind, hl, item, a)} holds one
 * forward-decay accumulator per (item, type, half-life): {@code a = sum w * 2^((t - L)/h)} with
 * landmark {@code L} = start of the week, so {@code decay(at) = a * 2^(-(at - L)/h)} and, for one
 * half-life, ranking by {@code a} is ranking by decay: Q1 is an index read on
 * (kind, hl, a DESC, item). {@code win(kind, item, bucket, cnt)} counts signals per minute; bucket
 * {@code k = floor((t - 1) / 60 s)} covers {@code (k min, (k+1) min]}, so a window
 * {@code (at - W, at]} with minute-aligned {@code at} and {@code W} is exactly the buckets
 * {@code (at - W)/60 s .. at/60 s - 1}. A batch is coalesced in Java first (one upsert per touched
 * key, keys sorted) and written in one transaction. Q2 (a blend of three half-lives) has no single
 * index: it aggregates the three accumulator lists (a scan of the accumulators, not of the
 * events). Raw events are not kept (tidal keeps them): this favours the peer on ingest and disk.
 */
final class ExpertPeer extends SqlPeer {
  private long landmark;
  private PreparedStatement accUp;
  private PreparedStatement winUp;
  private org.duckdb.DuckDBAppender accStage;
  private org.duckdb.DuckDBAppender winStage;
  private PreparedStatement q1;
  private PreparedStatement q2;
  private PreparedStatement q3;
  private PreparedStatement q4;
  private PreparedStatement q5;
  private PreparedStatement q6;
  private double f1h;

  ExpertPeer(Dialect dialect) {
    super(dialect);
  }

  @Override
  public String describe() {
    return "forward-decay accumulators per (item, type, half-life) by upsert, index on the"
        + " accumulator; per-minute window buckets; batches coalesced in Java";
  }

  @Override
  List<String> schema() {
    List<String> ddl = new ArrayList<>();
    ddl.add(
        "CREATE TABLE acc (kind VARCHAR(8) NOT NULL, hl BIGINT NOT NULL,"
            + " item VARCHAR(32) NOT NULL, a DOUBLE PRECISION NOT NULL,"
            + " PRIMARY KEY (kind, hl, item))"
            + dialect.tableSuffix());
    ddl.add(
        "CREATE TABLE win (kind VARCHAR(8) NOT NULL, item VARCHAR(32) NOT NULL,"
            + " bucket BIGINT NOT NULL, cnt BIGINT NOT NULL,"
            + " PRIMARY KEY (kind, item, bucket))"
            + dialect.tableSuffix());
    ddl.addAll(dialect.expertIndexes());
    return ddl;
  }

  @Override
  public void open(Path dir, W1 w) throws SQLException {
    super.open(dir, w);
    landmark = W1.START;
  }

  static long bucket(long ts) {
    return Math.floorDiv(ts - 1, W1.MINUTE);
  }

  private double forward(long ts, long h) {
    return Math.pow(2, (double) (ts - landmark) / h);
  }

  @Override
  public void ingest(Batch b) throws SQLException {
    if (accUp == null) {
      conn.setAutoCommit(false);
      accUp = conn.prepareStatement(dialect.upsertAcc());
      winUp = conn.prepareStatement(dialect.upsertWin());
    }
    Map<String, double[]> acc = new TreeMap<>();
    Map<String, long[]> win = new TreeMap<>();
    for (int i = 0; i < b.size; i++) {
      W1.Type t = W1.TYPES.get(b.type[i]);
      String item = W1.id(b.item[i]);
      for (long h : t.halfLives()) {
        acc.computeIfAbsent(t.name() + '|' + h + '|' + item, k -> new double[1])[0] +=
            b.weight[i] * forward(b.ts[i], h);
      }
      win.computeIfAbsent(t.name() + '|' + item + '|' + bucket(b.ts[i]), k -> new long[1])[0]++;
    }
    if (dialect == Dialect.DUCKDB) {
      ingestDuck(acc, win);
      return;
    }
    for (Map.Entry<String, double[]> e : acc.entrySet()) {
      String[] k = e.getKey().split("\\|");
      setAcc(accUp, k[0], Long.parseLong(k[1]), k[2], e.getValue()[0]);
      accUp.addBatch();
    }
    for (Map.Entry<String, long[]> e : win.entrySet()) {
      String[] k = e.getKey().split("\\|");
      setWin(winUp, k[0], k[1], Long.parseLong(k[2]), e.getValue()[0]);
      winUp.addBatch();
    }
    inTransaction(
        conn,
        () -> {
          accUp.executeBatch();
          winUp.executeBatch();
        });
  }

  /**
   * DuckDB executes a JDBC batch row by row (~5 ms per upsert here): its expert appends the
   * coalesced rows to temporary staging tables and merges them with one set-based upsert each.
   */
  private void ingestDuck(Map<String, double[]> acc, Map<String, long[]> win) throws SQLException {
    if (accStage == null) {
      try (Statement s = conn.createStatement()) {
        s.execute("CREATE TEMP TABLE acc_stage (kind VARCHAR, hl BIGINT, item VARCHAR, a DOUBLE)");
        s.execute(
            "CREATE TEMP TABLE win_stage (kind VARCHAR, item VARCHAR, bucket BIGINT,"
                + " cnt BIGINT)");
      }
      org.duckdb.DuckDBConnection duck = (org.duckdb.DuckDBConnection) conn;
      accStage = duck.createAppender("temp", "main", "acc_stage");
      winStage = duck.createAppender("temp", "main", "win_stage");
    }
    for (Map.Entry<String, double[]> e : acc.entrySet()) {
      String[] k = e.getKey().split("\\|");
      accStage
          .beginRow()
          .append(k[0])
          .append(Long.parseLong(k[1]))
          .append(k[2])
          .append(e.getValue()[0])
          .endRow();
    }
    for (Map.Entry<String, long[]> e : win.entrySet()) {
      String[] k = e.getKey().split("\\|");
      winStage
          .beginRow()
          .append(k[0])
          .append(k[1])
          .append(Long.parseLong(k[2]))
          .append(e.getValue()[0])
          .endRow();
    }
    accStage.flush();
    winStage.flush();
    try (Statement s = conn.createStatement()) {
      s.execute(
          "INSERT INTO acc SELECT * FROM acc_stage"
              + " ON CONFLICT (kind, hl, item) DO UPDATE SET a = acc.a + excluded.a");
      s.execute(
          "INSERT INTO win SELECT * FROM win_stage"
              + " ON CONFLICT (kind, item, bucket) DO UPDATE SET cnt = win.cnt + excluded.cnt");
      s.execute("DELETE FROM acc_stage");
      s.execute("DELETE FROM win_stage");
    }
    conn.commit();
  }

  private static void setAcc(PreparedStatement p, String kind, long h, String item, double a)
      throws SQLException {
    p.setString(1, kind);
    p.setLong(2, h);
    p.setString(3, item);
    p.setDouble(4, a);
  }

  private static void setWin(PreparedStatement p, String kind, String item, long bucket, long n)
      throws SQLException {
    p.setString(1, kind);
    p.setString(2, item);
    p.setLong(3, bucket);
    p.setLong(4, n);
  }

  @Override
  public SingleWriter singleWriter() throws SQLException {
    return new ExpertWriter(dialect.another(conn, dir));
  }

  /** One signal per transaction: its accumulators and its bucket, retried on conflicts. */
  private final class ExpertWriter implements SingleWriter {
    private final Connection c;
    private PreparedStatement a;
    private PreparedStatement wn;

    ExpertWriter(Connection c) throws SQLException {
      this.c = c;
      c.setAutoCommit(false);
      prepareStatements();
    }

    private void prepareStatements() throws SQLException {
      a = c.prepareStatement(dialect.upsertAcc());
      wn = c.prepareStatement(dialect.upsertWin());
    }

    @Override
    public void write(int type, int item, double weight, long ts) throws SQLException {
      W1.Type t = W1.TYPES.get(type);
      String id = W1.id(item);
      for (int attempt = 1; ; attempt++) {
        try {
          for (long h : t.halfLives()) {
            setAcc(a, t.name(), h, id, weight * forward(ts, h));
            a.executeUpdate();
          }
          setWin(wn, t.name(), id, bucket(ts), 1);
          wn.executeUpdate();
          c.commit();
          return;
        } catch (SQLException e) {
          c.rollback();
          if (attempt >= 200) {
            throw e;
          }
          // DuckDB closes a statement whose transaction hit a write conflict: prepare again.
          a.close();
          wn.close();
          prepareStatements();
        }
      }
    }

    @Override
    public void close() throws SQLException {
      a.close();
      wn.close();
      c.close();
    }
  }

  private double factor(long at, long h) {
    return Math.pow(2, -(double) (at - landmark) / h);
  }

  @Override
  public void prepare(long at) throws SQLException {
    conn.setAutoCommit(true);
    accUp = null;
    f1h = factor(at, W1.HOUR);
    q1 =
        conn.prepareStatement(
            "SELECT item, a FROM acc WHERE kind = 'view' AND hl = "
                + W1.HOUR
                + " "
                + dialect.uncached()
                + " ORDER BY a DESC, item LIMIT 10");
    q2 =
        conn.prepareStatement(
            "SELECT item, SUM(a * CASE WHEN kind = 'view' THEN "
                + factor(at, W1.DAY)
                + " WHEN kind = 'like' THEN "
                + 5 * factor(at, 6 * W1.HOUR)
                + " ELSE "
                + 10 * factor(at, W1.DAY)
                + " END) AS s FROM acc"
                + " WHERE ((kind = 'view' AND hl = "
                + W1.DAY
                + ") OR (kind = 'like' AND hl = "
                + 6 * W1.HOUR
                + ") OR (kind = 'share' AND hl = "
                + W1.DAY
                + "))"
                + " "
                + dialect.uncached()
                + " GROUP BY item ORDER BY s DESC, item LIMIT 10");
    q3 =
        conn.prepareStatement(
            "SELECT a FROM acc WHERE kind = 'view' AND hl = "
                + W1.HOUR
                + " AND item = ?"
                + dialect.uncached());
    q4 =
        conn.prepareStatement(
            "SELECT SUM(cnt) FROM win WHERE kind = 'like' AND item = ?"
                + " AND bucket BETWEEN "
                + (at - W1.DAY) / W1.MINUTE
                + " AND "
                + (at / W1.MINUTE - 1)
                + dialect.uncached());
    q5 =
        conn.prepareStatement(
            "SELECT SUM(cnt) FROM win WHERE kind = 'view' AND item = ?"
                + " AND bucket BETWEEN "
                + (at - W1.HOUR) / W1.MINUTE
                + " AND "
                + (at / W1.MINUTE - 1)
                + dialect.uncached());
    q6 =
        conn.prepareStatement(
            "SELECT item, SUM(cnt) AS c FROM win WHERE kind = 'view'"
                + " AND bucket BETWEEN "
                + (at - W1.HOUR) / W1.MINUTE
                + " AND "
                + (at / W1.MINUTE - 1)
                + " "
                + dialect.uncached()
                + " GROUP BY item ORDER BY c DESC, item LIMIT 10");
  }

  @Override
  public void close() throws SQLException {
    if (accStage != null) {
      accStage.close();
      winStage.close();
      accStage = null;
      winStage = null;
    }
    super.close();
  }

  @Override
  public List<Ranked> q1() throws SQLException {
    return top(q1, f1h);
  }

  @Override
  public List<Ranked> q2() throws SQLException {
    return top(q2, 1.0);
  }

  @Override
  public double q3(String item) throws SQLException {
    return point(q3, item) * f1h;
  }

  @Override
  public long q4(String item) throws SQLException {
    return (long) point(q4, item);
  }

  @Override
  public double q5(String item) throws SQLException {
    return Oracle.velocity((long) point(q5, item), W1.HOUR);
  }

  @Override
  public List<Ranked> q6() throws SQLException {
    return top(q6, 1.0 / 3600);
  }
}
