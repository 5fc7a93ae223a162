package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The storage contract on {@link InMemoryStorage}. */
class InMemoryStorageTest extends StorageEngineContract {
  @Override
  protected StorageEngine open() {
    return new InMemoryStorage();
  }

  @Override
  protected StorageEngine reopen(StorageEngine old) {
    return old;
  }

  @Test
  void isPersistent_isFalse() {
    assertThat(storage.isPersistent()).isFalse();
  }
}
