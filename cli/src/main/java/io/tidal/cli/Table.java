package io.tidal.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small result table printed with aligned columns: text left-aligned, numbers right-aligned,
 * floating-point numbers with a fixed number of decimals per column.
 *
 * <pre>
 *  id     | title          |     hot
 * --------+----------------+--------
 *  i00042 | Midnight Jazz  | 812.337
 * </pre>
 */
final class Table {
  static final int MAX_TEXT = 42;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final List<String> columns;
  private final List<Object[]> rows;

  Table(List<String> columns, List<Object[]> rows) {
    this.columns = List.copyOf(columns);
    this.rows = List.copyOf(rows);
  }

  /** Reads every remaining row of {@code rs}; TIMESTAMP columns as UTC wall-clock times. */
  static Table read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<String> columns = new ArrayList<>(n);
    for (int c = 1; c <= n; c++) {
      columns.add(meta.getColumnLabel(c).toLowerCase(Locale.ROOT));
    }
    List<Object[]> rows = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int c = 1; c <= n; c++) {
        if (meta.getColumnType(c) == Types.TIMESTAMP) {
          Timestamp ts = rs.getTimestamp(c);
          row[c - 1] = ts == null ? null : ts.toLocalDateTime();
        } else {
          row[c - 1] = rs.getObject(c);
        }
      }
      rows.add(row);
    }
    return new Table(columns, rows);
  }

  int rowCount() {
    return rows.size();
  }

  List<Object[]> rows() {
    return rows;
  }

  void print(PrintStream out) {
    int n = columns.size();
    String[][] cells = new String[rows.size()][n];
    boolean[] numeric = new boolean[n];
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      numeric[c] = isNumericColumn(c);
      int decimals = decimalsFor(c);
      width[c] = columns.get(c).length();
      for (int r = 0; r < rows.size(); r++) {
        cells[r][c] = format(rows.get(r)[c], decimals);
        width[c] = Math.max(width[c], cells[r][c].length());
      }
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < n; c++) {
      header.append(c == 0 ? " " : " | ").append(pad(columns.get(c), width[c], numeric[c]));
      rule.append(c == 0 ? "-" : "-+-").append("-".repeat(width[c]));
    }
    out.println(header.toString().stripTrailing());
    out.println(rule.append('-'));
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < n; c++) {
        line.append(c == 0 ? " " : " | ").append(pad(row[c], width[c], numeric[c]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private boolean isNumericColumn(int c) {
    boolean any = false;
    for (Object[] row : rows) {
      if (row[c] == null) {
        continue;
      }
      if (!(row[c] instanceof Number)) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** Four decimals for a column of small fractions (rates), three otherwise. */
  private int decimalsFor(int c) {
    double maxAbs = 0;
    for (Object[] row : rows) {
      if (row[c] instanceof Number) {
        maxAbs = Math.max(maxAbs, Math.abs(((Number) row[c]).doubleValue()));
      }
    }
    return maxAbs < 1 ? 4 : 3;
  }

  static String format(Object value, int decimals) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return String.format(Locale.ROOT, "%." + decimals + "f", ((Number) value).doubleValue());
    }
    if (value instanceof LocalDateTime) {
      return TIME.format((LocalDateTime) value);
    }
    String text = value.toString();
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
  }

  private static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(width - text.length());
    return right ? fill + text : text + fill;
  }
}
