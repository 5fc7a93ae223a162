package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDirectoryTest {
  @TempDir Path tmp;

  @Test
  void prepare_missingOrEmpty_keepsIt() throws IOException {
    assertThat(DemoDirectory.prepare(tmp.resolve("absent"))).isFalse();
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThat(DemoDirectory.prepare(empty)).isFalse();
    assertThat(empty).isEmptyDirectory();
  }

  @Test
  void prepare_previousTidalDatabase_isDeleted() throws IOException {
    Path db = Files.createDirectory(tmp.resolve("db"));
    Files.writeString(db.resolve("LOCK"), "pid 1");
    Files.writeString(db.resolve("data.mv"), "x");
    Files.createDirectories(db.resolve("wal"));
    Files.writeString(db.resolve("wal").resolve("00000001.wal"), "x");
    assertThat(DemoDirectory.prepare(db)).isTrue();
    assertThat(db).doesNotExist();
  }

  @Test
  void prepare_foreignFiles_refusesAndKeepsEverything() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("mine"));
    Files.writeString(dir.resolve("data.mv"), "x");
    Files.writeString(dir.resolve("thesis.tex"), "precious");
    assertThatThrownBy(() -> DemoDirectory.prepare(dir))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("does not look like a tidal database")
        .hasMessageContaining("thesis.tex");
    assertThat(dir.resolve("thesis.tex")).hasContent("precious");
    assertThat(dir.resolve("data.mv")).exists();
  }

  @Test
  void prepare_noTidalMarker_refuses() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("locked-only"));
    Files.writeString(dir.resolve("LOCK"), "");
    assertThatThrownBy(() -> DemoDirectory.prepare(dir)).isInstanceOf(CliException.class);
    assertThat(dir.resolve("LOCK")).exists();
  }

  @Test
  void prepare_aFile_refuses() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> DemoDirectory.prepare(file))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("is not a directory");
  }
}
