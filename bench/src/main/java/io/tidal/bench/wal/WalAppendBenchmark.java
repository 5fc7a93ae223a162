package io.tidal.bench.wal;

import io.tidal.Durability;
import io.tidal.engine.wal.Wal;
import io.tidal.engine.wal.WalOptions;
import io.tidal.engine.wal.WalRecord;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * How many events per second does the WAL make durable, and how does that compare with the
 * machine's raw fsync rate? Every score is events per second (ops/s; the 1,000-event batch counts
 * 1,000 operations per call). Each iteration writes into a fresh WAL directory under
 * {@code java.io.tmpdir} (override with {@code -Djava.io.tmpdir=...} to measure another disk).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main \
 *     'io.tidal.bench.wal.WalAppendBenchmark' -f 1 -wi 1 -w 2s -i 3 -r 3s
 * </pre>
 *
 * Targets (issue 4): a lone SYNC writer within 80% of {@link #rawFsync4KiB}; 8 SYNC writers at
 * least 8x a lone one; ASYNC and the 1,000-event SYNC batch at least 2,000,000 events/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WalAppendBenchmark {

  static final List<WalRecord> ONE = List.of(event(1));
  static final List<WalRecord> THOUSAND = thousand();

  static SignalRecord event(int i) {
    return new SignalRecord(
        "view", ("item-" + i).getBytes(StandardCharsets.UTF_8), 1.0, 1_793_491_200_000L + i, null);
  }

  static List<WalRecord> thousand() {
    List<WalRecord> out = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      out.add(event(i));
    }
    return List.copyOf(out);
  }

  /** A fresh WAL per iteration. */
  @State(Scope.Benchmark)
  public abstract static class WalState {
    Path dir;
    Wal wal;

    abstract Durability durability();

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = Files.createTempDirectory("tidal-wal-bench");
      wal =
          Wal.open(
              WalOptions.builder(dir.resolve("wal")).durability(durability()).build(),
              (s, r) -> {});
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      wal.close();
      deleteTree(dir);
    }
  }

  /** SYNC mode. */
  public static class SyncWal extends WalState {
    @Override
    Durability durability() {
      return Durability.SYNC;
    }
  }

  /** ASYNC mode. */
  public static class AsyncWal extends WalState {
    @Override
    Durability durability() {
      return Durability.ASYNC;
    }
  }

  /** A plain file for the raw fsync loop. */
  @State(Scope.Thread)
  public static class RawFile {
    Path dir;
    FileChannel ch;
    final ByteBuffer page = ByteBuffer.allocate(4096);
    long pos;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = Files.createTempDirectory("tidal-fsync-bench");
      ch =
          FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      pos = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      ch.close();
      deleteTree(dir);
    }
  }

  /** The machine's raw rate: append 4 KiB and {@code force(false)}, one thread. */
  @Benchmark
  @Threads(1)
  public void rawFsync4KiB(RawFile f) throws IOException {
    f.page.clear();
    f.pos += f.ch.write(f.page, f.pos);
    f.ch.force(false);
  }

  @Benchmark
  @Threads(1)
  public long appendSync1Thread(SyncWal s) {
    return s.wal.append(ONE).firstSequence();
  }

  @Benchmark
  @Threads(8)
  public long appendSync8Threads(SyncWal s) {
    return s.wal.append(ONE).firstSequence();
  }

  @Benchmark
  @Threads(1)
  public long appendAsync1Thread(AsyncWal s) {
    return s.wal.append(ONE).firstSequence();
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(1000)
  public long appendBatch1000Sync(SyncWal s) {
    return s.wal.append(THOUSAND).firstSequence();
  }

  /** Not a target of its own: shows the encode + checksum + write path when no fsync bounds it. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(1000)
  public long appendBatch1000Async(AsyncWal s) {
    return s.wal.append(THOUSAND).firstSequence();
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
