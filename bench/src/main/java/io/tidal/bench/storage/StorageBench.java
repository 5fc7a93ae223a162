package io.tidal.bench.storage;

import io.tidal.engine.storage.Bytes;
import io.tidal.engine.storage.InMemoryStorage;
import io.tidal.engine.storage.KeyValue;
import io.tidal.engine.storage.Keyspace;
import io.tidal.engine.storage.MvStoreStorage;
import io.tidal.engine.storage.StorageEngine;
import io.tidal.engine.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one storage operation costs on each backend: point get and put, a 100-entry prefix scan, and
 * a 100-put batch followed by a flush (none, kill-safe commit, or commit + fsync). The store holds
 * 100,000 entities x 4 keys (tag META + 3 SIGNAL suffixes) of 32-byte values.
 *
 * <p>Question: is storage ever the bottleneck next to the WAL's fsync, and what does a durable
 * checkpoint flush cost? Run (from the repository root, after {@code mvn -B -q -pl bench -am package
 * -DskipTests}):
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main StorageBench
 * </pre>
 *
 * Results: docs/benchmarks/storage.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StorageBench {
  static final int ENTITIES = 100_000;

  @Param({"memory", "mvstore"})
  public String backend;

  private Path dir;
  private StorageEngine storage;
  private Keyspace items;
  private final SplittableRandom rnd = new SplittableRandom(42);
  private final byte[] value = new byte[32];
  private long nextBatchEntity = ENTITIES;

  @Setup(Level.Trial)
  public void open() throws IOException {
    if (backend.equals("mvstore")) {
      dir = Files.createTempDirectory("tidal-storage-bench");
      storage = MvStoreStorage.open(dir.resolve("db"));
    } else {
      storage = new InMemoryStorage();
    }
    items = storage.keyspace("t.items");
    WriteBatch batch = new WriteBatch();
    for (int e = 0; e < ENTITIES; e++) {
      batch.put(items, key(e, 0), value);
      for (int s = 0; s < 3; s++) {
        batch.put(items, key(e, 1 + s), value);
      }
      if (batch.size() >= 4000) {
        storage.write(batch);
        batch.clear();
      }
    }
    storage.write(batch);
    storage.flush(true);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    storage.close();
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private byte[] randomKey() {
    return key(rnd.nextInt(ENTITIES), 2);
  }

  /** An entity's 8 big-endian id bytes and one sub-key byte: entities' keys are contiguous. */
  private static byte[] key(long entity, int sub) {
    byte[] k = java.util.Arrays.copyOf(Bytes.u64(entity), Long.BYTES + 1);
    k[Long.BYTES] = (byte) sub;
    return k;
  }

  @Benchmark
  public byte[] get() {
    return items.get(randomKey());
  }

  @Benchmark
  public void put() {
    items.put(randomKey(), value);
  }

  @Benchmark
  public void scanPrefix100(Blackhole bh) {
    int start = rnd.nextInt(ENTITIES - 25);
    byte[] from = Bytes.u64(start);
    byte[] to = Bytes.u64(start + 25);
    for (Iterator<KeyValue> it = items.scan(from, to); it.hasNext(); ) {
      bh.consume(it.next());
    }
  }

  private void batch100() {
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < 100; i++) {
      batch.put(items, key(nextBatchEntity++, 0), value);
    }
    storage.write(batch);
  }

  @Benchmark
  public void batch100NoFlush() {
    batch100();
  }

  @Benchmark
  public void batch100Commit() {
    batch100();
    storage.flush(false);
  }

  @Benchmark
  public void batch100CommitFsync() {
    batch100();
    storage.flush(true);
  }
}
