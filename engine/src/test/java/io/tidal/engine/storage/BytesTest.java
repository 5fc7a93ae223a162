package io.tidal.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.testing.Seeds;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {
  @Test
  void u64_byteOrderEqualsUnsignedOrder() {
    long seed = Seeds.seed("BytesTest.u64");
    Random rnd = new Random(seed);
    for (int i = 0; i < Seeds.tries(20_000); i++) {
      long a = rnd.nextInt(4) == 0 ? rnd.nextInt(300) - 150 : rnd.nextLong();
      long b = rnd.nextBoolean() ? rnd.nextLong() : a + rnd.nextInt(3) - 1;
      assertThat(Integer.signum(Arrays.compareUnsigned(Bytes.u64(a), Bytes.u64(b))))
          .as("seed %d: %d vs %d", seed, a, b)
          .isEqualTo(Integer.signum(Long.compareUnsigned(a, b)));
    }
    assertThat(Bytes.hex(Bytes.u64(-2L))).isEqualTo("fffffffffffffffe");
    assertThat(Bytes.hex(Bytes.u64(0x0102030405060708L))).isEqualTo("0102030405060708");
  }

  @Test
  void prefixEnd_isTheSmallestKeyAfterEveryKeyWithThePrefix() {
    assertThat(Bytes.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
    assertThat(Bytes.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
    assertThat(Bytes.prefixEnd(new byte[] {(byte) 0xFF})).isNull();
    assertThat(Bytes.prefixEnd(new byte[0])).isNull();
    long seed = Seeds.seed("BytesTest.prefixEnd");
    Random rnd = new Random(seed);
    for (int i = 0; i < Seeds.tries(5_000); i++) { // brute force: k has prefix p iff p <= k < end
      byte[] p = new byte[rnd.nextInt(4)];
      byte[] k = new byte[rnd.nextInt(5)];
      for (byte[] b : new byte[][] {p, k}) {
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) (rnd.nextInt(3) == 0 ? 0xFF : rnd.nextInt(4));
        }
      }
      boolean hasPrefix = k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length);
      byte[] end = Bytes.prefixEnd(p);
      boolean inRange =
          Arrays.compareUnsigned(k, p) >= 0 && (end == null || Arrays.compareUnsigned(k, end) < 0);
      assertThat(inRange)
          .as("seed %d: %s in [%s, %s)", seed, Bytes.hex(k), Bytes.hex(p), Bytes.hex(end))
          .isEqualTo(hasPrefix);
    }
  }

  @Test
  void hex_capsLongArraysForMessages() {
    assertThat(Bytes.hex(null)).isEqualTo("null");
    assertThat(Bytes.hex(new byte[] {0x0a, (byte) 0xbc, 0x01}, 2)).isEqualTo("0abc...");
    assertThat(Bytes.hex(new byte[] {0x0a}, 2)).isEqualTo("0a");
  }
}
