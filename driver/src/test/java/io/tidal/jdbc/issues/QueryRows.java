package io.tidal.jdbc.issues;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as {@code a|b|c} strings, for comparing answers in the issue tests. */
final class QueryRows {
  private QueryRows() {}

  /** The rows in the order the query returns them. */
  static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  /** The rows sorted, for queries whose order is not specified. */
  static List<String> sortedRows(Statement s, String sql) throws SQLException {
    List<String> out = rows(s, sql);
    out.sort(null);
    return out;
  }
}
