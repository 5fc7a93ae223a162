package io.tidal.schema;

import static io.tidal.schema.SchemaAssertions.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, formatting and the byte order of entity ids. */
class EntityIdTest {
  @Test
  void parse_formatsBack_overTheWholeUnsignedRange() {
    assertThat(EntityId.parse("0")).isEqualTo(EntityId.MIN);
    assertThat(EntityId.parse("18446744073709551615")).isEqualTo(EntityId.MAX);
    assertThat(EntityId.MAX.toString()).isEqualTo("18446744073709551615");
    assertThat(EntityId.of(Long.MIN_VALUE).toString()).isEqualTo("9223372036854775808");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "18446744073709551616", "abc", "", " 1", "1.0", "0x10"})
  void parse_outOfRangeOrMalformed_isInvalidArgumentNamingIt(String bad) {
    fails(() -> EntityId.parse(bad), ErrorCode.INVALID_ARGUMENT, "'" + bad + "'");
  }

  @Test
  void parse_null_isInvalidArgument() {
    fails(() -> EntityId.parse(null), ErrorCode.INVALID_ARGUMENT, "NULL");
  }

  @Test
  void compareTo_isUnsigned_andBytesAreBigEndian() {
    assertThat(EntityId.MAX).isGreaterThan(EntityId.of(Long.MAX_VALUE));
    assertThat(EntityId.of(Long.MIN_VALUE)).isGreaterThan(EntityId.of(Long.MAX_VALUE));
    assertThat(EntityId.of(0x0102030405060708L).toBytes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    byte[] buf = new byte[10];
    EntityId.of(-2L).writeTo(buf, 1);
    assertThat(EntityId.fromBytes(buf, 1)).isEqualTo(EntityId.of(-2L));
    assertThat(buf[0]).isZero();
    assertThat(buf[9]).isZero();
  }
}
