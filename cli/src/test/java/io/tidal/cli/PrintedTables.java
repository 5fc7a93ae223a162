package io.tidal.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back the tables the demo prints: "== title", the SQL, then an aligned table. */
final class PrintedTables {
  record Parsed(List<String> columns, List<String[]> rows) {
    int column(String name) {
      int i = columns.indexOf(name);
      if (i < 0) {
        throw new AssertionError("no column " + name + " in " + columns);
      }
      return i;
    }

    List<String> column(int i) {
      return rows.stream().map(r -> r[i]).toList();
    }
  }

  private PrintedTables() {}

  /** Tables by the title that precedes them. */
  static Map<String, Parsed> parse(String output) {
    Map<String, Parsed> tables = new LinkedHashMap<>();
    List<String> lines = output.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("== ")) {
        continue;
      }
      String title = lines.get(i).substring(3);
      int rule = i + 1;
      while (rule < lines.size() && !lines.get(rule).startsWith("---")) {
        rule++;
      }
      List<String> columns = split(lines.get(rule - 1));
      List<String[]> rows = new ArrayList<>();
      for (int r = rule + 1; r < lines.size() && !lines.get(r).isBlank(); r++) {
        rows.add(split(lines.get(r)).toArray(new String[0]));
      }
      tables.put(title, new Parsed(columns, rows));
      i = rule;
    }
    return tables;
  }

  static Parsed startingWith(Map<String, Parsed> tables, String prefix) {
    return tables.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no table titled " + prefix + "... in " + tables.keySet()));
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.split(" \\| ")).map(String::trim).toList();
  }
}
