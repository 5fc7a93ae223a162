package io.tidal.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * tidal through its JDBC driver ({@code jdbc:tidal:<dir>}), with the SQL of docs/SQL.md.
 *
 * <p>Design notes. Signal types are declared exactly as W1 defines them; signals go in through a
 * prepared {@code INSERT INTO signals} batch (autocommit: one durable batch per
 * {@code executeBatch}); queries use DECAY_SCORE / WINDOWED_COUNT / VELOCITY with {@code at} as a
 * TIMESTAMP literal and the entity id as the only parameter. Point queries have two spellings
 * (without FROM, as issue 6 targets, and FROM items WHERE id = ?): the first that prepares and
 * answers is used. Timestamps are bound as {@code Timestamp.valueOf(utcLocalDateTime)}, which the
 * contract stores unchanged as UTC wall-clock time.
 */
final class TidalTarget implements Target {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private Path dir;
  private Connection conn;
  private PreparedStatement insert;
  private PreparedStatement q1;
  private PreparedStatement q2;
  private PreparedStatement q3;
  private PreparedStatement q4;
  private PreparedStatement q5;
  private PreparedStatement q6;

  @Override
  public String describe() {
    return "jdbc:tidal: driver, docs/SQL.md SQL (signal types, INSERT INTO signals, DECAY_SCORE ...)";
  }

  @Override
  public void create(Path dir, W1 w) throws SQLException {
    open(dir, w);
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE items (id VARCHAR PRIMARY KEY, category VARCHAR)");
      for (W1.Type t : W1.TYPES) {
        s.execute(
            "CREATE SIGNAL TYPE "
                + t.name()
                + " ON items HALF_LIFE ("
                + intervals(t.halfLives())
                + ") WINDOW ("
                + intervals(t.windows())
                + ")");
      }
    }
    try (PreparedStatement p =
        conn.prepareStatement("INSERT INTO items (id, category) VALUES (?, ?)")) {
      for (int i = 0; i < w.items(); i++) {
        p.setString(1, W1.id(i));
        p.setString(2, "c" + (i % 20));
        p.addBatch();
        if (i % 1000 == 999 || i == w.items() - 1) {
          p.executeBatch();
        }
      }
    }
  }

  static String intervals(List<Long> ms) {
    StringBuilder b = new StringBuilder();
    for (long m : ms) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(
          m % W1.DAY == 0
              ? "INTERVAL '" + m / W1.DAY + "' DAY"
              : "INTERVAL '" + m / W1.HOUR + "' HOUR");
    }
    return b.toString();
  }

  @Override
  public void open(Path dir, W1 w) throws SQLException {
    this.dir = dir;
    this.conn = DriverManager.getConnection(url(dir));
  }

  private static String url(Path dir) {
    return "jdbc:tidal:" + dir.resolve("tidal").toAbsolutePath();
  }

  static Timestamp timestamp(long epochMs) {
    return Timestamp.valueOf(
        LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC));
  }

  private static void bind(PreparedStatement p, int type, int item, double weight, long ts)
      throws SQLException {
    p.setString(1, W1.TYPES.get(type).name());
    p.setString(2, W1.id(item));
    p.setDouble(3, weight);
    p.setTimestamp(4, timestamp(ts));
  }

  private static final String INSERT =
      "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES (?, ?, ?, ?)";

  @Override
  public void ingest(Batch b) throws SQLException {
    if (insert == null) {
      insert = conn.prepareStatement(INSERT);
    }
    for (int i = 0; i < b.size; i++) {
      bind(insert, b.type[i], b.item[i], b.weight[i], b.ts[i]);
      insert.addBatch();
    }
    insert.executeBatch();
  }

  @Override
  public SingleWriter singleWriter() throws SQLException {
    Connection c = DriverManager.getConnection(url(dir));
    PreparedStatement p = c.prepareStatement(INSERT);
    return new SingleWriter() {
      @Override
      public void write(int type, int item, double weight, long ts) throws SQLException {
        bind(p, type, item, weight, ts);
        p.executeUpdate();
      }

      @Override
      public void close() throws SQLException {
        p.close();
        c.close();
      }
    };
  }

  @Override
  public void prepare(long at) throws SQLException {
    String t =
        "TIMESTAMP '"
            + TS.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC))
            + "'";
    // Each query prepares on its own: one the driver cannot yet answer leaves the others usable.
    q1 =
        prepareOrNull(
            "Q1",
            "SELECT id, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, "
                + t
                + ") AS s FROM items ORDER BY s DESC LIMIT 10");
    q2 =
        prepareOrNull(
            "Q2",
            "SELECT id, 1 * DECAY_SCORE(id, 'view', INTERVAL '1' DAY, "
                + t
                + ") + 5 * DECAY_SCORE(id, 'like', INTERVAL '6' HOUR, "
                + t
                + ") + 10 * DECAY_SCORE(id, 'share', INTERVAL '1' DAY, "
                + t
                + ") AS s FROM items ORDER BY s DESC LIMIT 10");
    q3 = pointOrNull("Q3", "DECAY_SCORE", "'view', INTERVAL '1' HOUR, " + t);
    q4 = pointOrNull("Q4", "WINDOWED_COUNT", "'like', INTERVAL '1' DAY, " + t);
    q5 = pointOrNull("Q5", "VELOCITY", "'view', INTERVAL '1' HOUR, " + t);
    q6 =
        prepareOrNull(
            "Q6",
            "SELECT id, VELOCITY(id, 'view', INTERVAL '1' HOUR, "
                + t
                + ") AS v FROM items ORDER BY v DESC LIMIT 10");
  }

  private final java.util.Map<String, SQLException> errors = new java.util.HashMap<>();

  private PreparedStatement prepareOrNull(String name, String sql) {
    try {
      return conn.prepareStatement(sql);
    } catch (SQLException e) {
      errors.put(name, e);
      return null;
    }
  }

  private PreparedStatement pointOrNull(String name, String fn, String args) {
    try {
      return point(fn, args);
    } catch (SQLException e) {
      errors.put(name, e);
      return null;
    }
  }

  private PreparedStatement ready(PreparedStatement p, String what) throws SQLException {
    if (p == null) {
      SQLException e = errors.get(what);
      throw new SQLException(what + " did not prepare: " + (e == null ? "?" : e.getMessage()), e);
    }
    return p;
  }

  /** The first spelling of a point query that prepares and answers. */
  private PreparedStatement point(String fn, String args) throws SQLException {
    String[] spellings = {
      "SELECT " + fn + "(?, " + args + ")",
      "SELECT " + fn + "(id, " + args + ") FROM items WHERE id = ?"
    };
    SQLException first = null;
    for (String sql : spellings) {
      try {
        PreparedStatement p = conn.prepareStatement(sql);
        SqlPeer.scalar(p, W1.id(0));
        return p;
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    throw first;
  }

  @Override
  public List<Ranked> q1() throws SQLException {
    return SqlPeer.ranked(ready(q1, "Q1"), 1.0);
  }

  @Override
  public List<Ranked> q2() throws SQLException {
    return SqlPeer.ranked(ready(q2, "Q2"), 1.0);
  }

  @Override
  public double q3(String item) throws SQLException {
    return SqlPeer.scalar(ready(q3, "Q3"), item);
  }

  @Override
  public long q4(String item) throws SQLException {
    return (long) SqlPeer.scalar(ready(q4, "Q4"), item);
  }

  @Override
  public double q5(String item) throws SQLException {
    return SqlPeer.scalar(ready(q5, "Q5"), item);
  }

  @Override
  public List<Ranked> q6() throws SQLException {
    return SqlPeer.ranked(ready(q6, "Q6"), 1.0);
  }

  /** (entity, signal type) pairs with hot state, from {@code sys.stats}. */
  long trackedStates() throws SQLException {
    try (Statement s = conn.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery("SELECT \"VALUE\" FROM sys.stats WHERE \"NAME\" = 'tracked_states'")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  @Override
  public String version() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    return md.getDatabaseProductName()
        + " "
        + md.getDatabaseProductVersion()
        + " (driver "
        + md.getDriverVersion()
        + ")";
  }

  @Override
  public void close() throws SQLException {
    insert = null;
    if (conn != null) {
      conn.close();
      conn = null;
    }
  }
}
