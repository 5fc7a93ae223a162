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

  /** A histogram recording alone (a WAL append, fsync or group-commit size). */
  @Benchmark
  public void record() {
    histogram.record(value++ & 0xFFFFF);
  }
}
