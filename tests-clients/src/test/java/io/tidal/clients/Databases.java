package io.tidal.clients;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two kinds of database every client test runs against: a file database in a fresh
 * directory and a memory database. A memory database is opened with {@code close_delay=-1}, as a
 * pool or Spring's {@code DriverManagerDataSource} needs (a connection per call), and is given a
 * fresh name per test. The {@link #oracle} connection reads what the client stack wrote through
 * plain JDBC.
 */
final class Databases implements AutoCloseable {

  private static final AtomicInteger MEM_IDS = new AtomicInteger();

  final String url;
  final Connection oracle;

  private Databases(String url) throws SQLException {
    this.url = url;
    this.oracle = DriverManager.getConnection(url);
  }

  static Databases open(String kind, Path dir) throws SQLException {
    return new Databases(
        switch (kind) {
          case "file" -> "jdbc:tidal:" + dir.resolve("db");
          case "mem" -> "jdbc:tidal:mem:clients" + MEM_IDS.incrementAndGet() + ";close_delay=-1";
          default -> throw new IllegalArgumentException(kind);
        });
  }

  void execute(String... statements) throws SQLException {
    try (Statement s = oracle.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Every row of a query, columns joined with '|', SQL NULL as "null". */
  List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = oracle.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    oracle.close();
  }
}
