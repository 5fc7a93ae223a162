package io.tidal.schema;

import static io.tidal.schema.SchemaAssertions.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"", "1abc", "_abc", "a b", "a-b", "a.b", "caf\u00e9", "a;drop", "'x'", " a"})
  void canonical_badIdentifier_isInvalidNameNamingIt(String bad) {
    fails(() -> Names.canonical("table", bad), ErrorCode.INVALID_NAME, "table", "'" + bad + "'");
  }

  @Test
  void canonical_null_isInvalidName() {
    fails(() -> Names.canonical("column", null), ErrorCode.INVALID_NAME, "column", "NULL");
  }

  @Test
  void canonical_longerThan64_isInvalidName_64IsFine() {
    String ok = "a" + "b".repeat(63);
    assertThat(Names.canonical("table", ok)).isEqualTo(ok);
    fails(() -> Names.canonical("table", ok + "c"), ErrorCode.INVALID_NAME, "'" + ok + "c'", "64");
  }

  @Test
  void canonical_isLowerCase_andLookupMatchesIt() {
    assertThat(Names.canonical("table", "Items_2")).isEqualTo("items_2");
    assertThat(Names.lookup("ITEMS_2")).isEqualTo("items_2");
    assertThat(Names.canonical("signal type", "I")).isEqualTo("i"); // Locale.ROOT, not Turkish
  }
}
