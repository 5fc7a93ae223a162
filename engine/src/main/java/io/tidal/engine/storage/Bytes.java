package io.tidal.engine.storage;

import java.util.Arrays;

/**
 * Byte helpers shared by the keyspaces and their users: the exclusive end of a prefix scan,
 * big-endian 64-bit keys (which sort as unsigned numbers under {@link Keyspace}'s unsigned byte
 * order) and hex for messages.
 */
public final class Bytes {
  private Bytes() {}

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

  /** 8 big-endian bytes of {@code v}: they sort as unsigned numbers. */
  public static byte[] u64(long v) {
    byte[] b = new byte[Long.BYTES];
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  /** Lower-case hex of every byte, for messages; "null" for null. */
  public static String hex(byte[] b) {
    return b == null ? "null" : hex(b, b.length);
  }

  /** Lower-case hex of the first {@code max} bytes, followed by "..." when there are more. */
  public static String hex(byte[] b, int max) {
    int n = Math.min(b.length, max);
    StringBuilder sb = new StringBuilder(2 * n + 3);
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(b[i] & 0xF, 16));
    }
    return b.length > n ? sb.append("...").toString() : sb.toString();
  }
}
