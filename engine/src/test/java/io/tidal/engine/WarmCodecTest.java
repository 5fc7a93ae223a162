package io.tidal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.engine.storage.InMemoryStorage;
import io.tidal.engine.storage.KeyValue;
import io.tidal.engine.storage.Keyspace;
import io.tidal.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The warm tier's chunk codec: version 4 written, versions 3, 2 and 1 read, prune from headers. */
class WarmCodecTest {

  /** One signal as a comparable list: id, ts, seq, weight bits, dedup key (and actor, if any). */
  static List<Object> row(WarmBlock b, int i) {
    List<Object> r =
        Arrays.asList(
            b.ids[i],
            b.timestamps[i],
            b.seqs[i],
            Double.doubleToRawLongBits(b.weights[i]),
            b.dedupKey(i));
    if (b.actor(i) != null) {
      r = new ArrayList<>(r);
      r.add(b.actor(i));
    }
    return r;
  }

  static List<List<Object>> rows(WarmBlock b) {
    List<List<Object>> out = new ArrayList<>();
    for (int i = 0; i < b.size; i++) {
      out.add(row(b, i));
    }
    return out;
  }

  private static String dedup(Random rnd) {
    int r = rnd.nextInt(5);
    return r < 2
        ? null
        : r == 2
            ? ""
            : r == 3 ? "k-" + rnd.nextInt(1000) : "ключ-\u2603-\uD83D\uDE00-" + rnd.nextLong();
  }

  private static long timestamp(Random rnd, long base) {
    switch (rnd.nextInt(6)) {
      case 0:
        return rnd.nextLong();
      case 1:
        return rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
      case 2:
        return -base - rnd.nextInt(1000);
      default:
        return base + rnd.nextInt(100_000) - 50_000;
    }
  }

  private static double weight(Random rnd) {
    switch (rnd.nextInt(6)) {
      case 0:
        return -0.0;
      case 1:
        return 0.0;
      case 2:
        return rnd.nextGaussian() * 1e6;
      case 3:
        return rnd.nextBoolean() ? Double.MAX_VALUE : -Double.MIN_VALUE;
      default:
        return 1.0;
    }
  }

  /** A random block of 1..max signals (NaN-free weights, dense and huge ids, any timestamps). */
  static WarmBlock randomBlock(Random rnd, int max) {
    return randomBlock(rnd, max, false);
  }

  /** {@link #randomBlock(Random, int)}, with actors on some signals when {@code actors}. */
  static WarmBlock randomBlock(Random rnd, int max, boolean actors) {
    WarmBlock b = new WarmBlock();
    int n = 1 + rnd.nextInt(max);
    long base = rnd.nextLong() >> rnd.nextInt(64);
    long seq = rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(1_000_000);
    for (int i = 0; i < n; i++) {
      long id = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(200_000);
      seq += rnd.nextInt(10) == 0 ? rnd.nextLong() : 1 + rnd.nextInt(3);
      b.add(id, timestamp(rnd, base), seq, weight(rnd), dedup(rnd), actors ? dedup(rnd) : null);
    }
    return b;
  }

  @Test
  void v4_roundTripsRandomChunks() {
    long seed = Seeds.seed("WarmCodecTest.v4");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(300); round++) {
      WarmBlock in = randomBlock(rnd, round % 10 == 0 ? WarmBlock.CAPACITY : 50, round % 2 == 0);
      byte[] v = WarmCodec.encode(in);
      assertEquals(4, v[0]);
      boolean anyActor = false;
      boolean anyDedup = false;
      for (int i = 0; i < in.size; i++) {
        anyActor |= in.actor(i) != null;
        anyDedup |= in.dedupKey(i) != null;
      }
      assertEquals(
          (anyDedup ? 1 : 0) | (anyActor ? 2 : 0),
          WarmCodec.chunkFlags(WarmCodec.chunkKey(1, 0), v));
      assertEquals(rows(in), rows(WarmCodec.decodeChunk(v)), "seed " + seed);
      long[] span = WarmCodec.span(WarmCodec.chunkKey(1, 0), v);
      long min = Arrays.stream(in.timestamps, 0, in.size).min().getAsLong();
      long max = Arrays.stream(in.timestamps, 0, in.size).max().getAsLong();
      assertArrayEquals(new long[] {min, max}, span, "seed " + seed);
    }
  }

  @Test
  void v3_stillDecodesAndSpans() {
    long seed = Seeds.seed("WarmCodecTest.v3");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(100); round++) {
      WarmBlock in = randomBlock(rnd, 100);
      byte[] v = LegacyWarm.encodeV3(in);
      assertEquals(rows(in), rows(WarmCodec.decodeChunk(v)), "seed " + seed);
      long min = Arrays.stream(in.timestamps, 0, in.size).min().getAsLong();
      long max = Arrays.stream(in.timestamps, 0, in.size).max().getAsLong();
      assertArrayEquals(new long[] {min, max}, WarmCodec.span(WarmCodec.chunkKey(1, 0), v));
    }
  }

  @Test
  void v2_stillDecodesAndSpans() {
    long seed = Seeds.seed("WarmCodecTest.v2");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(100); round++) {
      WarmBlock in = randomBlock(rnd, 100);
      byte[] v = LegacyWarm.encodeV2(in);
      assertEquals(rows(in), rows(WarmCodec.decodeChunk(v)), "seed " + seed);
      long min = Arrays.stream(in.timestamps, 0, in.size).min().getAsLong();
      long max = Arrays.stream(in.timestamps, 0, in.size).max().getAsLong();
      assertArrayEquals(new long[] {min, max}, WarmCodec.span(WarmCodec.chunkKey(1, 0), v));
    }
  }

  @Test
  void v1_entryDecodes() {
    byte[] k = LegacyWarm.encodeV1Key(-3, Long.MIN_VALUE + 5, 42);
    WarmBlock b = WarmCodec.decode(k, LegacyWarm.encodeV1Value(-0.0, "é"));
    assertEquals(
        List.of(Arrays.asList(-3L, Long.MIN_VALUE + 5, 42L, Double.doubleToRawLongBits(-0.0), "é")),
        rows(b));
    assertArrayEquals(
        new long[] {Long.MIN_VALUE + 5, Long.MIN_VALUE + 5},
        WarmCodec.span(k, LegacyWarm.encodeV1Value(1.0, null)));
  }

  /** The version-3 example of the {@link WarmCodec} Javadoc and docs/FORMATS.md, byte for byte. */
  @Test
  void v3_goldenBytes() {
    WarmBlock b = new WarmBlock();
    b.add(5, 1000, 7, 1.0, null);
    b.add(300, 990, 8, 2.5, "é");
    String hex =
        "03"
            + "02"
            + "00000000000003de"
            + "00000000000003e8"
            + "00"
            + "05"
            + "14"
            + "0e"
            + "03"
            + "ac02"
            + "13"
            + "02"
            + "4004000000000000"
            + "02"
            + "c3a9";
    assertEquals(hex, HexFormat.of().formatHex(LegacyWarm.encodeV3(b)));
    assertEquals(rows(b), rows(WarmCodec.decodeChunk(HexFormat.of().parseHex(hex))));
  }

  /** The version-4 example of the {@link WarmCodec} Javadoc and docs/FORMATS.md, byte for byte. */
  @Test
  void v4_goldenBytes() {
    WarmBlock b = new WarmBlock();
    b.add(5, 1000, 7, 1.0, null, null);
    b.add(300, 990, 8, 2.5, "é", "u");
    String hex =
        "04"
            + "03"
            + "02"
            + "00000000000003de"
            + "00000000000003e8"
            + "00"
            + "05"
            + "14"
            + "0e"
            + "07"
            + "ac02"
            + "13"
            + "02"
            + "4004000000000000"
            + "02"
            + "c3a9"
            + "01"
            + "75";
    assertEquals(hex, HexFormat.of().formatHex(WarmCodec.encode(b)));
    assertEquals(rows(b), rows(WarmCodec.decodeChunk(HexFormat.of().parseHex(hex))));
  }

  private static void assertCorrupt(byte[] v, String mentions) {
    TidalException e = assertThrows(TidalException.class, () -> WarmCodec.decodeChunk(v));
    assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(mentions), e.getMessage());
  }

  @Test
  void damagedChunks_areCorruptNamingWhat() {
    WarmBlock b = new WarmBlock();
    b.add(5, 1000, 7, 1.0, null);
    b.add(300, 990, 8, 2.5, "é");
    for (byte[] good :
        List.of(LegacyWarm.encodeV3(b), WarmCodec.encode(b), LegacyWarm.encodeV2(b))) {
      for (int cut = 0; cut < good.length; cut++) {
        byte[] t = Arrays.copyOf(good, cut);
        assertCorrupt(t, cut == 0 ? "empty" : "warm-tier chunk");
        if (cut > 0
            && (t[0] == 3 && cut < 18 || t[0] == 4 && cut < 19)) { // the header is cut: span fails
          TidalException e =
              assertThrows(TidalException.class, () -> WarmCodec.span(WarmCodec.chunkKey(1, 0), t));
          assertEquals(ErrorCode.CORRUPT, e.code());
        }
      }
      byte[] longer = Arrays.copyOf(good, good.length + 1);
      assertCorrupt(longer, "trailing=1");
    }
    byte[] v = LegacyWarm.encodeV3(b);
    byte[] flags = v.clone();
    flags[18] = 4;
    assertCorrupt(flags, "flags=4"); // the actor flag exists only from version 4 on
    byte[] zero = v.clone();
    zero[1] = 0;
    assertCorrupt(zero, "count=0");
    byte[] many = HexFormat.of().parseHex("03818001");
    assertCorrupt(many, "count=16385");
    byte[] outside = v.clone();
    outside[20] = 0x16; // first delta 11: ts 1001 > max 1000
    assertCorrupt(outside, "timestamp=1001 outside");
    byte[] badRange = v.clone();
    badRange[2] = 0x7F; // min > max
    assertCorrupt(badRange, "min timestamp");
    byte[] overlong =
        HexFormat.of()
            .parseHex(
                "0301"
                    + "0000000000000000"
                    + "0000000000000000"
                    + "00"
                    + "ffffffffffffffffff7f"
                    + "00"
                    + "00");
    assertCorrupt(overlong, "entity id varint longer than 64 bits");
    byte[] dedupLen =
        HexFormat.of()
            .parseHex(
                "0301"
                    + "0000000000000000"
                    + "0000000000000000"
                    + "01"
                    + "00"
                    + "00"
                    + "00"
                    + "05"
                    + "61");
    assertCorrupt(dedupLen, "dedup length=5");
    byte[] w4 = WarmCodec.encode(b);
    byte[] chunkFlags = w4.clone();
    chunkFlags[1] = 8;
    assertCorrupt(chunkFlags, "chunk flags=8");
    byte[] v5 = v.clone();
    v5[0] = 5;
    TidalException e = assertThrows(TidalException.class, () -> WarmCodec.decodeChunk(v5));
    assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
    TidalException k = assertThrows(TidalException.class, () -> WarmCodec.decode(new byte[11], v));
    assertEquals(ErrorCode.CORRUPT, k.code());
  }

  /**
   * A keyspace holding a random mix of version-1 entries, version-2 and version-3 chunks, pruned at
   * random cut-offs: what remains equals the brute-force model (every signal later than the cut-off,
   * nothing else), chunks wholly after the cut-off keep their exact bytes, and rewritten chunks are
   * version 3.
   */
  @Test
  void prune_mixedVersions_equalsBruteForce() {
    long seed = Seeds.seed("WarmCodecTest.prune");
    Random rnd = new Random(seed);
    for (int round = 0; round < Seeds.tries(40); round++) {
      Keyspace ks = new InMemoryStorage().keyspace("w.1");
      List<List<Object>> model = new ArrayList<>();
      long t0 = rnd.nextInt(1_000_000);
      int seq = 0;
      for (int c = 0; c < 30; c++) {
        WarmBlock b = new WarmBlock();
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 300);
        long base = t0 + rnd.nextInt(100_000);
        for (int i = 0; i < n; i++) {
          b.add(
              rnd.nextInt(1000), base + rnd.nextInt(20_000), ++seq, rnd.nextInt(4) - 1, dedup(rnd));
        }
        model.addAll(rows(b));
        int kind = rnd.nextInt(3);
        if (kind == 0) {
          for (int i = 0; i < b.size; i++) {
            ks.put(
                LegacyWarm.encodeV1Key(b.ids[i], b.timestamps[i], b.seqs[i]),
                LegacyWarm.encodeV1Value(b.weights[i], b.dedupKey(i)));
          }
        } else {
          ks.put(
              WarmCodec.chunkKey(c, 0), kind == 1 ? LegacyWarm.encodeV2(b) : WarmCodec.encode(b));
        }
      }
      for (int p = 0; p < 3; p++) {
        long cutoff = t0 + rnd.nextInt(130_000) - 10_000;
        Map<String, byte[]> before = snapshot(ks);
        WarmChunks.prune(ks, cutoff);
        model.removeIf(r -> (long) r.get(1) <= cutoff);
        List<List<Object>> got = new ArrayList<>();
        for (Iterator<KeyValue> it = ks.scan(null, null); it.hasNext(); ) {
          KeyValue kv = it.next();
          long[] span = WarmCodec.span(kv.key(), kv.value());
          assertTrue(span[0] > cutoff, "a kept chunk still holds old signals, seed " + seed);
          byte[] old = before.get(HexFormat.of().formatHex(kv.key()));
          if (!Arrays.equals(old, kv.value())) {
            assertEquals(4, kv.value()[0], "rewritten as version 4, seed " + seed);
          } else {
            assertTrue(WarmCodec.span(kv.key(), old)[0] > cutoff);
          }
          got.addAll(rows(WarmCodec.decode(kv.key(), kv.value())));
        }
        assertEquals(sorted(model), sorted(got), "seed " + seed + " round " + round);
      }
    }
  }

  private static Map<String, byte[]> snapshot(Keyspace ks) {
    Map<String, byte[]> m = new HashMap<>();
    ks.scan(null, null)
        .forEachRemaining(kv -> m.put(HexFormat.of().formatHex(kv.key()), kv.value()));
    return m;
  }

  private static List<String> sorted(List<List<Object>> rows) {
    return rows.stream().map(Object::toString).sorted().toList();
  }
}
