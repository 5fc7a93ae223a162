package io.tidal.engine.wal;

import io.tidal.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Read-only verification of a WAL directory ({@code ./tidal check}): the recovery that an open runs
 * ({@link Recovery}: every segment header, the chain of segments, every entry's keyed BLAKE3
 * checksum, batch framing and sequence order, the look-ahead that tells a torn tail from damage
 * before durable data), over a file layer that refuses every write. A torn tail (an unfinished
 * last batch, never acknowledged) is reported as a note: the next open cuts it.
 */
public final class WalCheck {
  /**
   * What the check found: segments, records after the checkpoint (an open replays them), the last
   * committed sequence (-1 when the walk stopped early), a torn-tail note (null: none) and the
   * problem (null: sound).
   */
  public record Result(
      int segments, long replayed, long lastSequence, String note, String problem) {}

  private WalCheck() {}

  /** Verifies the log in {@code dir} against a store whose checkpoint is at {@code checkpointSeq}. */
  public static Result verify(Path dir, long checkpointSeq) {
    FileLayer files = new ReadOnly(FileLayer.system());
    WalOptions options =
        WalOptions.builder(dir)
            .fileLayer(files)
            .dedupHorizon(Duration.ZERO)
            .replayFrom(checkpointSeq)
            .build();
    long[] replayed = new long[1];
    int segments;
    try {
      segments = files.list(dir).size();
    } catch (IOException e) {
      return new Result(0, 0, -1, null, "cannot list " + dir + ": " + e);
    }
    try {
      Recovery.State st =
          Recovery.runVerifyingAll(options, (seq, r) -> replayed[0]++, new DedupFilter(0, 0));
      return new Result(st.segments().size(), replayed[0], st.nextSeq() - 1, null, null);
    } catch (WalException e) {
      if (e.getCause() instanceof WouldWrite w) {
        return new Result(
            segments,
            replayed[0],
            -1,
            "a torn tail (an unfinished last batch, never "
                + "acknowledged): the next open cuts it ["
                + w.getMessage()
                + "]",
            null);
      }
      return new Result(segments, replayed[0], -1, null, e.getMessage());
    }
  }

  /** A write a read-only check refused (what recovery would change at the next open). */
  private static final class WouldWrite extends IOException {
    private static final long serialVersionUID = 1L;

    WouldWrite(String what) {
      super(what);
    }
  }

  /** The system file layer with every mutation refused. */
  private record ReadOnly(FileLayer real) implements FileLayer {
    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
      if (!options.equals(Set.of(StandardOpenOption.READ))) {
        throw new WouldWrite("would open " + path + " for writing");
      }
      return real.open(path, options);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
      if (!real.exists(dir)) {
        throw new WouldWrite("would create " + dir);
      }
    }

    @Override
    public void move(Path from, Path to) throws IOException {
      throw new WouldWrite("would rename " + from);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
      throw new WouldWrite("would delete " + path);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
      return real.list(dir);
    }

    @Override
    public boolean exists(Path path) {
      return real.exists(path);
    }

    @Override
    public long size(Path path) throws IOException {
      return real.size(path);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
      throw new WouldWrite("would sync " + dir);
    }
  }
}
