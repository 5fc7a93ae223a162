package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.io.FileLayer;
import io.tidal.testing.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MvStoreStorage} does with the files it finds: permissions, foreign, damaged, versions. */
class MvStoreStorageFilesTest {
  @TempDir Path tmp;

  private Path db() {
    return tmp.resolve("db");
  }

  private Path dataFile() {
    return db().resolve(MvStoreStorage.FILE_NAME);
  }

  @Test
  void open_createsDirectory0700_andFiles0600() throws IOException {
    try (MvStoreStorage storage = MvStoreStorage.open(db())) {
      storage.keyspace("t.items").put(new byte[] {1}, new byte[] {2});
      storage.flush(true);
      assertThat(perms(db())).isEqualTo("rwx------");
      assertThat(perms(dataFile())).isEqualTo("rw-------");
      assertThat(perms(db().resolve(DirectoryLock.FILE_NAME))).isEqualTo("rw-------");
    }
    assertThat(perms(dataFile())).as("after close").isEqualTo("rw-------");
  }

  @Test
  void open_withoutCreate_missingDatabase_isNotFoundNamingTheFile() {
    try (DirectoryLock lock = DirectoryLock.acquire(db(), FileLayer.system())) {
      assertThatThrownBy(() -> MvStoreStorage.open(lock, FileLayer.system(), false))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(MvStoreStorage.FILE_NAME)
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.DATABASE_NOT_FOUND);
      assertThat(Files.exists(dataFile())).isFalse();
    }
  }

  @Test
  void open_withCallersLock_leavesLockToCaller() {
    try (DirectoryLock lock = DirectoryLock.acquire(db(), FileLayer.system())) {
      MvStoreStorage.open(lock, FileLayer.system(), true).close();
      assertThat(lock.isHeld()).isTrue();
      try (MvStoreStorage again = MvStoreStorage.open(lock, FileLayer.system(), false)) {
        assertThat(again.keyspaceNames()).isEmpty();
      }
    }
  }

  @Test
  void open_foreignTextFile_isCorruptNamingTheFile() throws IOException {
    Files.createDirectories(db());
    Files.write(
        dataFile(), "hello, this is not a database\n".repeat(300).getBytes(StandardCharsets.UTF_8));
    expectCorruptOnOpen();
  }

  @Test
  void open_randomBytes_isCorruptNamingTheFile() throws IOException {
    Files.createDirectories(db());
    byte[] junk = new byte[16384];
    new Random(Seeds.seed("MvStoreStorageFilesTest.randomBytes")).nextBytes(junk);
    Files.write(dataFile(), junk);
    expectCorruptOnOpen();
  }

  @Test
  void open_mvStoreFileOfAnotherApplication_isCorruptNamingTheFile() {
    createDirs();
    try (MVStore other = MVStore.open(dataFile().toString())) {
      other.<String, String>openMap("customers").put("k", "v");
    }
    assertThatThrownBy(() -> MvStoreStorage.open(db()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(dataFile().toString())
        .hasMessageContaining("customers")
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.CORRUPT);
    assertLockReleased();
  }

  @Test
  void open_newerOrOlderFormatVersion_isUnsupportedNamingTheVersion() {
    for (String version : new String[] {"99", "0"}) {
      createDirs();
      try (MVStore other = MVStore.open(dataFile().toString())) {
        other
            .<String, String>openMap(MvStoreStorage.INFO_MAP)
            .put(MvStoreStorage.FORMAT_KEY, version);
      }
      assertThatThrownBy(() -> MvStoreStorage.open(db()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(dataFile().toString())
          .hasMessageContaining("version " + version)
          .hasMessageContaining(version.equals("0") ? "older" : "newer")
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
      assertLockReleased();
    }
  }

  @Test
  void open_emptyFile_isANewDatabase() throws IOException {
    createDirs();
    Files.write(dataFile(), new byte[0]);
    try (MvStoreStorage storage = MvStoreStorage.open(db())) {
      assertThat(storage.keyspaceNames()).isEmpty();
    }
  }

  @Test
  void open_truncatedFile_isCorruptOrLosesOnlyTheTail() throws IOException {
    writeSample(2000);
    byte[] full = Files.readAllBytes(dataFile());
    Files.write(dataFile(), java.util.Arrays.copyOf(full, 100));
    expectCorruptOnOpen();
  }

  /**
   * Bytes flipped at random places of a closed database: every outcome is either a clean open and
   * scan, or a {@link StorageException}; no MVStore or JDK exception escapes. (MVStore pages carry
   * no checksum, so a flip inside a value may go unnoticed: that is the WAL's and ledger's concern.)
   */
  @Test
  void damagedFile_failsOnlyWithStorageExceptions() throws IOException {
    writeSample(3000);
    byte[] pristine = Files.readAllBytes(dataFile());
    Random rnd = new Random(Seeds.seed("MvStoreStorageFilesTest.damagedFile"));
    int detected = 0;
    for (int i = 0; i < Seeds.tries(40); i++) {
      byte[] damaged = pristine.clone();
      int at = rnd.nextInt(damaged.length);
      int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 512);
      for (int j = at; j < Math.min(damaged.length, at + len); j++) {
        damaged[j] = rnd.nextInt(3) == 0 ? 0 : (byte) rnd.nextInt(256);
      }
      Files.write(dataFile(), damaged);
      try (MvStoreStorage storage = MvStoreStorage.open(db())) {
        for (String name : storage.keyspaceNames()) {
          Iterator<KeyValue> it = storage.keyspace(name).scan(null, null);
          while (it.hasNext()) {
            it.next();
          }
        }
      } catch (StorageException e) {
        detected++;
        assertThat(e.getMessage()).as("damage at %d+%d", at, len).contains(dataFile().toString());
      } catch (RuntimeException e) {
        fail("damage at " + at + "+" + len + " let a non-storage exception escape", e);
      }
      assertLockReleased();
    }
    System.out.println(
        "[damagedFile] detected " + detected + " of " + Seeds.tries(40) + " damaged files");
  }

  private void writeSample(int n) {
    try (MvStoreStorage storage = MvStoreStorage.open(db())) {
      Keyspace a = storage.keyspace("t.items");
      Keyspace b = storage.keyspace("sys.catalog");
      for (int i = 0; i < n; i++) {
        a.put(Bytes.u64(i), new byte[20]);
        b.put(Bytes.u64(i * 7L), Bytes.u64(i));
        if (i % 500 == 0) {
          storage.flush(false);
        }
      }
    }
  }

  private void expectCorruptOnOpen() {
    assertThatThrownBy(() -> MvStoreStorage.open(db()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(dataFile().toString())
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.CORRUPT);
    assertLockReleased();
  }

  private void assertLockReleased() {
    DirectoryLock.acquire(db(), FileLayer.system()).close();
  }

  private void createDirs() {
    try {
      Files.createDirectories(db());
      Files.deleteIfExists(dataFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
