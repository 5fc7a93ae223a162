package io.tidal.wal;

import io.tidal.wal.WalRecord.SignalRecord;
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
 * The child process of {@link WalCrashLoopTest}: opens the WAL in SYNC mode (recovering whatever
 * the last kill left), prints {@code READY} on stdout, then appends batches of signals from two
 * threads forever. After each append returns it appends {@code ACK <first seq> <count> <first id>}
 * to the ACK file with one unbuffered write, so the line is in the kernel before the next append
 * starts and survives the SIGKILL. Event ids are unique: each signal's entity key is
 * {@code e<id>}, and ids continue after the highest one the log holds.
 *
 * <p>Arguments: WAL directory, ACK file, seed.
 */
public final class WalCrashChild {
  private WalCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[2]);
    AtomicLong maxId = new AtomicLong(-1);
    Wal wal = Wal.open(WalOptions.builder(dir).segmentBytes(64 * 1024).build(),
        (seq, r) -> maxId.accumulateAndGet(idOf((SignalRecord) r), Math::max));
    AtomicLong nextId = new AtomicLong(maxId.get() + 1);
    try (FileOutputStream acks = new FileOutputStream(args[1], true)) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.println("READY");
      Thread[] threads = new Thread[2];
      for (int t = 0; t < threads.length; t++) {
        Random rnd = new Random(seed + t);
        threads[t] = new Thread(() -> appendForever(wal, rnd, nextId, acks));
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  private static void appendForever(Wal wal, Random rnd, AtomicLong nextId, FileOutputStream acks) {
    while (true) {
      int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 20);
      long first = nextId.getAndAdd(n);
      List<WalRecord> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(event(first + i));
      }
      AppendResult r = wal.append(batch);
      byte[] line = ("ACK " + r.firstSequence() + " " + n + " " + first + "\n").getBytes(StandardCharsets.US_ASCII);
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
    return Long.parseLong(new String(s.entityKey(), 1, s.entityKey().length - 1, StandardCharsets.US_ASCII));
  }
}
