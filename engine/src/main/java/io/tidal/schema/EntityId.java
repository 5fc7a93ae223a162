package io.tidal.schema;

/**
 * An entity's identity inside the engine: an unsigned 64-bit value. {@link #toBytes()} is big-endian,
 * so the byte order of encoded ids equals their unsigned numeric order, and ids can lead storage keys.
 * {@link #compareTo} is unsigned too: {@code 2^64-1} sorts after {@code 0}.
 */
public final class EntityId implements Comparable<EntityId> {
  public static final int BYTES = 8;
  public static final EntityId MIN = new EntityId(0L);
  public static final EntityId MAX = new EntityId(-1L);

  private final long bits;

  private EntityId(long bits) {
    this.bits = bits;
  }

  /** The id whose unsigned value has the two's-complement bits {@code bits}. */
  public static EntityId of(long bits) {
    return new EntityId(bits);
  }

  /** Parses an unsigned decimal in {@code [0, 2^64-1]}; anything else is a {@link SchemaException}-free IAE. */
  public static EntityId parse(String s) {
    try {
      return new EntityId(Long.parseUnsignedLong(s));
    } catch (NumberFormatException | NullPointerException e) {
      throw io.tidal.TidalException.invalidArgument(
          "entity id must be an unsigned 64-bit decimal", s);
    }
  }

  /** Reads 8 big-endian bytes at {@code offset}. */
  public static EntityId fromBytes(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < BYTES; i++) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return new EntityId(v);
  }

  /** The raw bits (interpret with {@link Long#toUnsignedString(long)}). */
  public long bits() {
    return bits;
  }

  public byte[] toBytes() {
    byte[] b = new byte[BYTES];
    writeTo(b, 0);
    return b;
  }

  /** Writes 8 big-endian bytes at {@code offset}. */
  public void writeTo(byte[] b, int offset) {
    long v = bits;
    for (int i = BYTES - 1; i >= 0; i--) {
      b[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  @Override
  public int compareTo(EntityId o) {
    return Long.compareUnsigned(bits, o.bits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityId && ((EntityId) o).bits == bits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bits);
  }

  /** The unsigned decimal form, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return Long.toUnsignedString(bits);
  }
}
