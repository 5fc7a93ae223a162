package io.tidal.bench.engine;

import io.tidal.engine.ledger.Ledger;
import io.tidal.schema.EntityId;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ledger write and point-read cost on a W1-like ledger (100k items, Zipf(1.1), type with 2
 * half-lives and 3 windows, prefilled with 500k signals over 3.5 days). {@code record} is one signal
 * on a Zipf-drawn item at the next timestamp: hot-state update plus every rank-index move (2 decay
 * indexes, 3 count indexes). Reads pick a uniform item.
 *
 * <p>Question: what does one signal cost in the ledger, and one DECAY_SCORE / WINDOWED_COUNT read?
 *
 * <p>Run: {@code mvn -B -q -pl bench -am package -DskipTests}, then {@code java -cp CP
 * org.openjdk.jmh.Main io.tidal.bench.engine.LedgerBench -jvmArgsPrepend "-cp CP"} where CP is
 * {@code bench/target/classes:engine/target/classes} plus the jmh-core, jopt-simple and
 * commons-math3 jars.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
public class LedgerBench {
  private static final int ITEMS = 100_000;
  private Ledger ledger;
  private Workloads.Zipf zipf;
  private Random rnd;
  private long t;

  @Setup
  public void setup() {
    ledger = Workloads.w1(Workloads.VIEW, ITEMS, 500_000, 42);
    zipf = new Workloads.Zipf(ITEMS, 1.1);
    rnd = new Random(7);
    t = Workloads.T0 + 7 * Workloads.DAY;
  }

  @Benchmark
  public void record() {
    ledger.record(Workloads.VIEW, EntityId.of(zipf.next(rnd)), 1.0, t += 300);
  }

  @Benchmark
  public double decayRead() {
    return ledger.decayScore(Workloads.VIEW, 0, EntityId.of(rnd.nextInt(ITEMS)), t);
  }

  @Benchmark
  public long countRead() {
    return ledger.windowedCount(Workloads.VIEW, 2, EntityId.of(rnd.nextInt(ITEMS)), t);
  }
}
