package io.tidal.storage;

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
}
