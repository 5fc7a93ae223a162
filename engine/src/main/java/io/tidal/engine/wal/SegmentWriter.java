package io.tidal.engine.wal;

import io.tidal.engine.io.FileLayer;
import io.tidal.engine.wal.Recovery.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Set;

/**
 * The segment files as the writer thread sees them: the open tail segment, rotation, fsync and
 * deletion of old segments. Used by one thread only.
 *
 * <p>Ordering rules (docs/notes/reliability.md items 6 and 9): a new segment's header is written, fsync'd, and
 * the directory fsync'd before any entry goes into it; the old segment is fsync'd before the new one
 * is created, so a later segment proves its predecessor complete. The directory is fsync'd again
 * after segments are deleted.
 */
final class SegmentWriter implements AutoCloseable {
  private final FileLayer files;
  private final Path dir;
  private final long segmentBytes;
  private final byte[] salt;
  private final Deque<Segment> segments;
  private final EntryEncoder encoder = new EntryEncoder();
  private FileChannel channel;
  private long length;
  private volatile boolean dirty; // read by the WAL writer thread without the io lock

  private SegmentWriter(WalOptions o, byte[] salt, Deque<Segment> segments) {
    this.files = o.fileLayer();
    this.dir = o.directory();
    this.segmentBytes = o.segmentBytes();
    this.salt = salt;
    this.segments = segments;
  }

  /** Continues the recovered log, or starts a new one (new salt, first segment) if it is empty. */
  static SegmentWriter open(WalOptions o, Recovery.State st) throws IOException {
    if (st.salt() == null) {
      byte[] salt = new byte[WalFormat.SALT_SIZE];
      new SecureRandom().nextBytes(salt);
      SegmentWriter w = new SegmentWriter(o, salt, new ArrayDeque<>());
      w.create(st.nextSeq(), st.nextBatch(), 0);
      return w;
    }
    SegmentWriter w = new SegmentWriter(o, st.salt(), new ArrayDeque<>(st.segments()));
    Segment tail = w.segments.getLast();
    w.channel = w.files.open(tail.path(), Set.of(StandardOpenOption.WRITE));
    boolean ok = false;
    try {
      w.length = st.lastSegmentLength();
      // What a crashed process left in the page cache becomes durable before anything builds on it.
      w.channel.force(false);
      // A tail written by an older release keeps its format: plain entries, as its header says.
      w.encoder.segment(st.salt(), tail.firstSeq(), WalFormat.framed(st.lastSegmentVersion()));
      ok = true;
    } finally {
      if (!ok) {
        w.channel.close();
      }
    }
    return w;
  }

  EntryEncoder encoder() {
    return encoder;
  }

  boolean dirty() {
    return dirty;
  }

  /**
   * Starts a new segment before the batch that begins at {@code nextSeq} if the tail is full (and
   * holds at least one record, so that segment names stay unique). Returns whether it did; then
   * everything written before is durable.
   */
  boolean maybeRotate(long nextSeq, long nextBatch) throws IOException {
    return length >= segmentBytes && rotate(nextSeq, nextBatch);
  }

  /** As {@link #maybeRotate}, whatever the tail's length. */
  boolean rotate(long nextSeq, long nextBatch) throws IOException {
    if (nextSeq == segments.getLast().firstSeq()) {
      return false;
    }
    if (dirty) {
      force();
    }
    create(nextSeq, nextBatch, length);
    return true;
  }

  private void create(long firstSeq, long firstBatch, long prevLength) throws IOException {
    Path path = dir.resolve(WalFormat.fileName(firstSeq));
    byte[] header =
        WalFormat.encodeHeader(
            new WalFormat.Header(
                salt,
                firstSeq,
                firstBatch,
                segments.isEmpty() ? 0 : segments.getLast().firstSeq(),
                prevLength));
    FileChannel ch =
        files.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    try {
      writeFully(ch, ByteBuffer.wrap(header), 0);
      ch.force(false);
      files.syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (channel != null) {
      channel.close();
    }
    channel = ch;
    length = header.length;
    dirty = false;
    segments.addLast(new Segment(firstSeq, path));
    encoder.segment(salt, firstSeq, WalFormat.framed(WalFormat.VERSION));
  }

  void write(ByteBuffer buf) throws IOException {
    int n = buf.remaining();
    dirty = true;
    writeFully(channel, buf, length);
    length += n;
  }

  void force() throws IOException {
    channel.force(false);
    dirty = false;
  }

  /** Deletes every segment but the tail whose records all have sequences up to {@code seq}. */
  void deleteThrough(long seq) throws IOException {
    boolean deleted = false;
    while (segments.size() > 1) {
      Iterator<Segment> it = segments.iterator();
      Segment first = it.next();
      if (it.next().firstSeq() - 1 > seq) {
        break;
      }
      files.deleteIfExists(first.path());
      segments.removeFirst();
      deleted = true;
    }
    if (deleted) {
      files.syncDirectory(dir);
    }
  }

  /** Every segment with its length: the file size of a closed one, the bytes written of the tail. */
  java.util.List<Wal.Extent> extents() throws IOException {
    java.util.List<Wal.Extent> out = new java.util.ArrayList<>(segments.size());
    for (Segment s : segments) {
      boolean tail = s == segments.getLast();
      out.add(new Wal.Extent(s.path(), s.firstSeq(), tail ? length : files.size(s.path())));
    }
    return out;
  }

  int segmentCount() {
    return segments.size();
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }
}
