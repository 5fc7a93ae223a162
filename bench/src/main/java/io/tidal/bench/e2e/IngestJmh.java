package io.tidal.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * W1's durable batch ingest as a JMH benchmark, for {@code -prof gc}: one invocation is one {@code
 * executeBatch} of 1,000 {@code INSERT INTO signals} rows (autocommit, durable) through the e2e
 * {@link TidalTarget}, so JMH's per-operation figures ({@code gc.alloc.rate.norm}) are per signal
 * (issue 18, items 4-5: at most 100 bytes per signal). The batches are W1's, generated before the
 * measurement; when they run out they start again a simulated period later.
 *
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *     org.openjdk.jmh.Main 'io.tidal.bench.e2e.IngestJmh' -f 1 -wi 3 -w 5s -i 5 -r 5s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class IngestJmh {
  private static final int BATCH = 1_000;

  /** W1's scale (full: 100,000 items). */
  @Param({"full"})
  public String scale;

  private Path dir;
  private TidalTarget target;
  private final List<Batch> batches = new ArrayList<>();
  private long span;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    W1 w = W1.named(scale, W1.SEED);
    dir = Files.createTempDirectory("tidal-ingest-jmh-");
    target = new TidalTarget();
    target.create(dir, w);
    Batch.feed(
        w,
        BATCH,
        b -> {
          Batch copy = new Batch(b.size);
          System.arraycopy(b.type, 0, copy.type, 0, b.size);
          System.arraycopy(b.item, 0, copy.item, 0, b.size);
          System.arraycopy(b.weight, 0, copy.weight, 0, b.size);
          System.arraycopy(b.ts, 0, copy.ts, 0, b.size);
          copy.size = b.size;
          batches.add(copy);
        });
    Batch last = batches.get(batches.size() - 1);
    span = last.ts[last.size - 1] - batches.get(0).ts[0] + 1;
  }

  /** One durable batch of 1,000 signals. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void executeBatch() throws SQLException {
    if (next == batches.size()) { // the workload again, one period later
      next = 0;
      for (Batch b : batches) {
        for (int i = 0; i < b.size; i++) {
          b.ts[i] += span;
        }
      }
    }
    target.ingest(batches.get(next++));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    target.close();
    Main.deleteTree(dir);
  }
}
