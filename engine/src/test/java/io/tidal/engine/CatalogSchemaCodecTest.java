package io.tidal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.Ddl;
import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogSchemaCodecTest {

  /** A version-1 catalog as the previous release wrote it, byte by byte (docs/FORMATS.md). */
  private static byte[] version1Catalog() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(1);
    out.writeLong(7);
    out.writeShort(1);
    out.writeUTF("items");
    out.writeShort(2);
    out.writeUTF("id");
    out.writeUTF("VARCHAR");
    out.writeByte(0);
    out.writeUTF("n");
    out.writeUTF("DECIMAL");
    out.writeByte(1);
    out.writeShort(0);
    out.writeLong(3);
    out.writeShort(1);
    out.writeUTF("view");
    out.writeUTF("items");
    out.writeByte(1);
    out.writeLong(3_600_000);
    out.writeByte(1);
    out.writeLong(86_400_000);
    out.writeLong(4);
    return b.toByteArray();
  }

  @Test
  void decodeCatalog_version1_opensWithPlainColumns() throws Exception {
    CatalogCodec.Catalog c = CatalogCodec.decodeCatalog(version1Catalog());
    assertThat(c.nextGen()).isEqualTo(7);
    EntityTable t = c.tables().keySet().iterator().next();
    assertThat(t)
        .isEqualTo(
            new EntityTable(
                "items",
                List.of(
                    new Column("id", ColumnType.VARCHAR, false),
                    new Column("n", ColumnType.DECIMAL, true)),
                0));
    assertThat(t.columns().get(1).declaredType()).isEqualTo("DECIMAL");
    assertThat(t.columns().get(1).length()).isEqualTo(-1);
    assertThat(c.tables().values()).containsExactly(3L);
    assertThat(c.types().keySet().iterator().next().name()).isEqualTo("view");
  }

  @Test
  void encodeCatalog_version2_roundTripsFacetsAndUniques() {
    EntityTable t =
        new EntityTable(
            "t",
            List.of(
                new Column("id", ColumnType.BIGINT, false),
                new Column(
                    "name",
                    ColumnType.VARCHAR,
                    true,
                    new Column.Facets("TEXT", -1, -1, "'anon'", false)),
                new Column(
                    "code",
                    ColumnType.VARCHAR,
                    false,
                    new Column.Facets("CHAR", 3, -1, null, true)),
                new Column(
                    "amount",
                    ColumnType.DECIMAL,
                    true,
                    new Column.Facets("NUMERIC", 10, 2, "0", false)),
                new Column("a", ColumnType.INTEGER, true),
                new Column("b", ColumnType.INTEGER, true)),
            0,
            List.of(List.of(4, 5)));
    Map<EntityTable, Long> tables = new LinkedHashMap<>();
    tables.put(t, 2L);
    Map<SignalType, Long> types = new LinkedHashMap<>();
    types.put(
        new SignalType("like", "t", List.of(Duration.ofHours(1)), List.of(Duration.ofDays(1))), 3L);
    List<io.tidal.schema.View> views =
        List.of(new io.tidal.schema.View("hot", "SELECT id FROM t WHERE name = 'é' ORDER BY id"));
    List<io.tidal.schema.Index> indexes =
        List.of(
            new io.tidal.schema.Index("t_ab", "t", List.of("a", "b"), false),
            new io.tidal.schema.Index("t_code", "t", List.of("code"), true));
    byte[] bytes =
        CatalogCodec.encodeCatalog(new CatalogCodec.Catalog(5, tables, types, views, indexes));
    assertThat(bytes[0]).isEqualTo((byte) CatalogCodec.VERSION);
    CatalogCodec.Catalog back = CatalogCodec.decodeCatalog(bytes);
    EntityTable u = back.tables().keySet().iterator().next();
    assertThat(u).isEqualTo(t);
    assertThat(u.uniqueKeys()).containsExactly(List.of(2), List.of(4, 5));
    assertThat(u.columns().get(3).defaultSql()).isEqualTo("0");
    assertThat(back.views()).isEqualTo(views);
    assertThat(back.indexes()).isEqualTo(indexes);
    assertThat(CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.CreateIndex(indexes.get(1)))))
        .isEqualTo(new Ddl.CreateIndex(indexes.get(1)));
    assertThat(CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.DropIndex("t_ab"))))
        .isEqualTo(new Ddl.DropIndex("t_ab"));
    assertThat(
            CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.CreateView(views.get(0), true))))
        .isEqualTo(new Ddl.CreateView(views.get(0), true));
    assertThat(CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.DropView("hot"))))
        .isEqualTo(new Ddl.DropView("hot"));
    Ddl d = CatalogCodec.decodeDdl(CatalogCodec.encodeDdl(new Ddl.CreateTable(t)));
    assertThat(((Ddl.CreateTable) d).table()).isEqualTo(t);
  }

  @Test
  void decodeCatalog_futureVersion_isUnsupportedFormat() throws Exception {
    byte[] b = version1Catalog();
    b[0] = (byte) (CatalogCodec.VERSION + 1);
    assertThatThrownBy(() -> CatalogCodec.decodeCatalog(b))
        .isInstanceOf(TidalException.class)
        .satisfies(
            e -> assertThat(((TidalException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT));
  }
}
