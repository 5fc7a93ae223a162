package io.tidal.engine;

import io.tidal.TidalException;
import java.util.function.Function;

/**
 * Unsigned LEB128, the variable-length integers of the engine's stored formats (warm chunks,
 * dictionary chunks, ledger buckets; docs/FORMATS.md): 7 bits per byte, least significant group
 * first, the high bit set on every byte but the last; 1 to {@value #MAX_BYTES} bytes.
 */
final class Varint {
  /** Bytes of the longest encoding (a 64-bit value). */
  static final int MAX_BYTES = 10;

  private Varint() {}

  /** Writes {@code v} at {@code pos} (room for its encoding, at most {@link #MAX_BYTES}); returns the end. */
  static int write(byte[] b, int pos, long v) {
    while ((v & ~0x7FL) != 0) {
      b[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[pos++] = (byte) v;
    return pos;
  }

  /**
   * Reads the varint at {@code pos[0]} and advances {@code pos[0]} past it.
   *
   * @param corrupt builds the codec's CORRUPT error from a detail naming {@code field} and the
   *     offset, thrown when the bytes end inside the varint or it exceeds 64 bits
   */
  static long read(byte[] b, int[] pos, String field, Function<String, TidalException> corrupt) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos[0] >= b.length) {
        throw corrupt.apply(field + " varint truncated at=" + pos[0] + " length=" + b.length);
      }
      int x = b[pos[0]++] & 0xFF;
      if (shift == 63 && (x & 0xFE) != 0) {
        throw corrupt.apply(field + " varint longer than 64 bits at=" + (pos[0] - 1));
      }
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
  }
}
