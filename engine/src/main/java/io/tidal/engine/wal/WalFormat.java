package io.tidal.engine.wal;

import io.tidal.engine.wal.WalRecord.RowDelete;
import io.tidal.engine.wal.WalRecord.RowPut;
import io.tidal.engine.wal.WalRecord.SchemaChange;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.codec.digest.Blake3;

/**
 * The WAL's on-disk format, version {@value #VERSION}: segment header and entries. The one place that
 * knows the byte layout (also in docs/FORMATS.md, "Write-ahead log"). All integers big-endian.
 *
 * <pre>
 * Segment file  wal/NNNNNNNNNNNNNNNNNNNN.wal  (20 decimal digits = the segment's first sequence)
 *   header (80 bytes), then entries back to back; a group-commit batch = its entries + one COMMIT.
 *   Version 3: one FRAME entry per batch, whose payload is the batch's entries (COMMIT last) as
 *   inner entries without checksums: one checksum per batch instead of one per entry.
 *
 * Header
 *   off size field
 *     0    8 magic "TIDALWAL" (ASCII)
 *     8    2 format version u16 (readers accept MIN_SUPPORTED..VERSION = 1..3; version 2 added
 *            the entry kinds SIGNAL_ACTOR and ERASE, 2026-12-07: a release that reads only version 1
 *            refuses such a log instead of meeting an unknown kind; version 3 writes each batch as
 *            one FRAME, 2026-12-07, issue 18)
 *    10    2 header size u16 = 80
 *    12    4 reserved, zero
 *    16   16 database salt (random at creation; the same in every segment of the database)
 *    32    8 first sequence (= the file name)
 *    40    8 first batch id
 *    48    8 predecessor segment's first sequence (0 for the database's first segment); its last
 *            sequence is this segment's first sequence - 1
 *    56    8 predecessor segment's final length in bytes (0 for the database's first segment)
 *    64   16 BLAKE3 (unkeyed) of bytes 0..63, first 16 bytes
 *
 * Entry
 *   off  size  field
 *     0     4  body length N, u32, MIN_BODY (10) .. MAX_BODY (16 MiB)
 *     4     1  kind: 1 SIGNAL, 2 ROW_PUT, 3 ROW_DELETE, 4 SCHEMA, 5 CHECKPOINT, 6 COMMIT,
 *              7 SIGNAL_ACTOR, 8 ERASE (7 and 8 since version 2), 9 FRAME (version 3; the only
 *              kind at the top level of a version-3 segment)
 *     5     1  flags: bit 0 PRED_DURABLE = every earlier batch was fsync'd before this entry was
 *              written (always set in SYNC mode); other bits zero
 *     6     8  batch id (dense, monotonic across segments)
 *    14  N-10  payload (below)
 *   4+N    16  BLAKE3 keyed hash of bytes [0, 4+N), first 16 bytes; the 32-byte key is
 *              salt (16) || segment first sequence (8) || "TIDALWAL" (8), so an entry checks only in
 *              its own segment of its own database (a stale or foreign segment never replays)
 *
 * Payloads (str16 = u16 length + UTF-8, 0xFFFF = null; bytes32 = u32 length + bytes)
 *   SIGNAL      seq u64, weight f64 (IEEE 754 bits), timestamp i64, type str16,
 *               entity key bytes32, dedup key str16 (nullable)
 *   ROW_PUT     seq u64, table str16, key bytes32, value bytes32
 *   ROW_DELETE  seq u64, table str16, key bytes32
 *   SCHEMA      seq u64, payload bytes32
 *   SIGNAL_ACTOR  a SIGNAL's payload, then actor id str16 (not null); a signal without an actor
 *               is still written as SIGNAL, byte for byte as in version 1
 *   ERASE       seq u64, payload bytes32 (the engine's encoding of what to erase)
 *   CHECKPOINT  checkpoint sequence u64 (a mark: state up to it is persisted elsewhere)
 *   COMMIT      first sequence of the batch u64 (the next sequence if the batch has no record),
 *               record count u32, entries before the commit u32, commit time (epoch millis) i64
 *   FRAME       (body up to MAX_FRAME_BODY) inner entries back to back, at least one, the last a
 *               COMMIT and no other COMMIT; each inner entry is
 *                 0  4  inner length M u32 (bytes after this field: kind + payload), M >= 1
 *                 4  1  kind (1..8 but 6 only last; never 9)
 *                 5 M-1 payload as above
 *               the inner entries take the frame's flags and batch id; the frame's checksum covers
 *               them all
 * </pre>
 *
 * A batch's records are sequences firstSeq .. firstSeq + count - 1, in entry order. A batch never
 * spans segments, so each segment starts at a batch boundary.
 */
final class WalFormat {
  static final byte[] MAGIC = "TIDALWAL".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 3;

  /** The first version whose segments hold batch frames (and only frames). */
  static final int FRAMED_SINCE = 3;

  static final int MIN_SUPPORTED = 1;

  static final int HEADER_SIZE = 80;
  static final int H_VERSION = 8;
  static final int H_HEADER_SIZE = 10;
  static final int H_SALT = 16;
  static final int H_FIRST_SEQ = 32;
  static final int H_FIRST_BATCH = 40;
  static final int H_PREV_FIRST_SEQ = 48;
  static final int H_PREV_LENGTH = 56;
  static final int H_CHECKSUM = 64;
  static final int SALT_SIZE = 16;

  static final int LENGTH_SIZE = 4;
  static final int CHECKSUM_SIZE = 16;

  /** kind + flags + batch id. */
  static final int MIN_BODY = 10;

  static final int MAX_BODY = 16 << 20;
  static final int MAX_STRING_BYTES = 0xFFFE;
  static final int ENTRY_OVERHEAD = LENGTH_SIZE + CHECKSUM_SIZE;

  static final int SIGNAL = 1;
  static final int ROW_PUT = 2;
  static final int ROW_DELETE = 3;
  static final int SCHEMA = 4;
  static final int CHECKPOINT = 5;
  static final int COMMIT = 6;
  static final int SIGNAL_ACTOR = 7;
  static final int ERASE = 8;
  static final int FRAME = 9;

  /** An entry inside a frame: body length u32 + kind u8, then the payload; no checksum. */
  static final int INNER_HEADER = LENGTH_SIZE + 1;

  /** A frame's body: at most what a segment of 2 GiB can hold. */
  static final int MAX_FRAME_BODY = Integer.MAX_VALUE - 1024;

  static final int FLAG_PRED_DURABLE = 1;

  static final String SUFFIX = ".wal";

  private WalFormat() {}

  /** A decoded segment header. */
  record Header(byte[] salt, long firstSeq, long firstBatch, long prevFirstSeq, long prevLength) {}

  /** The file name of the segment whose first sequence is {@code firstSeq}. */
  static String fileName(long firstSeq) {
    return String.format(Locale.ROOT, "%020d", firstSeq) + SUFFIX;
  }

  /** The first sequence named by {@code name}, or -1 if it is not a segment file name. */
  static long parseFileName(String name) {
    if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static byte[] encodeHeader(Header h) {
    byte[] b = new byte[HEADER_SIZE];
    System.arraycopy(MAGIC, 0, b, 0, 8);
    putShort(b, H_VERSION, VERSION);
    putShort(b, H_HEADER_SIZE, HEADER_SIZE);
    System.arraycopy(h.salt(), 0, b, H_SALT, SALT_SIZE);
    putLong(b, H_FIRST_SEQ, h.firstSeq());
    putLong(b, H_FIRST_BATCH, h.firstBatch());
    putLong(b, H_PREV_FIRST_SEQ, h.prevFirstSeq());
    putLong(b, H_PREV_LENGTH, h.prevLength());
    Blake3.initHash().update(b, 0, H_CHECKSUM).doFinalize(b, H_CHECKSUM, CHECKSUM_SIZE);
    return b;
  }

  /** Why a header does not decode; null fields of the result mean "valid". */
  enum HeaderProblem {
    SHORT,
    MAGIC,
    VERSION,
    CHECKSUM,
    LAYOUT
  }

  /** The problem with the header at the start of {@code b} (of length {@code size}), or null if it is valid. */
  static HeaderProblem checkHeader(byte[] b, int size) {
    if (size < HEADER_SIZE) {
      return HeaderProblem.SHORT;
    }
    if (!Arrays.equals(b, 0, 8, MAGIC, 0, 8)) {
      return HeaderProblem.MAGIC;
    }
    byte[] sum = new byte[CHECKSUM_SIZE];
    Blake3.initHash().update(b, 0, H_CHECKSUM).doFinalize(sum, 0, CHECKSUM_SIZE);
    if (!Arrays.equals(b, H_CHECKSUM, H_CHECKSUM + CHECKSUM_SIZE, sum, 0, CHECKSUM_SIZE)) {
      return HeaderProblem.CHECKSUM;
    }
    int version = getShort(b, H_VERSION);
    if (version < MIN_SUPPORTED || version > VERSION) {
      return HeaderProblem.VERSION;
    }
    if (getShort(b, H_HEADER_SIZE) != HEADER_SIZE || getInt(b, 12) != 0) {
      return HeaderProblem.LAYOUT;
    }
    return null;
  }

  static int headerVersion(byte[] b) {
    return getShort(b, H_VERSION);
  }

  /** Decodes a header that {@link #checkHeader} accepted. */
  static Header decodeHeader(byte[] b) {
    return new Header(
        Arrays.copyOfRange(b, H_SALT, H_SALT + SALT_SIZE),
        getLong(b, H_FIRST_SEQ),
        getLong(b, H_FIRST_BATCH),
        getLong(b, H_PREV_FIRST_SEQ),
        getLong(b, H_PREV_LENGTH));
  }

  /** The keyed hasher for entries of the segment starting at {@code firstSeq} of the database {@code salt}. */
  static KeyedBlake3 entryHasher(byte[] salt, long firstSeq) {
    byte[] key = new byte[32];
    System.arraycopy(salt, 0, key, 0, SALT_SIZE);
    putLong(key, 16, firstSeq);
    System.arraycopy(MAGIC, 0, key, 24, 8);
    return new KeyedBlake3(key);
  }

  /** Whether segments of format {@code version} hold batch frames. */
  static boolean framed(int version) {
    return version >= FRAMED_SINCE;
  }

  /** Encoded payload size of a record (without the entry overhead and the 10 fixed body bytes). */
  static long payloadSize(WalRecord r) {
    if (r instanceof SignalRecord s) {
      return 8
          + 8
          + 8
          + str16Size(s.type())
          + 4L
          + s.entityKey().length
          + str16Size(s.dedupKey())
          + (s.actorId() == null ? 0 : str16Size(s.actorId()));
    } else if (r instanceof WalRecord.Erase e) {
      return 8 + 4L + e.payload().length;
    } else if (r instanceof RowPut p) {
      return 8 + str16Size(p.table()) + 4L + p.key().length + 4L + p.value().length;
    } else if (r instanceof RowDelete d) {
      return 8 + str16Size(d.table()) + 4L + d.key().length;
    } else {
      return 8 + 4L + ((SchemaChange) r).payload().length;
    }
  }

  /** Checks a record against the format's limits; throws {@link WalException} (INVALID_ARGUMENT). */
  static void validate(WalRecord r) {
    if (r == null) {
      throw WalException.invalid("a WAL record must not be null", null);
    }
    if (r instanceof SignalRecord s) {
      checkString("signal type", s.type());
      checkString("dedup key", s.dedupKey());
      checkString("actor id", s.actorId());
    } else if (r instanceof RowPut p) {
      checkString("table name", p.table());
    } else if (r instanceof RowDelete d) {
      checkString("table name", d.table());
    }
    long body = MIN_BODY + payloadSize(r);
    if (body > MAX_BODY) {
      throw WalException.invalid(
          "WAL record too large: at most " + MAX_BODY + " encoded bytes", body + " bytes");
    }
  }

  private static void checkString(String what, String s) {
    if (s != null && s.length() > MAX_STRING_BYTES / 3 && utf8(s).length > MAX_STRING_BYTES) {
      throw WalException.invalid(
          what + " too long: at most " + MAX_STRING_BYTES + " UTF-8 bytes", s);
    }
  }

  private static long str16Size(String s) {
    return 2
        + (s == null ? 0 : s.length() <= MAX_STRING_BYTES / 3 ? utf8Length(s) : utf8(s).length);
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- big-endian helpers on arrays ----

  static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static void putLong(byte[] b, int off, long v) {
    putInt(b, off, (int) (v >>> 32));
    putInt(b, off + 4, (int) v);
  }

  static int getShort(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  static long getLong(byte[] b, int off) {
    return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFFFFFFL);
  }
}
