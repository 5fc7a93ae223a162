package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on {@link MvStoreStorage}: reopen closes the file and opens it again. */
class MvStoreStorageTest extends StorageEngineContract {
  @TempDir Path dir;

  @Override
  protected StorageEngine open() {
    return MvStoreStorage.open(dir.resolve("db"));
  }

  @Override
  protected StorageEngine reopen(StorageEngine old) {
    old.close();
    return MvStoreStorage.open(dir.resolve("db"));
  }

  @Test
  void isPersistent_isTrue() {
    assertThat(storage.isPersistent()).isTrue();
  }

  /**
   * The auditor's view: a value written, flushed (so it sits in a chunk), overwritten and deleted,
   * with older versions retained by MVStore, is in data.mv until a scrub and in no byte after it;
   * the live entries survive it and a reopen.
   */
  @Test
  void scrub_deletedValue_isInNoByteOfTheFile() throws Exception {
    byte[] marker = "MARKER-7f3a9c-ERASE-ME".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Keyspace ks = storage.keyspace("t.items");
    for (int i = 0; i < 200; i++) {
      ks.put(b(i >> 8, i & 0xFF), b(i));
    }
    ks.put(b(0xFF), marker);
    storage.flush(true);
    ks.put(b(0xFF), b(1));
    storage.flush(true);
    ks.delete(b(0xFF));
    storage.flush(true);
    Path file = dir.resolve("db").resolve(MvStoreStorage.FILE_NAME);
    assertThat(contains(java.nio.file.Files.readAllBytes(file), marker))
        .as("before the scrub")
        .isTrue();
    storage.scrub();
    assertThat(contains(java.nio.file.Files.readAllBytes(file), marker))
        .as("after the scrub")
        .isFalse();
    assertThat(
            java.nio.file.Files.exists(dir.resolve("db").resolve(MvStoreStorage.SCRUB_FILE_NAME)))
        .isFalse();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)))
        .as("the new data.mv")
        .isEqualTo("rw-------");
    ks.put(b(0xFE), b(7)); // the handle works on the new file
    storage = reopen(storage);
    assertThat(storage.keyspace("t.items").size()).isEqualTo(201);
    assertThat(storage.keyspace("t.items").get(b(0xFE))).isEqualTo(b(7));
  }

  /** A scrub's new file left by a crash before its rename is deleted at open; the old file is the data. */
  @Test
  void open_withScrubLeftover_deletesItAndKeepsTheData() throws Exception {
    storage.keyspace("t.items").put(b(1), b(2));
    storage.flush(true);
    storage.close();
    Path leftover = dir.resolve("db").resolve(MvStoreStorage.SCRUB_FILE_NAME);
    java.nio.file.Files.write(leftover, new byte[] {1, 2, 3});
    storage = MvStoreStorage.open(dir.resolve("db"));
    assertThat(java.nio.file.Files.exists(leftover)).isFalse();
    assertThat(storage.keyspace("t.items").get(b(1))).isEqualTo(b(2));
  }

  static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
