package io.tidal.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What differs between the three peer databases: URL and durability settings, the extra
 * connections of the multi-threaded phase, upsert syntax and which indexes pay off.
 *
 * <p>Durability parity: SQLite runs WAL + {@code synchronous=FULL} (fsync per commit, tidal's
 * {@code durability=sync}); DuckDB syncs its WAL at commit by default. H2 2.3 has no
 * fsync-per-commit mode at all ({@code WRITE_DELAY=0} writes each commit to the file, but MVStore
 * never forces it; H2 itself documents that ~1 s of commits may be lost on power loss), so H2
 * runs with a weaker guarantee than the others, to its advantage; the report says so.
 */
enum Dialect {
  H2("h2") {
    @Override
    Connection connect(Path dir) throws SQLException {
      return DriverManager.getConnection(
          "jdbc:h2:file:"
              + dir.resolve("h2db").toAbsolutePath()
              + ";WRITE_DELAY=0;LOCK_TIMEOUT=20000",
          "sa",
          "");
    }

    @Override
    String uncached() {
      // H2 hands a prepared query its previous result when no table changed since and the
      // parameters are the same: a no-op parameter bound to a new value each time defeats that
      // (RAND() would too, but it changes H2's plans).
      return " AND ? >= 0";
    }

    @Override
    String upsertAcc() {
      return "MERGE INTO acc t USING (VALUES (CAST(? AS VARCHAR(8)), CAST(? AS BIGINT),"
          + " CAST(? AS VARCHAR(32)), CAST(? AS DOUBLE PRECISION))) AS s(kind, hl, item, a)"
          + " ON t.kind = s.kind AND t.hl = s.hl AND t.item = s.item"
          + " WHEN MATCHED THEN UPDATE SET a = t.a + s.a"
          + " WHEN NOT MATCHED THEN INSERT (kind, hl, item, a) VALUES (s.kind, s.hl, s.item, s.a)";
    }

    @Override
    String upsertWin() {
      return "MERGE INTO win t USING (VALUES (CAST(? AS VARCHAR(8)), CAST(? AS VARCHAR(32)),"
          + " CAST(? AS BIGINT), CAST(? AS BIGINT))) AS s(kind, item, bucket, cnt)"
          + " ON t.kind = s.kind AND t.item = s.item AND t.bucket = s.bucket"
          + " WHEN MATCHED THEN UPDATE SET cnt = t.cnt + s.cnt"
          + " WHEN NOT MATCHED THEN INSERT (kind, item, bucket, cnt)"
          + " VALUES (s.kind, s.item, s.bucket, s.cnt)";
    }
  },

  SQLITE("sqlite") {
    @Override
    Connection connect(Path dir) throws SQLException {
      Connection c =
          DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db.sqlite").toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=20000");
      }
      return c;
    }

    @Override
    String tableSuffix() {
      return " WITHOUT ROWID";
    }
  },

  DUCKDB("duckdb") {
    @Override
    Connection connect(Path dir) throws SQLException {
      return DriverManager.getConnection(
          "jdbc:duckdb:" + dir.resolve("db.duckdb").toAbsolutePath());
    }

    @Override
    Connection another(Connection primary, Path dir) throws SQLException {
      // One database instance per process: further connections are duplicates of the first.
      return ((org.duckdb.DuckDBConnection) primary).duplicate();
    }

    @Override
    List<String> expertIndexes() {
      // DuckDB cannot upsert a column that an index references, and its ART indexes serve only
      // point lookups; ORDER BY ... LIMIT is a columnar scan with a top-n heap anyway.
      return List.of();
    }
  };

  final String prefix;

  Dialect(String prefix) {
    this.prefix = prefix;
  }

  /** A new connection (autocommit on) to the database in {@code dir}, created if missing. */
  abstract Connection connect(Path dir) throws SQLException;

  /** A further connection for another thread. */
  Connection another(Connection primary, Path dir) throws SQLException {
    return connect(dir);
  }

  /**
   * Appended to every query's WHERE clause: defeats a cache of identical results, if any; if
   * not empty, it is the query's last parameter, bound by {@link SqlPeer} to a fresh value.
   */
  String uncached() {
    return "";
  }

  /** Appended to CREATE TABLE of the keyed expert tables. */
  String tableSuffix() {
    return "";
  }

  /** Adds {@code a} to the accumulator (kind, hl, item), creating it at {@code a}. */
  String upsertAcc() {
    return "INSERT INTO acc (kind, hl, item, a) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (kind, hl, item) DO UPDATE SET a = acc.a + excluded.a";
  }

  /** Adds {@code cnt} to the bucket (kind, item, bucket), creating it at {@code cnt}. */
  String upsertWin() {
    return "INSERT INTO win (kind, item, bucket, cnt) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (kind, item, bucket) DO UPDATE SET cnt = win.cnt + excluded.cnt";
  }

  /** The expert schema's secondary indexes. */
  List<String> expertIndexes() {
    return List.of(
        "CREATE INDEX acc_rank ON acc (kind, hl, a DESC, item)",
        "CREATE INDEX win_time ON win (kind, bucket, item, cnt)");
  }

  static Dialect of(String prefix) {
    for (Dialect d : values()) {
      if (d.prefix.equals(prefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown peer '" + prefix + "'");
  }
}
