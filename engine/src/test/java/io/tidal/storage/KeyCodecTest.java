package io.tidal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.EntityId;
import io.tidal.storage.KeyCodec.Tag;
import io.tidal.testing.Seeds;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the key layout, checked over seeded random cases against an independent oracle:
 * the order of (unsigned entity, tag code, suffix) computed field by field.
 */
class KeyCodecTest {
  /** The oracle: compares decoded fields, never bytes of the encoding. */
  private static final Comparator<KeyCodec.Key> FIELD_ORDER = Comparator
      .comparing(KeyCodec.Key::entity, (a, b) -> Long.compareUnsigned(a.bits(), b.bits()))
      .thenComparingInt(k -> k.tag().code())
      .thenComparing(KeyCodec.Key::suffix, Arrays::compareUnsigned);

  @Test
  void encodedOrder_equalsFieldOrder() {
    Random rnd = new Random(Seeds.seed("KeyCodecTest.encodedOrder"));
    for (int i = 0; i < Seeds.tries(20_000); i++) {
      KeyCodec.Key a = randomKey(rnd);
      KeyCodec.Key b = rnd.nextInt(4) == 0 ? nearby(a, rnd) : randomKey(rnd);
      int expected = Integer.signum(FIELD_ORDER.compare(a, b));
      int actual = Integer.signum(StorageEngine.KEY_ORDER.compare(encode(a), encode(b)));
      assertThat(actual).as("%s vs %s", a, b).isEqualTo(expected);
    }
  }

  @Test
  void decode_roundTripsEncode() {
    Random rnd = new Random(Seeds.seed("KeyCodecTest.roundTrip"));
    for (int i = 0; i < Seeds.tries(20_000); i++) {
      KeyCodec.Key k = randomKey(rnd);
      byte[] bytes = encode(k);
      assertThat(bytes).hasSize(KeyCodec.HEADER_LENGTH + k.suffix().length);
      assertThat(KeyCodec.decode(bytes)).isEqualTo(k);
      assertThat(KeyCodec.entity(bytes)).isEqualTo(k.entity());
      assertThat(KeyCodec.tag(bytes)).isEqualTo(k.tag());
      assertThat(KeyCodec.suffix(bytes)).isEqualTo(k.suffix());
    }
  }

  @Test
  void entityIdBytes_orderEqualsUnsignedOrder_andRoundTrip() {
    Random rnd = new Random(Seeds.seed("KeyCodecTest.entityIdBytes"));
    for (int i = 0; i < Seeds.tries(20_000); i++) {
      EntityId a = EntityId.of(randomLong(rnd));
      EntityId b = EntityId.of(rnd.nextBoolean() ? randomLong(rnd) : a.bits() + rnd.nextInt(3) - 1);
      int expected = Integer.signum(Long.compareUnsigned(a.bits(), b.bits()));
      assertThat(Integer.signum(Arrays.compareUnsigned(a.toBytes(), b.toBytes()))).as("%s vs %s", a, b)
          .isEqualTo(expected);
      assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
      assertThat(EntityId.fromBytes(a.toBytes(), 0)).isEqualTo(a);
      assertThat(EntityId.parse(a.toString())).isEqualTo(a);
    }
  }

  @Test
  void prefixes_boundExactlyTheKeysOfTheirEntityAndTag() {
    Random rnd = new Random(Seeds.seed("KeyCodecTest.prefixes"));
    for (int i = 0; i < Seeds.tries(20_000); i++) {
      KeyCodec.Key owner = randomKey(rnd);
      KeyCodec.Key other = rnd.nextBoolean() ? nearby(owner, rnd) : randomKey(rnd);
      byte[] key = encode(other);
      byte[] entityPrefix = KeyCodec.entityPrefix(owner.entity());
      byte[] tagPrefix = KeyCodec.prefix(owner.entity(), owner.tag());
      assertThat(inRange(key, entityPrefix, KeyCodec.prefixEnd(entityPrefix))).as("%s in %s", other, owner)
          .isEqualTo(other.entity().equals(owner.entity()));
      assertThat(inRange(key, tagPrefix, KeyCodec.prefixEnd(tagPrefix))).as("%s in %s", other, owner)
          .isEqualTo(other.entity().equals(owner.entity()) && other.tag() == owner.tag());
    }
  }

  @Test
  void entityRange_isKeyRangeBetweenEntityPrefixes() {
    Random rnd = new Random(Seeds.seed("KeyCodecTest.entityRange"));
    for (int i = 0; i < Seeds.tries(20_000); i++) {
      EntityId lo = EntityId.of(randomLong(rnd));
      EntityId hi = EntityId.of(randomLong(rnd));
      KeyCodec.Key k = rnd.nextBoolean() ? randomKey(rnd)
          : new KeyCodec.Key(EntityId.of(lo.bits() + rnd.nextInt(3) - 1), Tag.SIGNAL, new byte[0]);
      boolean expected = k.entity().compareTo(lo) >= 0 && k.entity().compareTo(hi) < 0;
      assertThat(inRange(encode(k), KeyCodec.entityPrefix(lo), KeyCodec.entityPrefix(hi)))
          .as("%s in [%s, %s)", k, lo, hi).isEqualTo(expected);
    }
  }

  @Test
  void prefixEnd_isSmallestKeyAfterThePrefix() {
    assertThat(KeyCodec.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
    assertThat(KeyCodec.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
    assertThat(KeyCodec.prefixEnd(new byte[] {(byte) 0xFF})).isNull();
    assertThat(KeyCodec.prefixEnd(new byte[0])).isNull();
    assertThat(KeyCodec.hex(KeyCodec.prefixEnd(KeyCodec.entityPrefix(EntityId.MAX))))
        .isEqualTo("ffffffffffffffff01");
  }

  @Test
  void layout_matchesTheDocumentedBytes() {
    byte[] key = KeyCodec.encode(EntityId.of(0x0102030405060708L), Tag.EVENT, new byte[] {(byte) 0xAB});
    assertThat(KeyCodec.hex(key)).isEqualTo("01020304050607080003ab");
    assertThat(KeyCodec.hex(KeyCodec.u64(-2L))).isEqualTo("fffffffffffffffe");
    assertThat(Tag.META.code()).isEqualTo(1);
    assertThat(Tag.SIGNAL.code()).isEqualTo(2);
    assertThat(Tag.EVENT.code()).isEqualTo(3);
    assertThat(Tag.BUCKET.code()).isEqualTo(4);
  }

  @Test
  void decode_malformedKey_isCorruptNamingTheBytes() {
    assertThatThrownBy(() -> KeyCodec.decode(new byte[] {1, 2, 3})).isInstanceOf(StorageException.class)
        .hasMessageContaining("010203").extracting(e -> ((TidalException) e).code()).isEqualTo(ErrorCode.CORRUPT);
    byte[] badSeparator = KeyCodec.encode(EntityId.of(5), Tag.META);
    badSeparator[8] = 7;
    assertThatThrownBy(() -> KeyCodec.decode(badSeparator)).isInstanceOf(StorageException.class)
        .hasMessageContaining("separator");
    byte[] badTag = KeyCodec.encode(EntityId.of(5), Tag.META);
    badTag[9] = (byte) 0xEE;
    assertThatThrownBy(() -> KeyCodec.decode(badTag)).isInstanceOf(StorageException.class)
        .hasMessageContaining("0xee");
  }

  private static boolean inRange(byte[] key, byte[] from, byte[] to) {
    return Arrays.compareUnsigned(key, from) >= 0 && (to == null || Arrays.compareUnsigned(key, to) < 0);
  }

  private static byte[] encode(KeyCodec.Key k) {
    return KeyCodec.encode(k.entity(), k.tag(), k.suffix());
  }

  /** Values clustered at the edges of the unsigned and signed ranges as well as uniform. */
  static long randomLong(Random rnd) {
    switch (rnd.nextInt(5)) {
      case 0:
        return rnd.nextInt(4);
      case 1:
        return -1L - rnd.nextInt(4);
      case 2:
        return Long.MAX_VALUE - 2 + rnd.nextInt(4);
      case 3:
        return rnd.nextInt(1 << 20);
      default:
        return rnd.nextLong();
    }
  }

  static KeyCodec.Key randomKey(Random rnd) {
    Tag[] tags = Tag.values();
    byte[] suffix = new byte[rnd.nextInt(5)];
    for (int i = 0; i < suffix.length; i++) {
      suffix[i] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : (rnd.nextBoolean() ? 0 : 0xFF));
    }
    return new KeyCodec.Key(EntityId.of(randomLong(rnd)), tags[rnd.nextInt(tags.length)], suffix);
  }

  /** A key that shares a field or two with {@code k}, so that ties in the leading fields are exercised. */
  static KeyCodec.Key nearby(KeyCodec.Key k, Random rnd) {
    KeyCodec.Key r = randomKey(rnd);
    return switch (rnd.nextInt(3)) {
      case 0 -> new KeyCodec.Key(k.entity(), r.tag(), r.suffix());
      case 1 -> new KeyCodec.Key(k.entity(), k.tag(), r.suffix());
      default -> new KeyCodec.Key(k.entity(), k.tag(),
          Arrays.copyOf(k.suffix(), Math.max(0, k.suffix().length + rnd.nextInt(3) - 1)));
    };
  }
}
