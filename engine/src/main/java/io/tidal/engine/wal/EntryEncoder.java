package io.tidal.engine.wal;

import static io.tidal.engine.wal.WalFormat.CHECKSUM_SIZE;
import static io.tidal.engine.wal.WalFormat.LENGTH_SIZE;

import io.tidal.engine.wal.WalRecord.RowDelete;
import io.tidal.engine.wal.WalRecord.RowPut;
import io.tidal.engine.wal.WalRecord.SchemaChange;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes entries (layout in {@link WalFormat}) into one reusable, growing buffer. Owned by the
 * writer thread; the keyed hasher is reused across entries and replaced when a segment starts.
 * Between {@link #beginFrame} and {@link #endFrame} entries are written as a frame's inner entries
 * (length and kind, no flags, batch or checksum): a segment of format version 3 or later holds only
 * frames; an older segment that a newer release continues gets plain entries, as its header says.
 */
final class EntryEncoder {
  private byte[] buf = new byte[64 * 1024];
  private int pos;
  private KeyedBlake3 hasher;
  private boolean framed;
  private int frameStart = -1; // the open frame's offset, -1 = none

  /** Entries from now on belong to the segment {@code firstSeq} of database {@code salt} (plain entries). */
  void segment(byte[] salt, long firstSeq) {
    segment(salt, firstSeq, false);
  }

  /** As {@link #segment(byte[], long)}; {@code framed}: the segment's format holds batch frames. */
  void segment(byte[] salt, long firstSeq, boolean framed) {
    hasher = WalFormat.entryHasher(salt, firstSeq);
    this.framed = framed;
  }

  /** Whether the current segment's batches are written as frames. */
  boolean framed() {
    return framed;
  }

  /** Opens a batch's frame: every entry until {@link #endFrame} is an inner entry of it. */
  void beginFrame(long batch, int flags) {
    frameStart = begin(WalFormat.FRAME, flags, batch);
  }

  /** Closes the open frame: its length, then one checksum over the whole frame. */
  void endFrame() {
    int start = frameStart;
    frameStart = -1;
    end(start);
  }

  void clear() {
    pos = 0;
    frameStart = -1;
  }

  int size() {
    return pos;
  }

  /** The encoded bytes so far, as a buffer over the internal array (valid until the next call). */
  ByteBuffer buffer() {
    return ByteBuffer.wrap(buf, 0, pos);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  void record(WalRecord r, long seq, long batch, int flags) {
    if (r instanceof SignalRecord s) {
      int start =
          begin(s.actorId() == null ? WalFormat.SIGNAL : WalFormat.SIGNAL_ACTOR, flags, batch);
      putLong(seq);
      putLong(Double.doubleToRawLongBits(s.weight()));
      putLong(s.timestamp());
      putStr16(s.type());
      putBytes32(s.entityKey());
      putStr16(s.dedupKey());
      if (s.actorId() != null) {
        putStr16(s.actorId());
      }
      end(start);
    } else if (r instanceof WalRecord.Erase x) {
      int start = begin(WalFormat.ERASE, flags, batch);
      putLong(seq);
      putBytes32(x.payload());
      end(start);
    } else if (r instanceof RowPut p) {
      int start = begin(WalFormat.ROW_PUT, flags, batch);
      putLong(seq);
      putStr16(p.table());
      putBytes32(p.key());
      putBytes32(p.value());
      end(start);
    } else if (r instanceof RowDelete d) {
      int start = begin(WalFormat.ROW_DELETE, flags, batch);
      putLong(seq);
      putStr16(d.table());
      putBytes32(d.key());
      end(start);
    } else {
      int start = begin(WalFormat.SCHEMA, flags, batch);
      putLong(seq);
      putBytes32(((SchemaChange) r).payload());
      end(start);
    }
  }

  void checkpoint(long checkpointSeq, long batch, int flags) {
    int start = begin(WalFormat.CHECKPOINT, flags, batch);
    putLong(checkpointSeq);
    end(start);
  }

  void commit(long batch, int flags, long firstSeq, int records, int entries, long millis) {
    int start = begin(WalFormat.COMMIT, flags, batch);
    putLong(firstSeq);
    putInt(records);
    putInt(entries);
    putLong(millis);
    end(start);
  }

  private int begin(int kind, int flags, long batch) {
    int start = pos;
    if (frameStart >= 0) { // an inner entry: the frame carries flags and batch
      ensure(WalFormat.INNER_HEADER);
      pos += LENGTH_SIZE;
      buf[pos++] = (byte) kind;
      return start;
    }
    ensure(LENGTH_SIZE + WalFormat.MIN_BODY);
    pos += LENGTH_SIZE;
    buf[pos++] = (byte) kind;
    buf[pos++] = (byte) flags;
    putLong(batch);
    return start;
  }

  private void end(int start) {
    WalFormat.putInt(buf, start, pos - start - LENGTH_SIZE);
    if (frameStart >= 0) {
      return; // an inner entry: the frame's checksum covers it
    }
    ensure(CHECKSUM_SIZE);
    hasher.hash(buf, start, pos - start, buf, pos, CHECKSUM_SIZE);
    pos += CHECKSUM_SIZE;
  }

  private void putLong(long v) {
    ensure(8);
    WalFormat.putLong(buf, pos, v);
    pos += 8;
  }

  private void putInt(int v) {
    ensure(4);
    WalFormat.putInt(buf, pos, v);
    pos += 4;
  }

  private void putStr16(String s) {
    if (s == null) {
      ensure(2);
      WalFormat.putShort(buf, pos, 0xFFFF);
      pos += 2;
      return;
    }
    int n = s.length();
    if (n <= WalFormat.MAX_STRING_BYTES && putAscii(s, n)) {
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ensure(2 + b.length);
    WalFormat.putShort(buf, pos, b.length);
    System.arraycopy(b, 0, buf, pos + 2, b.length);
    pos += 2 + b.length;
  }

  /**
   * Writes an ASCII string as str16 without encoding it to an array first (a signal's type, dedup
   * key and actor are ASCII in practice: one allocation per string saved); false, with nothing
   * written, if it holds a non-ASCII character.
   */
  private boolean putAscii(String s, int n) {
    ensure(2 + n);
    int p = pos + 2;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      buf[p + i] = (byte) c;
    }
    WalFormat.putShort(buf, pos, n);
    pos = p + n;
    return true;
  }

  private void putBytes32(byte[] b) {
    ensure(4 + b.length);
    WalFormat.putInt(buf, pos, b.length);
    System.arraycopy(b, 0, buf, pos + 4, b.length);
    pos += 4 + b.length;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }
}
