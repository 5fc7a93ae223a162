package io.tidal.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one child JVM measured for one target: metric values, a status per phase, and free-form
 * facts (versions, repetitions). Written by the child as tab-separated lines, read by the parent.
 */
final class Results {
  static final String OK = "OK";

  final Map<Metric, Double> values = new EnumMap<>(Metric.class);
  final Map<String, String> status = new LinkedHashMap<>();
  final Map<String, String> info = new LinkedHashMap<>();

  void put(Metric m, double v) {
    values.put(m, v);
  }

  /** The status of {@code phase}; a phase never set is reported as not run. */
  String status(String phase) {
    return status.getOrDefault(phase, "NOT RUN");
  }

  boolean ok(Metric m) {
    return OK.equals(status(m.phase)) && values.containsKey(m);
  }

  void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    values.forEach((k, v) -> lines.add("metric\t" + k.name() + "\t" + v));
    status.forEach((k, v) -> lines.add("status\t" + k + "\t" + clean(v)));
    info.forEach((k, v) -> lines.add("info\t" + k + "\t" + clean(v)));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  static Results read(Path file) throws IOException {
    Results r = new Results();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", 3);
      if (f.length < 3) {
        continue;
      }
      switch (f[0]) {
        case "metric":
          r.values.put(Metric.valueOf(f[1]), Double.parseDouble(f[2]));
          break;
        case "status":
          r.status.put(f[1], f[2]);
          break;
        default:
          r.info.put(f[1], f[2]);
      }
    }
    return r;
  }

  private static String clean(String s) {
    String one = s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    return one.length() > 400 ? one.substring(0, 400) + "..." : one;
  }
}
