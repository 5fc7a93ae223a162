package io.tidal.slt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A small sqllogictest runner (notes/clients.md): parser and executor.
 *
 * <p>Records, separated by blank lines; {@code #} starts a comment only at the start of a line; SQL
 * lines are kept verbatim and joined with newlines:
 * <pre>
 * statement ok | statement error [regex] | statement count N
 * query TYPES [nosort|rowsort|valuesort] [label]      (TYPES: one of I, R, T per column)
 * SQL ...
 * ----
 * expected rows (tab-separated, or space-separated, or one value per line, or "N values hashing to H")
 * query error [regex]
 * skipif NAME / onlyif NAME (this runner is "tidal"), halt, hash-threshold N
 * control autocommit on|off                            (Connection.setAutoCommit)
 * </pre>
 * Error regexes are searched in {@code "SQLSTATE <state>: <message>"}. Rendering: NULL, (empty) for
 * an empty string, R as %.3f, I as an integer, non-printable characters as {@code @}.
 */
public final class Slt {
  /** The engine name for skipif/onlyif. */
  public static final String ENGINE = "tidal";

  /** One record of a script. */
  public record Record(
      int line,
      String kind,
      String arg,
      String sql,
      List<String> expected,
      String types,
      String sort) {
    public String title() {
      String first = sql.lines().findFirst().orElse("").strip();
      return "line "
          + line
          + ": "
          + kind
          + (arg.isEmpty() ? "" : " " + arg)
          + ": "
          + (first.length() > 70 ? first.substring(0, 67) + "..." : first);
    }
  }

  private Slt() {}

  /** Parses a script. Records skipped by skipif/onlyif are left out; halt ends the script. */
  public static List<Record> parse(String text) {
    List<String> lines = text.lines().toList();
    List<Record> out = new ArrayList<>();
    int i = 0;
    boolean skip = false;
    while (i < lines.size()) {
      String line = lines.get(i);
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        i++;
        continue;
      }
      String[] w = t.split("\\s+");
      switch (w[0]) {
        case "skipif" -> {
          skip |= w.length > 1 && w[1].equals(ENGINE);
          i++;
          continue;
        }
        case "onlyif" -> {
          skip |= w.length > 1 && !w[1].equals(ENGINE);
          i++;
          continue;
        }
        case "halt" -> {
          if (!skip) {
            return out;
          }
          skip = false;
          i++;
          continue;
        }
        case "hash-threshold" -> {
          i++;
          continue;
        }
        default -> {
          // a statement or query record
        }
      }
      int start = i + 1;
      i++;
      List<String> sql = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).strip().equals("----")) {
        sql.add(lines.get(i));
        i++;
      }
      List<String> expected = new ArrayList<>();
      if (i < lines.size() && lines.get(i).strip().equals("----")) {
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
          expected.add(lines.get(i));
          i++;
        }
      }
      String kind = w[0] + (w.length > 1 ? " " + w[1] : "");
      String rest = t.substring(Math.min(t.length(), kind.length())).strip();
      String types = "";
      String sort = "nosort";
      if (w[0].equals("query") && !(w.length > 1 && w[1].equals("error"))) {
        kind = "query";
        types = w.length > 1 ? w[1] : "";
        sort = w.length > 2 ? w[2] : "nosort";
        rest = "";
      }
      if (kind.equals("statement error") || kind.equals("query error")) {
        if (rest.isEmpty() && !expected.isEmpty()) {
          rest = String.join("\n", expected).strip();
        }
      }
      if (!skip) {
        out.add(new Record(start, kind, rest, String.join("\n", sql), expected, types, sort));
      }
      skip = false;
    }
    return out;
  }

  /** Runs one record on {@code c}; throws AssertionError describing any mismatch. */
  public static void run(Connection c, Record r) throws SQLException {
    run(c, r, 0);
  }

  /**
   * Runs one record; every statement gets {@code timeoutSeconds} as its query timeout (0: none),
   * so a statement that plans or runs too long fails instead of hanging.
   */
  public static void run(Connection c, Record r, int timeoutSeconds) throws SQLException {
    switch (r.kind()) {
      case "statement ok" -> {
        try (Statement s = statement(c, timeoutSeconds)) {
          s.execute(r.sql());
        }
      }
      case "statement count" -> {
        long want = Long.parseLong(r.arg().strip());
        try (Statement s = statement(c, timeoutSeconds)) {
          if (s.execute(r.sql())) {
            throw new AssertionError("expected update count " + want + ", got a result set");
          }
          long got = s.getUpdateCount();
          if (got != want) {
            throw new AssertionError("expected update count " + want + ", got " + got);
          }
        }
      }
      case "statement error", "query error" -> expectError(c, r, timeoutSeconds);
      case "query" -> query(c, r, timeoutSeconds);
      case "control autocommit" -> c.setAutoCommit(r.arg().strip().equalsIgnoreCase("on"));
      default -> throw new AssertionError("unknown record kind '" + r.kind() + "'");
    }
  }

  private static void expectError(Connection c, Record r, int timeoutSeconds) {
    try (Statement s = statement(c, timeoutSeconds)) {
      if (s.execute(r.sql())) {
        try (ResultSet rs = s.getResultSet()) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              rs.getObject(i);
            }
          }
        }
      }
    } catch (SQLException e) {
      String text = "SQLSTATE " + e.getSQLState() + ": " + e.getMessage();
      if (!r.arg().isEmpty()
          && !Pattern.compile(r.arg(), Pattern.DOTALL | Pattern.CASE_INSENSITIVE)
              .matcher(text)
              .find()) {
        throw new AssertionError("error did not match /" + r.arg() + "/: " + text, e);
      }
      return;
    } catch (RuntimeException e) {
      throw new AssertionError("a RuntimeException escaped JDBC: " + e, e);
    }
    throw new AssertionError(
        "statement succeeded but an error was expected"
            + (r.arg().isEmpty() ? "" : " (/" + r.arg() + "/)"));
  }

  private static Statement statement(Connection c, int timeoutSeconds) throws SQLException {
    Statement s = c.createStatement();
    if (timeoutSeconds > 0) {
      s.setQueryTimeout(timeoutSeconds);
    }
    return s;
  }

  private static void query(Connection c, Record r, int timeoutSeconds) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    int cols;
    try (Statement s = statement(c, timeoutSeconds);
        ResultSet rs = s.executeQuery(r.sql())) {
      cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(cols);
        for (int i = 1; i <= cols; i++) {
          char type = i - 1 < r.types().length() ? r.types().charAt(i - 1) : 'T';
          row.add(render(rs, i, type));
        }
        rows.add(row);
      }
    }
    if (!r.types().isEmpty() && r.types().length() != cols) {
      throw new AssertionError(
          "types '"
              + r.types()
              + "' name "
              + r.types().length()
              + " columns, the query returned "
              + cols);
    }
    List<String> values = new ArrayList<>();
    switch (r.sort()) {
      case "rowsort" -> {
        rows.sort((a, b) -> String.join("\t", a).compareTo(String.join("\t", b)));
        rows.forEach(values::addAll);
      }
      case "valuesort" -> {
        rows.forEach(values::addAll);
        Collections.sort(values);
      }
      default -> rows.forEach(values::addAll);
    }
    List<String> expected = expectedValues(r.expected(), rows.size(), cols);
    if (expected.size() == 1 && expected.get(0).matches("\\d+ values hashing to [0-9a-f]{32}")) {
      String[] p = expected.get(0).split(" ");
      String hash = md5(values);
      if (Integer.parseInt(p[0]) != values.size() || !p[4].equals(hash)) {
        throw new AssertionError(
            "expected "
                + expected.get(0)
                + ", got "
                + values.size()
                + " values hashing to "
                + hash);
      }
      return;
    }
    if (!expected.equals(values)) {
      throw new AssertionError("result differs\nexpected: " + expected + "\nactual:   " + values);
    }
  }

  private static List<String> expectedValues(List<String> lines, int rows, int cols) {
    List<String> out = new ArrayList<>();
    if (lines.size() == 1 && lines.get(0).strip().matches("\\d+ values hashing to [0-9a-f]{32}")) {
      out.add(lines.get(0).strip());
      return out;
    }
    boolean oneValuePerLine = cols > 1 && lines.size() == rows * cols && lines.size() != rows;
    for (String l : lines) {
      if (oneValuePerLine) {
        out.add(l.strip());
      } else if (l.indexOf('\t') >= 0) {
        out.addAll(Arrays.asList(l.split("\t", -1)));
      } else if (cols == 1) {
        out.add(l.strip());
      } else {
        out.addAll(Arrays.asList(l.strip().split(" +")));
      }
    }
    return out;
  }

  private static String render(ResultSet rs, int i, char type) throws SQLException {
    Object o = rs.getObject(i);
    if (o == null) {
      return "NULL";
    }
    switch (type) {
      case 'R' -> {
        return String.format(Locale.ROOT, "%.3f", rs.getDouble(i));
      }
      case 'I' -> {
        if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
          return new BigDecimal(o.toString())
              .setScale(0, java.math.RoundingMode.DOWN)
              .toPlainString();
        }
        if (o instanceof Boolean b) {
          return b ? "1" : "0";
        }
        return o.toString();
      }
      default -> {
        String s = rs.getString(i);
        if (s.isEmpty()) {
          return "(empty)";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
          sb.append(ch < ' ' || ch > '~' ? '@' : ch);
        }
        return sb.toString();
      }
    }
  }

  private static String md5(List<String> values) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (String v : values) {
        md.update(v.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
