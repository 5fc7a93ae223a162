package io.tidal.engine.storage;

import java.util.Arrays;

/**
 * One entry of a scan. The arrays belong to the caller (the engine keeps no reference to them).
 * Equality compares contents.
 */
public record KeyValue(byte[] key, byte[] value) {
  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv && Arrays.equals(kv.key, key) && Arrays.equals(kv.value, value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "KeyValue[" + Bytes.hex(key) + "=" + Bytes.hex(value) + "]";
  }
}
