package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.io.FileLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One owner per database directory: same JVM, other JVM, pid in the message, permissions. */
class DirectoryLockTest {
  @TempDir Path tmp;

  @Test
  void acquire_createsDirectory0700_andLockFile0600WithPid() throws Exception {
    Path dir = tmp.resolve("a/b/db");
    try (DirectoryLock lock = DirectoryLock.acquire(dir, FileLayer.system())) {
      assertThat(lock.directory()).isEqualTo(dir.toRealPath());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      Path file = dir.resolve(DirectoryLock.FILE_NAME);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim())
          .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
  }

  @Test
  void acquire_sameJvmTwice_isLockedNamingDirectoryAndThisProcess() throws Exception {
    Path dir = tmp.resolve("db");
    try (DirectoryLock lock = DirectoryLock.acquire(dir, FileLayer.system())) {
      // a different spelling of the same directory is the same database
      Path other = tmp.resolve(".").resolve("db");
      assertThatThrownBy(() -> DirectoryLock.acquire(other, FileLayer.system()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(dir.toRealPath().toString())
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.DATABASE_LOCKED);
      assertThat(lock.isHeld())
          .as("the refused attempt must not release the holder's lock")
          .isTrue();
    }
    try (DirectoryLock again = DirectoryLock.acquire(dir, FileLayer.system())) {
      assertThat(again.isHeld()).isTrue();
    }
  }

  @Test
  void acquire_lockFileIsASymlink_isRefusedWithoutFollowingIt() throws Exception {
    Path dir = tmp.resolve("db");
    Files.createDirectories(dir);
    Path target = tmp.resolve("elsewhere");
    Files.write(target, new byte[0]);
    Files.createSymbolicLink(dir.resolve(DirectoryLock.FILE_NAME), target);
    assertThatThrownBy(() -> DirectoryLock.acquire(dir, FileLayer.system()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(DirectoryLock.FILE_NAME)
        .extracting(e -> ((TidalException) e).code())
        .isEqualTo(ErrorCode.IO_ERROR);
    assertThat(Files.size(target)).as("the symlink target is untouched").isZero();
    Files.delete(dir.resolve(DirectoryLock.FILE_NAME));
    DirectoryLock.acquire(dir, FileLayer.system()).close();
  }

  @Test
  void close_isIdempotent() {
    DirectoryLock lock = DirectoryLock.acquire(tmp.resolve("db"), FileLayer.system());
    lock.close();
    lock.close();
    assertThat(lock.isHeld()).isFalse();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void acquire_heldByChildJvm_isLockedNamingTheChildPid_untilItExits() throws Exception {
    Path dir = tmp.resolve("db");
    try (ChildJvm child = ChildJvm.start("hold-lock", dir.toString())) {
      child.awaitLine(l -> l.startsWith("locked"));
      assertThatThrownBy(() -> DirectoryLock.acquire(dir, FileLayer.system()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(dir.toRealPath().toString())
          .hasMessageContaining("pid " + child.pid())
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.DATABASE_LOCKED);
      assertThatThrownBy(() -> MvStoreStorage.open(dir))
          .isInstanceOf(StorageException.class)
          .extracting(e -> ((TidalException) e).code())
          .isEqualTo(ErrorCode.DATABASE_LOCKED);
      assertThat(child.finish()).isZero();
    }
    try (DirectoryLock lock = DirectoryLock.acquire(dir, FileLayer.system())) {
      assertThat(lock.isHeld()).isTrue();
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void childJvm_openingOurDatabase_isRefusedNamingOurPid() throws Exception {
    Path dir = tmp.resolve("db");
    try (MvStoreStorage storage = MvStoreStorage.open(dir);
        ChildJvm child = ChildJvm.start("try-lock", dir.toString())) {
      String line = child.awaitLine(l -> l.startsWith("refused") || l.startsWith("acquired"));
      assertThat(line)
          .startsWith("refused DATABASE_LOCKED")
          .contains(dir.toRealPath().toString())
          .contains("pid " + ProcessHandle.current().pid());
      assertThat(child.finish()).isZero();
      storage.keyspace("t.items").put(new byte[] {1}, new byte[] {1});
    }
  }
}
