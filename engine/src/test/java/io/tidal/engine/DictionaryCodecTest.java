package io.tidal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.EntityId;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dictionary's append-only chunks: round trips, chunk limits, golden bytes, damage. */
class DictionaryCodecTest {

  private static List<Map.Entry<String, EntityId>> decodeAll(List<byte[]> chunks) {
    List<Map.Entry<String, EntityId>> out = new ArrayList<>();
    for (byte[] c : chunks) {
      DictionaryCodec.decode(c, (k, id) -> out.add(Map.entry(k, id)));
    }
    return out;
  }

  @Test
  void roundTrip_randomAssignments_inOrderWithinLimits() {
    long seed = Seeds.seed("DictionaryCodecTest.roundTrip");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(30); round++) {
      List<Map.Entry<String, EntityId>> in = new ArrayList<>();
      int n = rnd.nextInt(round % 5 == 0 ? 10_000 : 50);
      long id = rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(1000);
      for (int i = 0; i < n; i++) {
        id += rnd.nextInt(20) == 0 ? rnd.nextLong() : 1;
        int kind = rnd.nextInt(4);
        String key =
            kind == 0
                ? ""
                : kind == 1
                    ? "item-" + i
                    : kind == 2
                        ? "ключ-\u2603-\uD83D\uDE00" + i
                        : "x".repeat(rnd.nextInt(round % 5 == 0 ? 100 : 40_000)) + i;
        in.add(Map.entry(key, EntityId.of(id)));
      }
      List<byte[]> chunks = DictionaryCodec.encode(in);
      assertEquals(in, decodeAll(chunks), "seed " + seed);
      for (byte[] c : chunks) {
        assertTrue(
            c.length < DictionaryCodec.TARGET_BYTES + 41_000, "chunk of " + c.length + " bytes");
      }
      assertEquals(n == 0, chunks.isEmpty());
    }
  }

  @Test
  void goldenBytes() {
    List<byte[]> c =
        DictionaryCodec.encode(
            List.of(Map.entry("a", EntityId.of(1)), Map.entry("é", EntityId.of(2))));
    assertEquals(1, c.size());
    assertEquals("01020201610202c3a9", HexFormat.of().formatHex(c.get(0)));
    assertEquals(
        "000000000000002a00000003", HexFormat.of().formatHex(DictionaryCodec.chunkKey(42, 3)));
  }

  @Test
  void damagedChunks_areCorruptNamingWhat() {
    byte[] good = HexFormat.of().parseHex("01020201610202c3a9");
    for (int cut = 0; cut < good.length; cut++) {
      byte[] t = Arrays.copyOf(good, cut);
      TidalException e =
          assertThrows(TidalException.class, () -> DictionaryCodec.decode(t, (k, id) -> {}));
      assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("dictionary chunk"), e.getMessage());
    }
    TidalException trailing =
        assertThrows(
            TidalException.class,
            () -> DictionaryCodec.decode(Arrays.copyOf(good, good.length + 1), (k, id) -> {}));
    assertTrue(trailing.getMessage().contains("trailing=1"), trailing.getMessage());
    TidalException count =
        assertThrows(
            TidalException.class,
            () -> DictionaryCodec.decode(HexFormat.of().parseHex("0100"), (k, id) -> {}));
    assertTrue(count.getMessage().contains("count=0"), count.getMessage());
    TidalException version =
        assertThrows(
            TidalException.class,
            () -> DictionaryCodec.decode(HexFormat.of().parseHex("0201020161"), (k, id) -> {}));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, version.code());
  }
}
