package io.tidal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.ledger.StateRecord;
import io.tidal.engine.storage.KeyValue;
import io.tidal.schema.EntityId;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ledger states stored 64 entity ids per value: round trips, golden bytes, damage. */
class LedgerBucketsTest {

  @Test
  void roundTrip_randomBuckets() {
    long seed = Seeds.seed("LedgerBucketsTest.roundTrip");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(200); round++) {
      long bucket =
          rnd.nextBoolean() ? rnd.nextInt(10_000) : rnd.nextLong() >>> LedgerBuckets.SHIFT;
      List<Integer> slots = new ArrayList<>();
      for (int s = 0; s < 64; s++) {
        slots.add(s);
      }
      java.util.Collections.shuffle(slots, rnd);
      List<StateRecord> in = new ArrayList<>();
      for (int i = 0; i < 1 + rnd.nextInt(64); i++) {
        byte[] state = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? 20_000 : 100)];
        rnd.nextBytes(state);
        EntityId id = EntityId.of((bucket << LedgerBuckets.SHIFT) | slots.get(i));
        assertEquals(bucket, LedgerBuckets.bucketOf(id));
        in.add(new StateRecord(null, id, state));
      }
      List<KeyValue> out =
          LedgerBuckets.decode(LedgerBuckets.key(bucket), LedgerBuckets.encode(in));
      in.sort(java.util.Comparator.comparingLong(r -> r.entity().bits() & 63));
      assertEquals(in.size(), out.size(), "seed " + seed);
      for (int i = 0; i < in.size(); i++) {
        assertArrayEquals(in.get(i).entity().toBytes(), out.get(i).key(), "seed " + seed);
        assertArrayEquals(in.get(i).state(), out.get(i).value(), "seed " + seed);
      }
    }
  }

  @Test
  void goldenBytes() {
    byte[] v =
        LedgerBuckets.encode(List.of(new StateRecord(null, EntityId.of(130), new byte[] {1, 2})));
    assertEquals("0000000000000002", HexFormat.of().formatHex(LedgerBuckets.key(2)));
    assertEquals("010102020102", HexFormat.of().formatHex(v));
  }

  @Test
  void damagedBuckets_areCorruptNamingWhat() {
    byte[] key = LedgerBuckets.key(2);
    byte[] good = HexFormat.of().parseHex("0102" + "020102" + "05020304");
    assertEquals(2, LedgerBuckets.decode(key, good).size());
    for (int cut = 0; cut < good.length; cut++) {
      byte[] t = Arrays.copyOf(good, cut);
      TidalException e = assertThrows(TidalException.class, () -> LedgerBuckets.decode(key, t));
      assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("ledger bucket"), e.getMessage());
    }
    for (String[] bad :
        new String[][] {
          {"0102" + "050102" + "02020304", "slot=2"},
          {"0100", "count=0"},
          {"0101" + "020102" + "00", "trailing=1"},
          {"0101" + "400100", "slot=64"}
        }) {
      TidalException e =
          assertThrows(
              TidalException.class,
              () -> LedgerBuckets.decode(key, HexFormat.of().parseHex(bad[0])));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    assertEquals(
        ErrorCode.UNSUPPORTED_FORMAT,
        assertThrows(
                TidalException.class,
                () -> LedgerBuckets.decode(key, HexFormat.of().parseHex("020102")))
            .code());
    assertEquals(
        ErrorCode.CORRUPT,
        assertThrows(TidalException.class, () -> LedgerBuckets.decode(new byte[7], good)).code());
  }
}
