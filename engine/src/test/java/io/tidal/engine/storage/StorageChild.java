package io.tidal.engine.storage;

import io.tidal.TidalException;
import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The child JVM of the crash and lock tests ({@link ChildJvm} starts it). Modes:
 * <ul>
 *   <li>{@code hold-lock DIR}: locks DIR, prints {@code locked}, holds the lock until stdin closes.
 *   <li>{@code try-lock DIR}: tries to lock DIR, prints {@code acquired} or
 *       {@code refused CODE MESSAGE}.
 *   <li>{@code put-flush-wait DIR N}: puts N keys, flushes durably, prints {@code flushed N}, then
 *       waits (to be killed).
 *   <li>{@code batches DIR DURABLE}: writes batch after batch (3 keyspaces x 3 keys, each value the
 *       batch number), flushes after every 5th and prints {@code flushed COUNT}, until killed.
 *   <li>{@code fill DIR}: (run under {@code ulimit -f}) writes and flushes 20 KiB batches, printing
 *       {@code flushed COUNT}, until a flush fails; prints {@code failed CODE}, then the codes of a
 *       later put, flush and close ({@code then CODE ...}).
 * </ul>
 * Every line is flushed before the child goes on, so a line read by the parent is a fact.
 */
final class StorageChild {
  static final String[] KEYSPACES = {"t.items", "t.users", "sys.ledger"};
  static final int KEYS_PER_KEYSPACE = 3;
  static final int FLUSH_EVERY = 5;

  private StorageChild() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "hold-lock" -> holdLock(dir);
      case "try-lock" -> tryLock(dir);
      case "put-flush-wait" -> putFlushWait(dir, Integer.parseInt(args[2]));
      case "batches" -> batches(dir, Boolean.parseBoolean(args[2]));
      case "fill" -> fill(dir);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void holdLock(Path dir) throws IOException {
    try (DirectoryLock lock = DirectoryLock.acquire(dir, FileLayer.system())) {
      say("locked " + lock.directory());
      drain(System.in);
    }
  }

  private static void tryLock(Path dir) {
    try (DirectoryLock lock = DirectoryLock.acquire(dir, FileLayer.system())) {
      say("acquired");
    } catch (TidalException e) {
      say("refused " + e.code() + " " + e.getMessage());
    }
  }

  private static void putFlushWait(Path dir, int n) throws IOException {
    MvStoreStorage storage = MvStoreStorage.open(dir);
    Keyspace ks = storage.keyspace("t.items");
    for (int i = 0; i < n; i++) {
      ks.put(Bytes.u64(i), Bytes.u64(i * 31L));
    }
    storage.flush(true);
    say("flushed " + n);
    drain(System.in); // killed here; never closes the storage
  }

  private static void batches(Path dir, boolean durable) {
    MvStoreStorage storage = MvStoreStorage.open(dir);
    Keyspace[] ks = new Keyspace[KEYSPACES.length];
    for (int i = 0; i < ks.length; i++) {
      ks[i] = storage.keyspace(KEYSPACES[i]);
    }
    storage.flush(true);
    for (long batch = 0; batch < 10_000_000; batch++) {
      WriteBatch wb = new WriteBatch();
      for (Keyspace k : ks) {
        for (int j = 0; j < KEYS_PER_KEYSPACE; j++) {
          wb.put(k, key(batch, j), Bytes.u64(batch));
        }
      }
      storage.write(wb);
      if ((batch + 1) % FLUSH_EVERY == 0) {
        storage.flush(durable);
        say("flushed " + (batch + 1));
      }
    }
  }

  private static void fill(Path dir) {
    MvStoreStorage storage = MvStoreStorage.open(dir);
    Keyspace ks = storage.keyspace("t.items");
    long batch = 0;
    try {
      for (; batch < 100_000; batch++) {
        WriteBatch wb = new WriteBatch();
        for (int j = 0; j < 20; j++) {
          wb.put(ks, key(batch, j), new byte[1024]);
        }
        storage.write(wb);
        storage.flush(false);
        say("flushed " + (batch + 1));
      }
      say("never failed");
    } catch (TidalException e) {
      say("failed " + e.code() + " " + e.getMessage());
    }
    byte[] next = key(batch, 0);
    say(
        "then "
            + code(() -> ks.put(next, new byte[1]))
            + " "
            + code(() -> storage.flush(true))
            + " "
            + code(() -> ks.get(key(0, 0)))
            + " "
            + code(storage::close));
  }

  private static String code(Runnable r) {
    try {
      r.run();
      return "OK";
    } catch (TidalException e) {
      return e.code().name();
    }
  }

  static byte[] key(long batch, int j) {
    byte[] k = new byte[9];
    System.arraycopy(Bytes.u64(batch), 0, k, 0, 8);
    k[8] = (byte) j;
    return k;
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[256];
    while (in.read(buf) >= 0) {
      // wait for the parent to close our stdin (or to kill us)
    }
  }
}
