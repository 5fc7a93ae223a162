package io.tidal.storage;

import io.tidal.schema.EntityId;
import java.util.Arrays;
import java.util.Objects;

/**
 * The layout of keys that belong to one entity, in every entity-table keyspace (storage format
 * version {@value #FORMAT_VERSION}).
 *
 * <pre>
 * offset  size  field      encoding
 * ------  ----  ---------  ---------------------------------------------------------------
 *      0     8  entity     EntityId, unsigned 64-bit, big-endian (most significant byte first)
 *      8     1  separator  0x00 in version 1 (reserved: a later version may widen the id
 *                          without reordering version-1 keys)
 *      9     1  tag        {@link Tag#code()}, u8: what the entry holds
 *     10     n  suffix     tag-specific bytes, n >= 0 (e.g. a signal type id, a time bucket)
 *
 *   byte: 0    1    2    3    4    5    6    7    8    9    10 ...
 *        +----+----+----+----+----+----+----+----+----+----+-----------+
 *        |       EntityId (u64, big-endian)       |0x00|tag | suffix ...|
 *        +----+----+----+----+----+----+----+----+----+----+-----------+
 * </pre>
 *
 * <p>Why this sorts correctly: keyspaces order keys by unsigned lexicographic byte comparison
 * ({@link StorageEngine#KEY_ORDER}). A big-endian unsigned integer compares byte by byte exactly as
 * it compares numerically, most significant byte first, so keys sort by (unsigned entity id, tag,
 * suffix): all entries of one entity are contiguous, grouped by tag, and entity ranges are key
 * ranges. The fixed 8-byte id means no entity's keys interleave with another's.
 *
 * <p>Bounds: every key of entity {@code e} starts with {@link #entityPrefix(EntityId) e || 0x00},
 * every key of {@code (e, tag)} with {@link #prefix(EntityId, Tag)}. Scan a prefix with
 * {@code scan(prefix, prefixEnd(prefix))}; scan entities {@code [a, b)} with
 * {@code scan(entityPrefix(a), entityPrefix(b))}.
 */
public final class KeyCodec {
  /** The storage format version this build writes. */
  public static final int FORMAT_VERSION = 1;
  /** The oldest storage format version this build reads. */
  public static final int MIN_SUPPORTED_VERSION = 1;

  static final int ENTITY_OFFSET = 0;
  static final int SEPARATOR_OFFSET = ENTITY_OFFSET + EntityId.BYTES;
  static final int TAG_OFFSET = SEPARATOR_OFFSET + 1;
  static final int SUFFIX_OFFSET = TAG_OFFSET + 1;
  /** Length of a key with an empty suffix. */
  public static final int HEADER_LENGTH = SUFFIX_OFFSET;
  static final byte SEPARATOR = 0x00;

  /**
   * What an entry under an entity holds. Codes are part of the format: never renumber, only add.
   * 0x00 and 0xFF are reserved.
   */
  public enum Tag {
    /** The entity's row in its table: column values and its SQL primary key. Suffix empty. */
    META(0x01),
    /** Aggregate state of one signal type on the entity (decay sums, counters). Suffix: type id. */
    SIGNAL(0x02),
    /** One retained raw signal. Suffix: type id, timestamp, sequence number. */
    EVENT(0x03),
    /** A window-count bucket. Suffix: type id, bucket start. */
    BUCKET(0x04);

    private final int code;

    Tag(int code) {
      this.code = code;
    }

    /** The byte stored at offset 9. */
    public int code() {
      return code;
    }

    /** The tag whose code is {@code code}, or {@link StorageException} {@code CORRUPT}. */
    public static Tag of(int code) {
      for (Tag t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw StorageException.corruptKey("unknown tag 0x" + Integer.toHexString(code & 0xFF));
    }
  }

  /** A decoded key. */
  public record Key(EntityId entity, Tag tag, byte[] suffix) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.entity.equals(entity) && k.tag == tag && Arrays.equals(k.suffix, suffix);
    }

    @Override
    public int hashCode() {
      return Objects.hash(entity, tag) * 31 + Arrays.hashCode(suffix);
    }

    @Override
    public String toString() {
      return "Key[" + entity + ", " + tag + ", " + hex(suffix) + "]";
    }
  }

  private KeyCodec() {}

  /** {@code entity || 0x00 || tag || suffix}. */
  public static byte[] encode(EntityId entity, Tag tag, byte[] suffix) {
    byte[] key = new byte[HEADER_LENGTH + suffix.length];
    entity.writeTo(key, ENTITY_OFFSET);
    key[SEPARATOR_OFFSET] = SEPARATOR;
    key[TAG_OFFSET] = (byte) tag.code;
    System.arraycopy(suffix, 0, key, SUFFIX_OFFSET, suffix.length);
    return key;
  }

  /** A key with an empty suffix. */
  public static byte[] encode(EntityId entity, Tag tag) {
    return encode(entity, tag, new byte[0]);
  }

  /** Decodes and validates {@code key}; {@link StorageException} {@code CORRUPT} if malformed. */
  public static Key decode(byte[] key) {
    check(key);
    return new Key(EntityId.fromBytes(key, ENTITY_OFFSET), Tag.of(key[TAG_OFFSET] & 0xFF),
        Arrays.copyOfRange(key, SUFFIX_OFFSET, key.length));
  }

  /** The entity of an encoded key. */
  public static EntityId entity(byte[] key) {
    check(key);
    return EntityId.fromBytes(key, ENTITY_OFFSET);
  }

  /** The tag of an encoded key. */
  public static Tag tag(byte[] key) {
    check(key);
    return Tag.of(key[TAG_OFFSET] & 0xFF);
  }

  /** A copy of the suffix of an encoded key. */
  public static byte[] suffix(byte[] key) {
    check(key);
    return Arrays.copyOfRange(key, SUFFIX_OFFSET, key.length);
  }

  /** The 9-byte prefix {@code entity || 0x00} shared by every key of the entity. */
  public static byte[] entityPrefix(EntityId entity) {
    byte[] p = new byte[SEPARATOR_OFFSET + 1];
    entity.writeTo(p, ENTITY_OFFSET);
    p[SEPARATOR_OFFSET] = SEPARATOR;
    return p;
  }

  /** The 10-byte prefix {@code entity || 0x00 || tag} shared by every key of (entity, tag). */
  public static byte[] prefix(EntityId entity, Tag tag) {
    return encode(entity, tag);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}: the exclusive upper
   * bound of a prefix scan. Null when there is none (the prefix is empty or all 0xFF).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    int i = prefix.length - 1;
    while (i >= 0 && prefix[i] == (byte) 0xFF) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    byte[] end = Arrays.copyOf(prefix, i + 1);
    end[i]++;
    return end;
  }

  /** 8 big-endian bytes of {@code v}: as a suffix component they sort as unsigned numbers. */
  public static byte[] u64(long v) {
    byte[] b = new byte[Long.BYTES];
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  /** Lower-case hex, for messages. */
  public static String hex(byte[] b) {
    if (b == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }

  private static void check(byte[] key) {
    if (key.length < HEADER_LENGTH) {
      throw StorageException.corruptKey("key too short [length=" + key.length + ", key=" + hex(key) + "]");
    }
    if (key[SEPARATOR_OFFSET] != SEPARATOR) {
      throw StorageException.corruptKey("separator byte is not 0x00 [key=" + hex(key) + "]");
    }
  }
}
