package io.tidal.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The machine and software a report was measured on. */
final class Machine {
  private Machine() {}

  static void describe(StringBuilder b, Map<String, String> versions) {
    b.append(
        String.format(
            Locale.ROOT,
            "- Machine: %d CPU (nproc), %s, %s memory, %s %s%n",
            Runtime.getRuntime().availableProcessors(),
            procLine("/proc/cpuinfo", "model name"),
            memory(),
            System.getProperty("os.name"),
            System.getProperty("os.version")));
    b.append("- Java: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append('\n');
    versions.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
  }

  private static String memory() {
    String kb = procLine("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "");
    return kb.isEmpty()
        ? "?"
        : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1048576.0);
  }

  private static String procLine(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
      for (String l : lines) {
        if (l.startsWith(key)) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "?";
    }
    return "?";
  }
}
