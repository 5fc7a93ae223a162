package io.tidal.slt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code slt/*.test} script through {@code jdbc:tidal:}: one container per file, one
 * test per record, in order, on one connection per file (a fresh in-memory database). After a
 * failed {@code statement}, the rest of the file fails as not run. {@code -Dslt.include=x} runs only
 * the files whose name contains x.
 */
class SltScriptsTest {
  private static final AtomicInteger DB = new AtomicInteger();

  @TestFactory
  Stream<DynamicNode> scripts() throws IOException, URISyntaxException {
    URL dir = SltScriptsTest.class.getClassLoader().getResource("slt");
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
      String include = System.getProperty("slt.include", "");
      files =
          s.filter(p -> p.toString().endsWith(".test"))
              .filter(p -> p.getFileName().toString().contains(include))
              .sorted()
              .toList();
    }
    List<DynamicNode> out = new ArrayList<>();
    for (Path f : files) {
      out.add(file(f));
    }
    return out.stream();
  }

  static DynamicContainer file(Path f) throws IOException {
    String text;
    try (InputStream in = Files.newInputStream(f)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Slt.Record> records = Slt.parse(text);
    String url =
        System.getProperty("slt.url", "jdbc:tidal:mem:slt{n}")
            .replace("{n}", Integer.toString(DB.incrementAndGet()));
    FileRun run = new FileRun(url);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Slt.Record r = records.get(i);
      boolean last = i == records.size() - 1;
      tests.add(DynamicTest.dynamicTest(r.title(), () -> run.run(r, last)));
    }
    if (records.isEmpty()) {
      tests.add(DynamicTest.dynamicTest("empty script", run::close));
    }
    return DynamicContainer.dynamicContainer(f.getFileName().toString(), tests);
  }

  /** One file's connection and failure state. */
  private static final class FileRun {
    private final String url;
    private Connection conn;
    private String abortedBy;

    FileRun(String url) {
      this.url = url;
    }

    void run(Slt.Record r, boolean last) throws SQLException {
      try {
        if (abortedBy != null) {
          throw new AssertionError("not run: " + abortedBy + " failed");
        }
        if (conn == null) {
          conn = DriverManager.getConnection(url);
        }
        try {
          Slt.run(conn, r);
        } catch (AssertionError | SQLException | RuntimeException e) {
          if (r.kind().startsWith("statement")) {
            abortedBy = "line " + r.line();
          }
          throw e;
        }
      } finally {
        if (last) {
          close();
        }
      }
    }

    void close() throws SQLException {
      if (conn != null) {
        conn.close();
        conn = null;
      }
    }
  }
}
