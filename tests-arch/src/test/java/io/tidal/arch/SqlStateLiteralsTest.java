package io.tidal.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SQLState comes from {@code io.tidal.sql.SqlStates}: no other main source file of any module
 * writes one as a string literal (a constant's value is inlined by javac, so this reads the
 * sources, not the classes).
 */
class SqlStateLiteralsTest {
  /** A quoted five-character code of a SQLState class tidal uses. */
  private static final Pattern STATE =
      Pattern.compile("\"(?:0[0-9A-Z]|2[0-9A-Z]|3[0-9A-Z]|4[0-9A-Z]|5[0-9]|HY|XX)[0-9A-Z]{3}\"");

  @Test
  void noMainSourceOutsideSqlStatesWritesASqlStateLiteral() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.toList()) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
          }
        }
      }
    }
    assertThat(sources).as("main sources found under %s", root).hasSizeGreaterThan(100);
    List<String> offenders = new ArrayList<>();
    for (Path file : sources) {
      if (file.getFileName().toString().equals("SqlStates.java")) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = STATE.matcher(lines.get(i));
        if (m.find()) {
          offenders.add(root.relativize(file) + ":" + (i + 1) + " " + m.group());
        }
      }
    }
    assertThat(offenders).as("SQLState literals outside SqlStates").isEmpty();
  }
}
