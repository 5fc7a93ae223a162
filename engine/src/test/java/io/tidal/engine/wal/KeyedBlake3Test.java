package io.tidal.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tidal.testing.Seeds;
import java.util.Random;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedBlake3} against commons-codec's BLAKE3 (the oracle) for every length around the block
 * sizes, and for inputs of many chunks (a WAL batch frame: BLAKE3's tree of parent nodes).
 */
class KeyedBlake3Test {
  @Test
  void equalsCommonsCodecForEveryLengthAndOffset() {
    long seed = Seeds.seed("KeyedBlake3Test");
    Random rnd = new Random(seed);
    for (int round = 0; round < 4; round++) {
      byte[] key = new byte[32];
      rnd.nextBytes(key);
      KeyedBlake3 fast = new KeyedBlake3(key);
      for (int len = 0;
          len <= 70_000;
          len += len < 1_100 ? 1 : len < 5_000 ? 37 : 997 + rnd.nextInt(1_100)) {
        int off = rnd.nextInt(5);
        byte[] data = new byte[off + len + rnd.nextInt(5)];
        rnd.nextBytes(data);
        for (int outLen : new int[] {16, 32, 1 + rnd.nextInt(32), 64}) {
          byte[] expected = new byte[outLen];
          Blake3.initKeyedHash(key).update(data, off, len).doFinalize(expected);
          byte[] got = new byte[outLen + 3];
          fast.hash(data, off, len, got, 3, outLen);
          assertArrayEquals(
              expected,
              java.util.Arrays.copyOfRange(got, 3, 3 + outLen),
              "len " + len + " out " + outLen + ", seed " + seed);
        }
      }
    }
  }
}
