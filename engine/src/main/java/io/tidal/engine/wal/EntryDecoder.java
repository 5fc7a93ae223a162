package io.tidal.engine.wal;

import static io.tidal.engine.wal.WalFormat.CHECKSUM_SIZE;
import static io.tidal.engine.wal.WalFormat.LENGTH_SIZE;

import io.tidal.engine.wal.WalRecord.RowDelete;
import io.tidal.engine.wal.WalRecord.RowPut;
import io.tidal.engine.wal.WalRecord.SchemaChange;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes one entry (layout in {@link WalFormat}) from a segment's bytes. Never trusts a length
 * read from disk: every length is checked against the bytes that remain before anything is
 * allocated.
 */
final class EntryDecoder {
  private final KeyedBlake3 hasher;
  private final byte[] sum = new byte[CHECKSUM_SIZE];
  private final boolean framed;

  /** The open frame's inner entries not yet returned by {@link #nextInFrame}. */
  private final java.util.ArrayDeque<Entry> pending = new java.util.ArrayDeque<>();

  /** A decoder for the segment starting at {@code segmentFirstSeq}, of format {@code version}. */
  EntryDecoder(byte[] salt, long segmentFirstSeq, int version) {
    this.hasher = WalFormat.entryHasher(salt, segmentFirstSeq);
    this.framed = WalFormat.framed(version);
  }

  /** A checksummed entry whose payload does not follow the format: a bug or a format mismatch. */
  static final class MalformedEntry extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEntry(String what) {
      super(what, null, false, false);
    }
  }

  /**
   * One decoded entry; {@code end} is the offset just after its checksum. Fields that do not apply
   * to the kind are 0 / null.
   */
  record Entry(
      int kind,
      int flags,
      long batch,
      int end,
      long seq,
      WalRecord record,
      long commitFirstSeq,
      int commitRecords,
      int commitEntries,
      long commitMillis) {
    boolean isData() {
      return kind >= WalFormat.SIGNAL && kind <= WalFormat.SCHEMA
          || kind == WalFormat.SIGNAL_ACTOR
          || kind == WalFormat.ERASE;
    }
  }

  /**
   * Decodes the entry at {@code pos}; null if its length is out of range or its checksum fails (a
   * torn or damaged entry).
   *
   * @throws MalformedEntry the checksum holds but the contents do not parse
   */
  Entry tryDecode(byte[] b, int pos, int limit) throws MalformedEntry {
    if (!verify(b, pos, limit)) {
      return null;
    }
    int n = WalFormat.getInt(b, pos);
    return parse(b, pos + LENGTH_SIZE, pos + LENGTH_SIZE + n);
  }

  /**
   * Reads the entry at {@code pos} without computing its checksum or decoding its record: for
   * entries a checkpoint covers, which recovery passes over but does not replay (see {@code
   * Recovery.scan}). A data entry comes back with its kind, batch and sequence and a null record;
   * checkpoint marks and commits are decoded whole. Null if its length or kind is out of range.
   *
   * @throws MalformedEntry the contents do not parse
   */
  Entry decodeUnverified(byte[] b, int pos, int limit) throws MalformedEntry {
    if (!plausible(b, pos, limit)) {
      return null;
    }
    int n = WalFormat.getInt(b, pos);
    int bodyStart = pos + LENGTH_SIZE;
    int bodyEnd = bodyStart + n;
    int kind = b[bodyStart];
    boolean data = kind != WalFormat.CHECKPOINT && kind != WalFormat.COMMIT;
    if (!data) {
      return parse(b, bodyStart, bodyEnd);
    }
    Reader r = new Reader(b, bodyStart, bodyEnd);
    r.u8();
    int flags = r.u8();
    long batch = r.i64();
    if ((flags & ~WalFormat.FLAG_PRED_DURABLE) != 0) {
      throw new MalformedEntry("unknown entry flags " + flags);
    }
    return new Entry(kind, flags, batch, bodyEnd + CHECKSUM_SIZE, r.i64(), null, 0, 0, 0, 0);
  }

  /**
   * Whether the length and kind at {@code pos} describe an entry that fits before {@code limit}:
   * in a segment of version 3 or later only a FRAME, before only the plain kinds.
   */
  private boolean plausible(byte[] b, int pos, int limit) {
    if (limit - pos < LENGTH_SIZE + WalFormat.MIN_BODY + CHECKSUM_SIZE) {
      return false;
    }
    int n = WalFormat.getInt(b, pos);
    int kind = b[pos + LENGTH_SIZE];
    boolean frame = kind == WalFormat.FRAME;
    if (n < WalFormat.MIN_BODY
        || n > (frame ? WalFormat.MAX_FRAME_BODY : WalFormat.MAX_BODY)
        || (long) n + LENGTH_SIZE + CHECKSUM_SIZE > limit - pos) {
      return false;
    }
    return framed ? frame : kind >= WalFormat.SIGNAL && kind <= WalFormat.ERASE;
  }

  /** Whether the segment holds frames (format version 3 or later). */
  boolean framed() {
    return framed;
  }

  /** Whether inner entries of the last frame decoded are still to be returned. */
  boolean inFrame() {
    return !pending.isEmpty();
  }

  /** The next inner entry of the frame {@link #tryDecodeFrame} decoded. */
  Entry nextInFrame() {
    return pending.poll();
  }

  /**
   * Decodes the frame at {@code pos} into its inner entries and returns the first ({@link
   * #nextInFrame} returns the others, the COMMIT last, whose {@code end} is the frame's end); null
   * if the frame's length is out of range or its checksum fails (a torn or damaged batch). When
   * the frame's records all have sequences up to {@code coveredThrough} (a checkpoint covers them,
   * see {@code Recovery.scan}), its checksum is not computed and its data entries come back with a
   * null record; pass -1 to verify and decode every frame.
   *
   * @throws MalformedEntry the contents do not follow the format
   */
  Entry tryDecodeFrame(byte[] b, int pos, int limit, long coveredThrough) throws MalformedEntry {
    pending.clear();
    if (!plausible(b, pos, limit)) {
      return null;
    }
    int bodyStart = pos + LENGTH_SIZE;
    int bodyEnd = bodyStart + WalFormat.getInt(b, pos);
    Reader head = new Reader(b, bodyStart, bodyEnd);
    head.u8();
    int flags = head.u8();
    long batch = head.i64();
    // The commit (the last inner entry) tells whether the checkpoint covers the whole batch. Its
    // bytes are not verified yet: a frame that does not parse is torn unless its checksum holds.
    Entry commit;
    int last;
    try {
      if ((flags & ~WalFormat.FLAG_PRED_DURABLE) != 0) {
        throw new MalformedEntry("unknown entry flags " + flags);
      }
      last = lastInner(b, head.pos, bodyEnd, batch);
      int lastEnd = last + LENGTH_SIZE + WalFormat.getInt(b, last);
      commit = inner(b, last, lastEnd, flags, batch, bodyEnd + CHECKSUM_SIZE, true);
    } catch (MalformedEntry m) {
      if (!verify(b, pos, limit)) {
        return null;
      }
      throw m;
    }
    boolean covered =
        coveredThrough >= 0
            && commit.commitFirstSeq() + commit.commitRecords() - 1 <= coveredThrough;
    if (!covered && !verify(b, pos, limit)) {
      return null;
    }
    for (int q = head.pos; q < last; ) {
      int end = q + LENGTH_SIZE + WalFormat.getInt(b, q);
      if (b[q + LENGTH_SIZE] == WalFormat.COMMIT) {
        throw new MalformedEntry("commit inside the frame of batch " + batch);
      }
      pending.add(inner(b, q, end, flags, batch, end, !covered));
      q = end;
    }
    pending.add(commit);
    return pending.poll();
  }

  /** The offset of the last inner entry of a frame body, which must be a COMMIT. */
  private static int lastInner(byte[] b, int from, int bodyEnd, long batch) throws MalformedEntry {
    int last = -1;
    for (int q = from; q < bodyEnd; ) {
      int m = innerLength(b, q, bodyEnd);
      last = q;
      q += LENGTH_SIZE + m;
    }
    if (last < 0 || b[last + LENGTH_SIZE] != WalFormat.COMMIT) {
      throw new MalformedEntry("frame of batch " + batch + " does not end with its commit");
    }
    return last;
  }

  /** The length field of the inner entry at {@code q}, checked to fit before {@code bodyEnd}. */
  private static int innerLength(byte[] b, int q, int bodyEnd) throws MalformedEntry {
    if (bodyEnd - q < WalFormat.INNER_HEADER) {
      throw new MalformedEntry("inner entry header overruns the frame");
    }
    int m = WalFormat.getInt(b, q);
    if (m < 1 || m > bodyEnd - q - LENGTH_SIZE) {
      throw new MalformedEntry("inner entry of " + m + " bytes overruns the frame");
    }
    return m;
  }

  /**
   * The inner entry at {@code q} (ending at {@code innerEnd}) with its frame's flags and batch;
   * {@code end} is what {@link Entry#end} reports; {@code decode}: false for a data entry the
   * checkpoint covers (kind and sequence only).
   */
  private static Entry inner(
      byte[] b, int q, int innerEnd, int flags, long batch, int end, boolean decode)
      throws MalformedEntry {
    int kind = b[q + LENGTH_SIZE];
    Reader r = new Reader(b, q + WalFormat.INNER_HEADER, innerEnd);
    if (kind == WalFormat.FRAME) {
      throw new MalformedEntry("frame inside a frame");
    }
    if (!decode && kind != WalFormat.CHECKPOINT && kind != WalFormat.COMMIT) {
      return new Entry(kind, flags, batch, end, r.i64(), null, 0, 0, 0, 0);
    }
    return payload(kind, flags, batch, r, innerEnd, end);
  }

  /** Whether a plausible entry with a valid checksum starts at {@code pos}. */
  boolean verify(byte[] b, int pos, int limit) {
    if (!plausible(b, pos, limit)) {
      return false;
    }
    int n = WalFormat.getInt(b, pos);
    hasher.hash(b, pos, LENGTH_SIZE + n, sum, 0, CHECKSUM_SIZE);
    int at = pos + LENGTH_SIZE + n;
    return Arrays.equals(b, at, at + CHECKSUM_SIZE, sum, 0, CHECKSUM_SIZE);
  }

  private static Entry parse(byte[] b, int bodyStart, int bodyEnd) throws MalformedEntry {
    Reader r = new Reader(b, bodyStart, bodyEnd);
    int kind = r.u8();
    int flags = r.u8();
    long batch = r.i64();
    if ((flags & ~WalFormat.FLAG_PRED_DURABLE) != 0) {
      throw new MalformedEntry("unknown entry flags " + flags);
    }
    return payload(kind, flags, batch, r, bodyEnd, bodyEnd + CHECKSUM_SIZE);
  }

  /** The payload {@code r} is at (ending at {@code bodyEnd}) of an entry of {@code kind}. */
  private static Entry payload(int kind, int flags, long batch, Reader r, int bodyEnd, int end)
      throws MalformedEntry {
    Entry e;
    switch (kind) {
      case WalFormat.SIGNAL, WalFormat.SIGNAL_ACTOR -> {
        long seq = r.i64();
        double weight = Double.longBitsToDouble(r.i64());
        long ts = r.i64();
        String type = r.str16();
        byte[] key = r.bytes32();
        String dedup = r.str16();
        String actor = kind == WalFormat.SIGNAL_ACTOR ? r.nonNullStr16() : null;
        if (type == null) {
          throw new MalformedEntry("signal without a type");
        }
        e =
            new Entry(
                kind,
                flags,
                batch,
                end,
                seq,
                new SignalRecord(type, key, weight, ts, dedup, actor),
                0,
                0,
                0,
                0);
      }
      case WalFormat.ERASE -> {
        long seq = r.i64();
        e = new Entry(kind, flags, batch, end, seq, new WalRecord.Erase(r.bytes32()), 0, 0, 0, 0);
      }
      case WalFormat.ROW_PUT -> {
        long seq = r.i64();
        String table = r.nonNullStr16();
        e =
            new Entry(
                kind,
                flags,
                batch,
                end,
                seq,
                new RowPut(table, r.bytes32(), r.bytes32()),
                0,
                0,
                0,
                0);
      }
      case WalFormat.ROW_DELETE -> {
        long seq = r.i64();
        String table = r.nonNullStr16();
        e = new Entry(kind, flags, batch, end, seq, new RowDelete(table, r.bytes32()), 0, 0, 0, 0);
      }
      case WalFormat.SCHEMA -> {
        long seq = r.i64();
        e = new Entry(kind, flags, batch, end, seq, new SchemaChange(r.bytes32()), 0, 0, 0, 0);
      }
      case WalFormat.CHECKPOINT ->
          e = new Entry(kind, flags, batch, end, r.i64(), null, 0, 0, 0, 0);
      case WalFormat.COMMIT -> {
        long first = r.i64();
        int records = r.i32();
        int entries = r.i32();
        e = new Entry(kind, flags, batch, end, 0, null, first, records, entries, r.i64());
      }
      default -> throw new MalformedEntry("unknown entry kind " + kind);
    }
    if (r.pos != bodyEnd) {
      throw new MalformedEntry((bodyEnd - r.pos) + " unexpected bytes after the payload");
    }
    return e;
  }

  /** Bounds-checked big-endian reads within one body. */
  private static final class Reader {
    private final byte[] b;
    private final int end;
    private int pos;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    private void need(int n) throws MalformedEntry {
      if (n < 0 || n > end - pos) {
        throw new MalformedEntry("field of " + n + " bytes overruns the entry");
      }
    }

    int u8() throws MalformedEntry {
      need(1);
      return b[pos++] & 0xFF;
    }

    int i32() throws MalformedEntry {
      need(4);
      int v = WalFormat.getInt(b, pos);
      pos += 4;
      return v;
    }

    long i64() throws MalformedEntry {
      need(8);
      long v = WalFormat.getLong(b, pos);
      pos += 8;
      return v;
    }

    String str16() throws MalformedEntry {
      need(2);
      int n = WalFormat.getShort(b, pos);
      pos += 2;
      if (n == 0xFFFF) {
        return null;
      }
      need(n);
      if (ascii(b, pos, n)) { // the common case, without a strict decoder per string
        String s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
      }
      try {
        String s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(b, pos, n))
                .toString();
        pos += n;
        return s;
      } catch (CharacterCodingException e) {
        throw new MalformedEntry("string is not UTF-8");
      }
    }

    private static boolean ascii(byte[] b, int from, int n) {
      for (int i = from; i < from + n; i++) {
        if (b[i] < 0) {
          return false;
        }
      }
      return true;
    }

    String nonNullStr16() throws MalformedEntry {
      String s = str16();
      if (s == null) {
        throw new MalformedEntry("null table name");
      }
      return s;
    }

    byte[] bytes32() throws MalformedEntry {
      int n = i32();
      need(n);
      byte[] v = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return v;
    }
  }
}
