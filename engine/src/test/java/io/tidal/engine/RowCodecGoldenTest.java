package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.schema.Binary;
import java.math.BigDecimal;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bytes of {@link RowCodec}'s class comment, written out by hand from its diagram (not by the
 * encoder): keys and a row of every stored type encode to them and decode back.
 */
class RowCodecGoldenTest {
  private static final HexFormat HEX = HexFormat.of();

  /** ["é", 5L, NULL, 2.5, TRUE, -1.25, 7, FALSE]. */
  static final String ROW =
      "01"
          + "0008"
          + "01"
          + "00000002"
          + "c3a9" // VARCHAR: u32 length, UTF-8
          + "02"
          + "0000000000000005" // BIGINT
          + "00" // NULL
          + "04"
          + "4004000000000000" // DOUBLE: raw bits
          + "07" // TRUE
          + "05"
          + "00000002"
          + "00000001"
          + "83" // DECIMAL: scale 2, unscaled -125 in 1 byte
          + "03"
          + "00000007" // INTEGER
          + "06"; // FALSE

  @Test
  void row_ofEveryStoredType_matchesTheDiagram() {
    Object[] row = {"é", 5L, null, 2.5, true, new BigDecimal("-1.25"), 7, false};
    assertThat(HEX.formatHex(RowCodec.encodeRow(row))).isEqualTo(ROW);
    assertThat(RowCodec.decodeRow(HEX.parseHex(ROW))).containsExactly(row);
  }

  /** [X'0AFF', X'' , NULL]: tag 10, u32 length, the bytes (issue 16). */
  static final String BINARY_ROW =
      "01"
          + "0003"
          + "0a"
          + "00000002"
          + "0aff" // VARBINARY: u32 length, bytes
          + "0a"
          + "00000000" // the empty byte string
          + "00"; // NULL

  @Test
  void row_ofBinaryValues_matchesTheDiagram() {
    Object[] row = {Binary.of(new byte[] {0x0A, (byte) 0xFF}), Binary.of(new byte[0]), null};
    assertThat(HEX.formatHex(RowCodec.encodeRow(row))).isEqualTo(BINARY_ROW);
    assertThat(RowCodec.decodeRow(HEX.parseHex(BINARY_ROW))).containsExactly(row);
    assertThat(RowCodec.decodeRow(HEX.parseHex(BINARY_ROW))[0].toString()).isEqualTo("X'0AFF'");
  }

  @Test
  void binary_ordersUnsignedAndAPrefixFirst() {
    Binary empty = Binary.of(new byte[0]);
    Binary zero = Binary.of(new byte[] {0});
    Binary low = Binary.of(new byte[] {0x7F});
    Binary high = Binary.of(new byte[] {(byte) 0x80});
    Binary highLonger = Binary.of(new byte[] {(byte) 0x80, 0});
    assertThat(java.util.List.of(highLonger, high, low, zero, empty).stream().sorted().toList())
        .containsExactly(empty, zero, low, high, highLonger);
    assertThat(Binary.of(new byte[] {1, 2})).isEqualTo(Binary.of(new byte[] {1, 2}));
    assertThat(Binary.of(new byte[] {1, 2}).hashCode())
        .isEqualTo(Binary.of(new byte[] {1, 2}).hashCode());
  }

  @Test
  void keys_bigintWithTheSignBitFlipped_varcharAsUtf8() {
    assertThat(HEX.formatHex(RowCodec.encodeKey(5L))).isEqualTo("018000000000000005");
    assertThat(HEX.formatHex(RowCodec.encodeKey(-2L))).isEqualTo("017ffffffffffffffe");
    assertThat(HEX.formatHex(RowCodec.encodeKey("aé"))).isEqualTo("0261c3a9");
    assertThat(RowCodec.decodeKey(HEX.parseHex("017ffffffffffffffe"))).isEqualTo(-2L);
    assertThat(RowCodec.decodeKey(HEX.parseHex("0261c3a9"))).isEqualTo("aé");
    assertThat(HEX.formatHex(RowCodec.encodeKey("a\u007f"))).isEqualTo("02617f"); // ASCII path
    assertThat(HEX.formatHex(RowCodec.encodeKey(""))).isEqualTo("02");
  }

  /** The ASCII fast path of a VARCHAR key against the tag byte plus Java's own UTF-8 encoding. */
  @Test
  void varcharKeys_equalTagPlusUtf8_onRandomStrings() {
    long seed = io.tidal.testing.Seeds.seed("RowCodecGoldenTest.varcharKeys");
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(12);
      int range = rnd.nextBoolean() ? 0x80 : 0x900; // all ASCII, or now and then beyond
      for (int j = 0; j < n; j++) {
        b.append((char) rnd.nextInt(range));
      }
      String k = b.toString();
      byte[] utf8 = k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] expected = new byte[utf8.length + 1];
      expected[0] = RowCodec.KEY_VARCHAR;
      System.arraycopy(utf8, 0, expected, 1, utf8.length);
      assertThat(RowCodec.encodeKey(k)).as("seed " + seed + " key " + k).isEqualTo(expected);
      assertThat(RowCodec.decodeKey(expected)).isEqualTo(k);
    }
  }
}
