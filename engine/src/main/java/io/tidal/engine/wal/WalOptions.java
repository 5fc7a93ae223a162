package io.tidal.engine.wal;

import io.tidal.Durability;
import io.tidal.engine.io.FileLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How to open a {@link Wal}. Immutable; build with {@link #builder(Path)}.
 *
 * @param directory the log's own directory ({@code wal/} under the database directory); created if missing
 * @param fileLayer every file operation goes through it (tests inject a fault-injecting layer)
 * @param durability {@link Durability#SYNC}: an append returns after its batch is fsync'd;
 *     {@link Durability#ASYNC}: after it is written, with an fsync at most every 10 ms
 * @param clock wall clock: commit timestamps and dedup generation rotation
 * @param nanoTicker monotonic nanoseconds: the async fsync interval
 * @param segmentBytes a segment is closed once it reaches this size (a batch never spans two segments)
 * @param dedupHorizon a dedup key is remembered at least this long and at most twice as long; zero
 *     turns the log's deduplication off (the engine deduplicates by key itself)
 * @param replayFrom the sequence up to which the caller's state is already persisted (its last
 *     checkpoint); open replays every committed record after it
 * @param metrics where appends, fsyncs and group-commit sizes are recorded (the database's own)
 */
public record WalOptions(
    Path directory,
    FileLayer fileLayer,
    Durability durability,
    InstantSource clock,
    LongSupplier nanoTicker,
    long segmentBytes,
    Duration dedupHorizon,
    long replayFrom,
    io.tidal.metrics.Metrics metrics) {

  /** Smallest accepted segment size. */
  public static final long MIN_SEGMENT_BYTES = 4096;

  public WalOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(fileLayer, "fileLayer");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nanoTicker, "nanoTicker");
    Objects.requireNonNull(dedupHorizon, "dedupHorizon");
    Objects.requireNonNull(metrics, "metrics");
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw WalException.invalid("segmentBytes must be >= " + MIN_SEGMENT_BYTES, segmentBytes);
    }
    if (dedupHorizon.isNegative()) {
      throw WalException.invalid(
          "dedupHorizon must be >= 0 (0: the log does not deduplicate)", dedupHorizon);
    }
    if (replayFrom < 0) {
      throw WalException.invalid("replayFrom must be >= 0", replayFrom);
    }
  }

  /** Defaults: system file layer and clocks, SYNC, 64 MiB segments, 1 h dedup horizon, replay from 0. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(directory)
        .fileLayer(fileLayer)
        .durability(durability)
        .clock(clock)
        .nanoTicker(nanoTicker)
        .segmentBytes(segmentBytes)
        .dedupHorizon(dedupHorizon)
        .replayFrom(replayFrom)
        .metrics(metrics);
  }

  /** Builder for {@link WalOptions}; {@link #build()} validates. */
  public static final class Builder {
    private final Path directory;
    private FileLayer fileLayer = FileLayer.system();
    private Durability durability = Durability.SYNC;
    private InstantSource clock = InstantSource.system();
    private LongSupplier nanoTicker = System::nanoTime;
    private long segmentBytes = 64L << 20;
    private Duration dedupHorizon = Duration.ofHours(1);
    private long replayFrom;
    private io.tidal.metrics.Metrics metrics;

    private Builder(Path directory) {
      this.directory = directory;
    }

    public Builder fileLayer(FileLayer v) {
      this.fileLayer = v;
      return this;
    }

    public Builder durability(Durability v) {
      this.durability = v;
      return this;
    }

    public Builder clock(InstantSource v) {
      this.clock = v;
      return this;
    }

    public Builder nanoTicker(LongSupplier v) {
      this.nanoTicker = v;
      return this;
    }

    public Builder segmentBytes(long v) {
      this.segmentBytes = v;
      return this;
    }

    public Builder dedupHorizon(Duration v) {
      this.dedupHorizon = v;
      return this;
    }

    public Builder replayFrom(long v) {
      this.replayFrom = v;
      return this;
    }

    /** Where the log records its appends, fsyncs and group commits (default: a private set). */
    public Builder metrics(io.tidal.metrics.Metrics v) {
      this.metrics = v;
      return this;
    }

    public WalOptions build() {
      return new WalOptions(
          directory,
          fileLayer,
          durability,
          clock,
          nanoTicker,
          segmentBytes,
          dedupHorizon,
          replayFrom,
          metrics != null ? metrics : new io.tidal.metrics.Metrics());
    }
  }
}
