package io.tidal.bench.engine;

import io.tidal.metrics.Histogram;
import io.tidal.metrics.Metrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What recording one statement costs (issue 20: at most 2 % of a prepared Q1 or of batch ingest):
 * the work the driver adds per execution (two {@code System.nanoTime()} reads, the nesting count's
 * two atomic adds and one histogram recording), alone and with two threads recording into one
 * database's metrics; and a histogram recording alone. Compare the average time with Q1's ~10 us.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main \
 *     'io.tidal.bench.engine.MetricsBench' -f 1 -wi 2 -w 2s -i 5 -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MetricsBench {
  private final Metrics metrics = new Metrics();
  private final Histogram histogram = new Histogram();
  private final AtomicInteger depth = new AtomicInteger();
  private long value;

  /** One statement's recording, as the driver does it (the StatementClock's steps). */
  @Benchmark
  public void statement() {
    boolean outer = depth.getAndIncrement() == 0;
    long start = Metrics.start();
    if (depth.decrementAndGet() == 0 && outer) {
      metrics.statement(Metrics.Statement.RANKED_QUERY, start);
    }
  }

  /** The same with two threads recording into one database's metrics. */
  @Benchmark
  @Threads(2)
  public void statementTwoThreads() {
    statement();
  }

  /**
   * A harness beside the JMH methods, for a loaded machine: JMH's averages include the time the
   * thread was descheduled, which on a shared VM dwarfs 100 ns. This times 20,000 batches of 1,000
   * operations each and prints the median batch per operation (as the latency harnesses report
   * medians): an empty loop, {@code System.nanoTime()}, the statement recording of {@link
   * #statement()}, and {@link #record()}.
   *
   * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
   * io.tidal.bench.engine.MetricsBench}
   */
  public static void main(String[] args) {
    MetricsBench b = new MetricsBench();
    long[] sink = {0};
    Runnable[] ops = {() -> sink[0]++, () -> sink[0] += System.nanoTime(), b::statement, b::record};
    String[] names = {"empty loop", "System.nanoTime()", "statement recording", "histogram record"};
    for (int round = 0; round < 2; round++) { // the first round warms up
      for (int o = 0; o < ops.length; o++) {
        long[] batch = new long[20_000];
        for (int i = 0; i < batch.length; i++) {
          long t = System.nanoTime();
          for (int j = 0; j < 1000; j++) {
            ops[o].run();
          }
          batch[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(batch);
        if (round == 1) {
          System.out.printf(
              java.util.Locale.ROOT,
              "| %s | %.1f ns |%n",
              names[o],
              batch[batch.length / 2] / 1000.0);
        }
      }
    }
    if (sink[0] == 42) {
      System.out.println(sink[0]);
    }
  }

  /** A histogram recording alone (a WAL append, fsync or group-commit size). */
  @Benchmark
  public void record() {
    histogram.record(value++ & 0xFFFFF);
  }
}
