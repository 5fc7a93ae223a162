package io.tidal;

import io.tidal.engine.io.FileLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How to open a {@link TidalDB}: where (a directory, or in memory), how durable, and the seams tests
 * replace (clock, nano ticker, file layer). Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * TidalDB db = TidalDB.open(Config.builder().directory(Path.of("data")).build());
 * TidalDB mem = TidalDB.open(Config.builder().inMemory().build());
 * }</pre>
 */
public final class Config {
  private final Path directory;
  private final Durability durability;
  private final boolean create;
  private final boolean readOnly;
  private final InstantSource clock;
  private final LongSupplier nanoTicker;
  private final FileLayer fileLayer;
  private final long checkpointEveryEvents;
  private final Duration checkpointEvery;
  private final long walSegmentBytes;
  private final boolean backgroundThreads;
  private final String memoryName;

  private Config(Builder b) {
    this.directory = b.directory;
    this.durability = b.durability;
    this.create = b.create;
    this.readOnly = b.readOnly;
    this.clock = b.clock;
    this.nanoTicker = b.nanoTicker;
    this.fileLayer = b.fileLayer;
    this.checkpointEveryEvents = b.checkpointEveryEvents;
    this.checkpointEvery = b.checkpointEvery;
    this.walSegmentBytes = b.walSegmentBytes;
    this.backgroundThreads = b.backgroundThreads;
    this.memoryName = b.memoryName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.directory = directory;
    b.durability = durability;
    b.create = create;
    b.readOnly = readOnly;
    b.clock = clock;
    b.nanoTicker = nanoTicker;
    b.fileLayer = fileLayer;
    b.checkpointEveryEvents = checkpointEveryEvents;
    b.checkpointEvery = checkpointEvery;
    b.walSegmentBytes = walSegmentBytes;
    b.backgroundThreads = backgroundThreads;
    b.memoryName = memoryName;
    return b;
  }

  /** The database directory, or null for an in-memory database. */
  public Path directory() {
    return directory;
  }

  public boolean inMemory() {
    return directory == null;
  }

  public Durability durability() {
    return durability;
  }

  /** Create the database if it does not exist (default true). */
  public boolean create() {
    return create;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** Wall clock: the default {@code at} of reads, the default signal timestamp, checkpoint timing. */
  public InstantSource clock() {
    return clock;
  }

  /** Monotonic nanoseconds for timers (group commit). */
  public LongSupplier nanoTicker() {
    return nanoTicker;
  }

  public FileLayer fileLayer() {
    return fileLayer;
  }

  /** Checkpoint after this many WAL entries since the last one (0 = never by count). */
  public long checkpointEveryEvents() {
    return checkpointEveryEvents;
  }

  /** Checkpoint this often in the background (zero = never by time). */
  public Duration checkpointEvery() {
    return checkpointEvery;
  }

  /** A WAL segment is closed and a new one started past this size. */
  public long walSegmentBytes() {
    return walSegmentBytes;
  }

  /** Whether the engine may start its own background threads (periodic checkpoint, async fsync). */
  public boolean backgroundThreads() {
    return backgroundThreads;
  }

  /**
   * The database's name in metrics (its JMX MBean, docs/OPERATIONS.md): the directory's path, or
   * {@code mem:<name>} for an in-memory database ({@link Builder#inMemory(String)}; unnamed: {@code
   * mem:}).
   */
  public String name() {
    return directory != null
        ? directory.toString()
        : "mem:" + (memoryName == null ? "" : memoryName);
  }

  @Override
  public String toString() {
    return "Config["
        + (directory == null ? "mem" : directory)
        + ", "
        + durability
        + (readOnly ? ", read-only" : "")
        + "]";
  }

  /** Builder with the defaults documented on each setter. */
  public static final class Builder {
    private Path directory;
    private Durability durability = Durability.SYNC;
    private boolean create = true;
    private boolean readOnly;
    private InstantSource clock = InstantSource.system();
    private LongSupplier nanoTicker = System::nanoTime;
    private FileLayer fileLayer = FileLayer.system();
    private long checkpointEveryEvents = 1_000_000;
    private Duration checkpointEvery = Duration.ofMinutes(1);
    private long walSegmentBytes = 64L << 20;
    private boolean backgroundThreads = true;
    private String memoryName;

    private Builder() {}

    /** A file database in {@code dir} (created if missing and {@link #create(boolean)} is true). */
    public Builder directory(Path dir) {
      this.directory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** An in-memory database: nothing written to disk, gone on close (the default when no directory is set). */
    public Builder inMemory() {
      this.directory = null;
      return this;
    }

    /** An in-memory database named {@code name} in metrics and JMX ({@code mem:<name>}). */
    public Builder inMemory(String name) {
      this.directory = null;
      this.memoryName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Default {@link Durability#SYNC}. */
    public Builder durability(Durability d) {
      this.durability = Objects.requireNonNull(d, "durability");
      return this;
    }

    /** Default true. */
    public Builder create(boolean create) {
      this.create = create;
      return this;
    }

    /** Default false. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** Default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Default {@link System#nanoTime()}. */
    public Builder nanoTicker(LongSupplier ticker) {
      this.nanoTicker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Default {@link FileLayer#system()}. */
    public Builder fileLayer(FileLayer layer) {
      this.fileLayer = Objects.requireNonNull(layer, "fileLayer");
      return this;
    }

    /** Default 1,000,000; 0 disables count-triggered checkpoints. */
    public Builder checkpointEveryEvents(long n) {
      if (n < 0) {
        throw TidalException.invalidArgument("checkpointEveryEvents must be >= 0", n);
      }
      this.checkpointEveryEvents = n;
      return this;
    }

    /** Default 1 minute; {@link Duration#ZERO} disables time-triggered checkpoints. */
    public Builder checkpointEvery(Duration d) {
      if (d == null || d.isNegative()) {
        throw TidalException.invalidArgument("checkpointEvery must be >= 0", d);
      }
      this.checkpointEvery = d;
      return this;
    }

    /** Default 64 MiB; at least 4 KiB. */
    public Builder walSegmentBytes(long bytes) {
      if (bytes < 4096) {
        throw TidalException.invalidArgument("walSegmentBytes must be >= 4096", bytes);
      }
      this.walSegmentBytes = bytes;
      return this;
    }

    /** Default true. Tests turn them off and drive checkpoints by hand. */
    public Builder backgroundThreads(boolean on) {
      this.backgroundThreads = on;
      return this;
    }

    public Config build() {
      return new Config(this);
    }
  }
}
