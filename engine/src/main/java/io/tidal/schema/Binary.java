package io.tidal.schema;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the engine's value of a VARBINARY column (declared BINARY(n),
 * VARBINARY(n) or BLOB). Unlike {@code byte[]} it has value equality and an order, so UNIQUE
 * constraints, secondary indexes and keyless-row matching treat it like any other value. The order is
 * unsigned lexicographic (the order of SQL's binary comparison): {@code X'00' < X'7F' < X'80' < X'FF'},
 * and a prefix sorts first.
 */
public final class Binary implements Comparable<Binary> {
  private final byte[] bytes;

  private Binary(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A byte string holding a copy of {@code bytes}. */
  public static Binary of(byte[] bytes) {
    return new Binary(bytes.clone());
  }

  /** A byte string that takes {@code bytes} without copying (the caller gives them up). */
  public static Binary wrap(byte[] bytes) {
    return new Binary(bytes);
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** Writes the bytes to {@code out} (no copy). */
  public void writeTo(java.io.OutputStream out) throws java.io.IOException {
    out.write(bytes);
  }

  @Override
  public int compareTo(Binary o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Binary b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** SQL's literal form, {@code X'0A1B'} (upper-case hex digits). */
  @Override
  public String toString() {
    return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
  }
}
