package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Ddl;
import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.SchemaException;
import io.tidal.schema.SignalType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Catalog and schema-change bytes: version 2 carries RETAIN, version 1 still decodes. */
class CatalogCodecTest {
  private static final SignalType VIEW =
      new SignalType(
          "view",
          "items",
          List.of(Duration.ofHours(1)),
          List.of(Duration.ofDays(1)),
          Duration.ofDays(30));

  @Test
  void encodeDdl_createSignalTypeWithRetain_roundTrips() {
    Ddl d = CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.CreateSignalType(VIEW, false)));
    SignalType t = ((Ddl.CreateSignalType) d).type();
    assertThat(t).isEqualTo(VIEW);
    assertThat(t.retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void decodeCatalog_version3_roundTripsRetention() {
    Map<SignalType, Long> types = new LinkedHashMap<>();
    types.put(VIEW, 3L);
    byte[] bytes =
        CatalogCodec.encodeCatalog(new CatalogCodec.Catalog(4, new LinkedHashMap<>(), types));
    assertThat(bytes[0]).isEqualTo((byte) 3);
    CatalogCodec.Catalog c = CatalogCodec.decodeCatalog(bytes);
    assertThat(c.types().keySet()).containsExactly(VIEW);
  }

  @Test
  void encodeDdl_rollupType_roundTripsSourceAndColumn_goldenTail() {
    SignalType cv =
        new SignalType(
            "cv",
            "creators",
            List.of(Duration.ofDays(1)),
            List.of(Duration.ofDays(7)),
            null,
            "view",
            "creator");
    byte[] bytes = CatalogCodec.encodeDdl(new Ddl.CreateSignalType(cv, false));
    SignalType t = ((Ddl.CreateSignalType) CatalogCodec.decodeDdl(bytes)).type();
    assertThat(t).isEqualTo(cv);
    assertThat(t.rollupOf()).isEqualTo("view");
    assertThat(t.rollupBy()).isEqualTo("creator");
    // ... i64 retention | u8 1 | str "view" | str "creator"
    byte[] tail = {1, 0, 4, 'v', 'i', 'e', 'w', 0, 7, 'c', 'r', 'e', 'a', 't', 'o', 'r'};
    assertThat(java.util.Arrays.copyOfRange(bytes, bytes.length - tail.length, bytes.length))
        .isEqualTo(tail);
    assertThat(bytes[0]).isEqualTo((byte) 3);
  }

  @Test
  void decodeDdl_badRollupFlag_isCorrupt() {
    byte[] bytes = CatalogCodec.encodeDdl(new Ddl.CreateSignalType(VIEW, false));
    bytes[bytes.length - 1] = 2; // the roll-up flag of a plain type
    assertThatThrownBy(() -> CatalogCodec.decodeDdl(bytes))
        .isInstanceOfSatisfying(
            TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
  }

  @Test
  void decodeDdl_version2_isAPlainType() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(2);
      out.writeByte(3); // CREATE SIGNAL TYPE
      out.writeUTF("view");
      out.writeUTF("items");
      out.writeByte(1);
      out.writeLong(3_600_000L);
      out.writeByte(1);
      out.writeLong(86_400_000L);
      out.writeLong(30 * 86_400_000L);
    }
    SignalType t = ((Ddl.CreateSignalType) CatalogCodec.decodeDdl(bytes.toByteArray())).type();
    assertThat(t).isEqualTo(VIEW);
    assertThat(t.isRollup()).isFalse();
  }

  @Test
  void decodeDdl_version1_givesTheDefaultRetention() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1); // version 1: no retention field
      out.writeByte(3); // CREATE SIGNAL TYPE
      out.writeUTF("view");
      out.writeUTF("items");
      out.writeByte(1);
      out.writeLong(3_600_000L);
      out.writeByte(2);
      out.writeLong(3_600_000L);
      out.writeLong(7 * 86_400_000L);
    }
    SignalType t = ((Ddl.CreateSignalType) CatalogCodec.decodeDdl(bytes.toByteArray())).type();
    assertThat(t.retention()).isEqualTo(Duration.ofDays(8)); // longest window + 1 day
  }

  @Test
  void decodeDdl_version4_isUnsupportedFormat() {
    assertThatThrownBy(() -> CatalogCodec.decodeDdl(new byte[] {4, 5, 0, 1, 'x'}))
        .isInstanceOfSatisfying(
            TidalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT))
        .hasMessageContaining("supported=1..3");
  }

  /** The default for a 10-year window is 3651 days, over the limit of RETAIN: it still round-trips. */
  @Test
  void encodeDdl_defaultRetentionOfTheLongestWindow_decodes() {
    SignalType t =
        new SignalType(
            "view", "items", List.of(Duration.ofHours(1)), List.of(Duration.ofDays(3650)));
    Ddl d = CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.CreateSignalType(t, false)));
    assertThat(((Ddl.CreateSignalType) d).type()).isEqualTo(t);
    assertThat(t.retention()).isEqualTo(Duration.ofDays(3651));
  }

  @Test
  void signalType_retainShorterThanLongestWindow_namesBoth() {
    assertThatThrownBy(
            () ->
                new SignalType(
                    "view",
                    "items",
                    List.of(Duration.ofHours(1)),
                    List.of(Duration.ofDays(1)),
                    Duration.ofHours(12)))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("retention 12h")
        .hasMessageContaining("longest window 1d");
  }
}
