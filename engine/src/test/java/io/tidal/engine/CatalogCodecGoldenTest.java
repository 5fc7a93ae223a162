package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Index;
import io.tidal.schema.SignalType;
import io.tidal.schema.View;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Catalogs of {@link CatalogCodec}'s diagram written out by hand (not by the encoder): version 1,
 * which databases written before 2026-12-07 hold, still decodes (its type taking the default
 * retention), so does version 2; version 3 decodes and is what the encoder writes.
 */
class CatalogCodecGoldenTest {
  private static final HexFormat HEX = HexFormat.of();

  /** items(id VARCHAR NOT NULL key, score BIGINT) gen 1; view ON items HALF_LIFE(1h) WINDOW(1h, 1d) gen 2. */
  static final String V1 =
      "01"
          + "0000000000000003" // version, nextGen 3
          + "0001"
          + "0005"
          + "6974656d73"
          + "0002" // 1 table "items", 2 columns
          + "0002"
          + "6964"
          + "0007"
          + "56415243484152"
          + "00" // id VARCHAR not nullable
          + "0005"
          + "73636f7265"
          + "0006"
          + "424947494e54"
          + "01" // score BIGINT nullable
          + "0000"
          + "0000000000000001" // key index 0, gen 1
          + "0001"
          + "0004"
          + "76696577"
          + "0005"
          + "6974656d73" // 1 type "view" ON "items"
          + "01"
          + "000000000036ee80" // half-lives: 1h
          + "02"
          + "000000000036ee80"
          + "0000000005265c00" // windows: 1h, 1d
          + "0000000000000002"; // gen 2

  /** As V1, plus: score DEFAULT 0 UNIQUE, RETAIN 3 days, view "hot", index items_score(score). */
  static final String V2 =
      "02"
          + "0000000000000005"
          + "0001"
          + "0005"
          + "6974656d73"
          + "0002"
          + "0002"
          + "6964"
          + "0007"
          + "56415243484152"
          + "00"
          + "0005"
          + "73636f7265"
          + "0006"
          + "424947494e54"
          + "01"
          + "0000"
          + "00"
          + "ffffffff"
          + "ffffffff" // id: no facets
          + "06"
          + "ffffffff"
          + "ffffffff"
          + "0001"
          + "30" // score: default "0", unique
          + "0000"
          + "0000000000000001" // no table UNIQUEs, gen 1
          + "0001"
          + "0004"
          + "76696577"
          + "0005"
          + "6974656d73"
          + "01"
          + "000000000036ee80"
          + "02"
          + "000000000036ee80"
          + "0000000005265c00"
          + "000000000f731400" // retention 3 days
          + "0000000000000002"
          + "0001"
          + "0003"
          + "686f74"
          + "00000014" // 1 view "hot", 20 bytes
          + "53454c4543542069642046524f4d206974656d73" // SELECT id FROM items
          + "0001"
          + "000b"
          + "6974656d735f73636f7265"
          + "0005"
          + "6974656d73"
          + "00"
          + "01"
          + "0005"
          + "73636f7265"; // not unique, (score)

  private static final Duration H1 = Duration.ofHours(1);
  private static final Duration D1 = Duration.ofDays(1);

  @Test
  void v1_decodes_withTheDefaultRetention() {
    CatalogCodec.Catalog c = CatalogCodec.decodeCatalog(HEX.parseHex(V1));
    assertThat(c.nextGen()).isEqualTo(3);
    assertThat(c.tables())
        .containsExactly(
            Map.entry(
                new EntityTable(
                    "items",
                    List.of(
                        new Column("id", ColumnType.VARCHAR, false),
                        new Column("score", ColumnType.BIGINT, true)),
                    0),
                1L));
    SignalType view = new SignalType("view", "items", List.of(H1), List.of(H1, D1));
    assertThat(c.types()).containsExactly(Map.entry(view, 2L));
    assertThat(view.retentionMs())
        .isEqualTo(Duration.ofDays(2).toMillis()); // longest window + 1 day
    assertThat(c.views()).isEmpty();
    assertThat(c.indexes()).isEmpty();
  }

  /**
   * As V2, written by version 3 (issue 17): each type ends with u8 rollup; a second type, "tops",
   * ROLLUP OF view BY score (gen 3), carries its source type and column.
   */
  static final String V3 =
      "03"
          + "0000000000000005"
          + "0001"
          + "0005"
          + "6974656d73"
          + "0002"
          + "0002"
          + "6964"
          + "0007"
          + "56415243484152"
          + "00"
          + "0005"
          + "73636f7265"
          + "0006"
          + "424947494e54"
          + "01"
          + "0000"
          + "00"
          + "ffffffff"
          + "ffffffff"
          + "06"
          + "ffffffff"
          + "ffffffff"
          + "0001"
          + "30"
          + "0000"
          + "0000000000000001"
          + "0002" // 2 types
          + "0004"
          + "76696577"
          + "0005"
          + "6974656d73"
          + "01"
          + "000000000036ee80"
          + "02"
          + "000000000036ee80"
          + "0000000005265c00"
          + "000000000f731400"
          + "00" // retention, not a roll-up
          + "0000000000000002"
          + "0004"
          + "746f7073"
          + "0005"
          + "6974656d73" // "tops" ON "items"
          + "01"
          + "000000000036ee80"
          + "02"
          + "000000000036ee80"
          + "0000000005265c00"
          + "000000000f731400"
          + "01"
          + "0004"
          + "76696577"
          + "0005"
          + "73636f7265" // ROLLUP OF view BY score
          + "0000000000000003"
          + "0001"
          + "0003"
          + "686f74"
          + "00000014"
          + "53454c4543542069642046524f4d206974656d73"
          + "0001"
          + "000b"
          + "6974656d735f73636f7265"
          + "0005"
          + "6974656d73"
          + "00"
          + "01"
          + "0005"
          + "73636f7265";

  private static Map<EntityTable, Long> tables() {
    Map<EntityTable, Long> tables = new LinkedHashMap<>();
    tables.put(
        new EntityTable(
            "items",
            List.of(
                new Column("id", ColumnType.VARCHAR, false),
                new Column(
                    "score", ColumnType.BIGINT, true, new Column.Facets(null, -1, -1, "0", true))),
            0,
            List.of()),
        1L);
    return tables;
  }

  private static final SignalType VIEW3D =
      new SignalType("view", "items", List.of(H1), List.of(H1, D1), Duration.ofDays(3));

  @Test
  void v2_decodes() {
    CatalogCodec.Catalog expected =
        new CatalogCodec.Catalog(
            5,
            tables(),
            Map.of(VIEW3D, 2L),
            List.of(new View("hot", "SELECT id FROM items")),
            List.of(new Index("items_score", "items", List.of("score"), false)));
    assertThat(CatalogCodec.decodeCatalog(HEX.parseHex(V2))).isEqualTo(expected);
  }

  @Test
  void v3_decodes_andIsWhatTheEncoderWrites() {
    Map<SignalType, Long> types = new LinkedHashMap<>();
    types.put(VIEW3D, 2L);
    types.put(
        new SignalType(
            "tops", "items", List.of(H1), List.of(H1, D1), Duration.ofDays(3), "view", "score"),
        3L);
    CatalogCodec.Catalog expected =
        new CatalogCodec.Catalog(
            5,
            tables(),
            types,
            List.of(new View("hot", "SELECT id FROM items")),
            List.of(new Index("items_score", "items", List.of("score"), false)));
    assertThat(CatalogCodec.decodeCatalog(HEX.parseHex(V3))).isEqualTo(expected);
    assertThat(HEX.formatHex(CatalogCodec.encodeCatalog(expected))).isEqualTo(V3);
  }
}
