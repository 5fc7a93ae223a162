package io.tidal.engine.wal;

import io.tidal.Durability;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link WalCrashLoopTest}: opens the WAL in SYNC or ASYNC mode (recovering whatever
 * the last kill left), prints {@code READY} on stdout, then appends batches of signals from two
 * threads forever. After each append returns it appends {@code ACK <first seq> <count> <first id>}
 * to the ACK file with one unbuffered write, so the line is in the kernel before the next append
 * starts and survives the SIGKILL. Event ids are unique: each signal's entity key is
 * {@code e<id>}, and ids continue after the highest one the log holds.
 *
 * <p>Every few dozen appends one thread checkpoints like the engine does: it writes its "store"
 * (the file {@code store.txt} beside the WAL: {@code <checkpoint seq> <next id>}; temp file, fsync,
 * atomic rename, directory fsync), then calls {@link Wal#checkpoint}, which may delete segments.
 * The next open replays from the stored sequence. Kills land in checkpoints too.
 *
 * In ASYNC mode an acknowledged append has been written, not fsync'd: it must survive a SIGKILL all
 * the same (the kernel has it), and the checkpointer calls {@link Wal#sync()} before its store, as
 * the engine does.
 *
 * <p>Arguments: WAL directory, ACK file, seed, durability (SYNC or ASYNC; default SYNC).
 */
public final class WalCrashChild {
  private WalCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[2]);
    long[] store = readStore(dir);
    Durability durability = args.length > 3 ? Durability.valueOf(args[3]) : Durability.SYNC;
    AtomicLong maxId = new AtomicLong(store[1] - 1);
    Wal wal =
        Wal.open(
            options(dir, store[0]).durability(durability).build(),
            (seq, r) -> maxId.accumulateAndGet(idOf((SignalRecord) r), Math::max));
    AtomicLong nextId = new AtomicLong(maxId.get() + 1);
    try (FileOutputStream acks = new FileOutputStream(args[1], true)) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.println("READY");
      Thread[] threads = new Thread[2];
      for (int t = 0; t < threads.length; t++) {
        Random rnd = new Random(seed + t);
        boolean checkpointer = t == 0;
        threads[t] =
            new Thread(() -> appendForever(wal, rnd, nextId, acks, checkpointer ? dir : null));
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  static WalOptions.Builder options(Path dir, long replayFrom) {
    return WalOptions.builder(dir).segmentBytes(64 * 1024).replayFrom(replayFrom);
  }

  /** The store: {checkpoint sequence, next event id}; {0, 0} if none. */
  static long[] readStore(Path dir) throws IOException {
    Path f = storeFile(dir);
    if (!java.nio.file.Files.exists(f)) {
      return new long[] {0, 0};
    }
    String[] v = java.nio.file.Files.readString(f, StandardCharsets.US_ASCII).trim().split(" ");
    return new long[] {Long.parseLong(v[0]), Long.parseLong(v[1])};
  }

  static Path storeFile(Path dir) {
    return dir.resolveSibling("store.txt");
  }

  /** Persists the store (all records up to {@code seq} are durable: their batches were fsync'd). */
  private static void writeStore(Path dir, long seq, long nextId) throws IOException {
    io.tidal.engine.io.FileLayer fs = io.tidal.engine.io.FileLayer.system();
    Path tmp = dir.resolveSibling("store.tmp");
    try (java.nio.channels.FileChannel ch =
        fs.open(
            tmp,
            java.util.Set.of(
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING))) {
      ch.write(
          java.nio.ByteBuffer.wrap(
              (seq + " " + nextId + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    fs.move(tmp, storeFile(dir));
    fs.syncDirectory(dir.getParent());
  }

  private static void appendForever(
      Wal wal, Random rnd, AtomicLong nextId, FileOutputStream acks, Path checkpointDir) {
    while (true) {
      int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 20);
      long first = nextId.getAndAdd(n);
      List<WalRecord> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(event(first + i));
      }
      AppendResult r = wal.append(batch);
      if (checkpointDir != null && rnd.nextInt(40) == 0) {
        long seq = r.firstSequence() + n - 1;
        wal.sync(); // ASYNC: the log must be durable up to seq before the store says so
        try {
          writeStore(checkpointDir, seq, nextId.get());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        wal.checkpoint(seq);
      }
      byte[] line =
          ("ACK " + r.firstSequence() + " " + n + " " + first + "\n")
              .getBytes(StandardCharsets.US_ASCII);
      try {
        synchronized (acks) {
          acks.write(line);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  static SignalRecord event(long id) {
    return new SignalRecord("view", ("e" + id).getBytes(StandardCharsets.US_ASCII), 1.0, id, null);
  }

  static long idOf(SignalRecord s) {
    return Long.parseLong(
        new String(s.entityKey(), 1, s.entityKey().length - 1, StandardCharsets.US_ASCII));
  }
}
