package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.ledger.StateRecord;
import io.tidal.engine.storage.KeyValue;
import io.tidal.schema.EntityId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The stored form of a signal type's ledger states (state layout 2): states grouped in buckets of
 * 64 consecutive entity ids, one storage value per bucket, so a checkpoint that changed 100k states
 * of dense VARCHAR ids writes ~1.6k values instead of 100k (a BIGINT table's ids are its keys, so
 * its buckets may hold one state each: no worse than before).
 *
 * <p><b>Keyspace {@code b.<gen>}</b>:
 * <pre>
 * key   (8 bytes): bucket = EntityId bits >>> 6, u64 BE
 * value:           offset  size  field
 *                       0     1  version = 1
 *                       1     1  count: 1..64
 *                       2        count entries, slots strictly ascending:
 *                                  slot    u8, 0..63: the entity id is (bucket << 6) | slot
 *                                  length  unsigned LEB128 varint (as in {@link WarmCodec})
 *                                  state   that many bytes, the ledger's state codec (its first byte
 *                                          is the state format version)
 * </pre>
 * Example (golden test): bucket 2 holding entity 130 with state {@code 01 02} is key
 * {@code 0000000000000002}, value {@code 01 01 02 02 01 02}. A checkpoint rewrites every bucket that
 * holds a changed state, with all the bucket's states from memory (states are never removed one by
 * one). Layout 1 stored one value per state in {@code l.<gen>} (EntityId u64 BE -> state); it is
 * read at open, and the first checkpoint of the type writes every state in buckets and drops it.
 */
final class LedgerBuckets {
  static final int SHIFT = 6;
  static final byte VERSION = 1;

  private LedgerBuckets() {}

  static long bucketOf(EntityId id) {
    return id.bits() >>> SHIFT;
  }

  static byte[] key(long bucket) {
    return ByteBuffer.allocate(8).putLong(bucket).array();
  }

  /** One bucket's value: {@code states} all of one bucket, in any order, distinct entities. */
  static byte[] encode(List<StateRecord> states) {
    if (states.isEmpty() || states.size() > 1 << SHIFT) {
      throw new IllegalArgumentException("a bucket holds 1..64 states: " + states.size());
    }
    List<StateRecord> sorted = new ArrayList<>(states);
    sorted.sort(Comparator.comparingLong(r -> r.entity().bits() & 63));
    int size = 2;
    for (StateRecord r : sorted) {
      size += 1 + 5 + r.state().length;
    }
    byte[] b = new byte[size];
    b[0] = VERSION;
    b[1] = (byte) sorted.size();
    int pos = 2;
    for (StateRecord r : sorted) {
      b[pos++] = (byte) (r.entity().bits() & 63);
      pos = Varint.write(b, pos, r.state().length);
      System.arraycopy(r.state(), 0, b, pos, r.state().length);
      pos += r.state().length;
    }
    return Arrays.copyOf(b, pos);
  }

  /** A stored bucket as (EntityId u64 BE, state) pairs, the form of layout 1's entries. */
  static List<KeyValue> decode(byte[] key, byte[] v) {
    if (key.length != 8) {
      throw corrupt("key length=" + key.length);
    }
    if (v.length < 2) {
      throw corrupt("length=" + v.length);
    }
    if (v[0] != VERSION) {
      throw new EngineException(
          ErrorCode.UNSUPPORTED_FORMAT,
          "unsupported ledger bucket version [version=" + v[0] + ", supported=1]");
    }
    long bucket = ByteBuffer.wrap(key).getLong();
    if (bucket >>> (64 - SHIFT) != 0) {
      throw corrupt("bucket=" + Long.toUnsignedString(bucket));
    }
    int count = v[1] & 0xFF;
    if (count < 1 || count > 1 << SHIFT) {
      throw corrupt("count=" + count);
    }
    List<KeyValue> out = new ArrayList<>(count);
    int pos = 2;
    int prevSlot = -1;
    for (int i = 0; i < count; i++) {
      if (pos >= v.length) {
        throw corrupt("truncated at entry " + i);
      }
      int slot = v[pos++] & 0xFF;
      if (slot <= prevSlot || slot > 63) {
        throw corrupt("slot=" + slot + " at entry " + i);
      }
      prevSlot = slot;
      int[] at = {pos};
      long len = Varint.read(v, at, "state length", LedgerBuckets::corrupt);
      pos = at[0];
      if (len < 0 || len > v.length - pos) {
        throw corrupt("state length=" + len + " at entry " + i);
      }
      out.add(
          new KeyValue(
              EntityId.of((bucket << SHIFT) | slot).toBytes(),
              Arrays.copyOfRange(v, pos, pos + (int) len)));
      pos += (int) len;
    }
    if (pos != v.length) {
      throw corrupt("trailing=" + (v.length - pos));
    }
    return out;
  }

  private static TidalException corrupt(String what) {
    return new EngineException(ErrorCode.CORRUPT, "bad ledger bucket [" + what + "]");
  }
}
