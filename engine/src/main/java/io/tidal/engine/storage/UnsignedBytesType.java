package io.tidal.engine.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * MVStore data type of keys and values in {@code data.mv}: a byte array stored as
 * {@code [length: MVStore var-int][bytes]}, ordered by {@link StorageEngine#KEY_ORDER} (unsigned).
 * A length that runs past its page is reported as file corruption instead of being allocated.
 */
final class UnsignedBytesType extends BasicDataType<byte[]> {
  static final UnsignedBytesType INSTANCE = new UnsignedBytesType();

  private UnsignedBytesType() {}

  @Override
  public int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public int getMemory(byte[] data) {
    return 24 + data.length;
  }

  @Override
  public void write(WriteBuffer buff, byte[] data) {
    buff.putVarInt(data.length);
    buff.put(data);
  }

  @Override
  public byte[] read(ByteBuffer buff) {
    int size = DataUtils.readVarInt(buff);
    if (size < 0 || size > buff.remaining()) {
      throw new MVStoreException(
          DataUtils.ERROR_FILE_CORRUPT,
          "byte array length "
              + size
              + " exceeds the "
              + buff.remaining()
              + " bytes left in its page");
    }
    byte[] data = new byte[size];
    buff.get(data);
    return data;
  }

  @Override
  public byte[][] createStorage(int size) {
    return new byte[size][];
  }
}
