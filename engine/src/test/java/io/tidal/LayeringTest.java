package io.tidal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine knows nothing of SQL: no compiled engine class refers to java.sql or Calcite. */
class LayeringTest {
  @Test
  void engineClassesReferNeitherToJdbcNorToCalcite() throws IOException {
    Path classes = Path.of("target/classes/io/tidal");
    List<Path> offenders;
    try (Stream<Path> s = Files.walk(classes)) {
      offenders =
          s.filter(p -> p.toString().endsWith(".class")).filter(LayeringTest::refersToSql).toList();
    }
    assertThat(offenders).isEmpty();
  }

  private static boolean refersToSql(Path classFile) {
    try {
      String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      return text.contains("java/sql/") || text.contains("org/apache/calcite");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
