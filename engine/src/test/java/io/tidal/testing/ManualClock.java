package io.tidal.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A wall clock and a nano ticker that move only when a test says so. Thread-safe. Pass it as the
 * {@link InstantSource} and {@link #ticker()} as the nano ticker.
 */
public final class ManualClock implements InstantSource {
  private final AtomicLong millis;
  private final AtomicLong nanos = new AtomicLong();

  public ManualClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  /** Starts at 2026-11-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves both the wall clock and the ticker forward. */
  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
    nanos.addAndGet(d.toNanos());
  }

  /** Moves both the wall clock and the ticker forward by {@code ms} milliseconds. */
  public void advance(long ms) {
    advance(Duration.ofMillis(ms));
  }

  /** Sets the wall clock (the ticker stays: it never goes back). */
  public void set(long ms) {
    millis.set(ms);
  }

  /** Monotonic nanoseconds, advancing with {@link #advance}. */
  public long nanos() {
    return nanos.get();
  }

  public LongSupplier ticker() {
    return this::nanos;
  }
}
