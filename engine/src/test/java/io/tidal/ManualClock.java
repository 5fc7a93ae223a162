package io.tidal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock that moves only when a test says so. */
final class ManualClock implements InstantSource {
  private final AtomicLong millis;

  ManualClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  void advance(long ms) {
    millis.addAndGet(ms);
  }

  void set(long ms) {
    millis.set(ms);
  }
}
