package io.tidal.engine;

import io.tidal.Ddl;
import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Index;
import io.tidal.schema.SignalType;
import io.tidal.schema.View;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes of schema changes (the WAL's {@code SchemaChange} payload) and of the checkpointed catalog.
 * All integers big-endian; {@code str} is Java's modified UTF-8 with a u16 length
 * ({@link DataOutputStream#writeUTF}); names are at most 64 characters.
 *
 * <pre>
 * ddl (version 1-3):   u8 version | u8 kind | body
 *   kind 1 CREATE TABLE       body = table
 *   kind 2 DROP TABLE         body = str name
 *   kind 3 CREATE SIGNAL TYPE body = type          kind 4: the same, OR REPLACE
 *   kind 5 DROP SIGNAL TYPE   body = str name
 *   kind 6 CREATE VIEW        body = view           kind 7: the same, OR REPLACE   (version 2)
 *   kind 8 DROP VIEW          body = str name                                       (version 2)
 *   kind 9 CREATE INDEX       body = index          kind 10 DROP INDEX: body = str name (version 2)
 * table:               str name | u16 n | n x (str column | str ColumnType name | u8 nullable) | i16 keyIndex (-1 none)
 *                      [version 2: | facets]
 * facets (version 2):  n x column-facets | u16 m | m x (u8 k | k x u16 column index)   (multi-column UNIQUEs)
 * column-facets:       u8 flags (1 declared type, 2 default, 4 unique) | [str declared type]
 *                      | i32 length (-1 none) | i32 scale (-1 none) | [str default SQL]
 * type:                str name | str table | u8 h | h x i64 half-life ms | u8 w | w x i64 window ms
 *                      [version 2: | i64 retention ms] [version 3: | u8 rollup (0 no, 1 yes)
 *                      | if 1: str source type | str column]
 * catalog (version 1-3): u8 version | i64 nextGen | u16 t | t x (table | i64 gen) | u16 s | s x (type | i64 gen)
 *                      [version 2: | u16 v | v x view | u16 x | x x index]
 * index (version 2):   str name | str table | u8 unique | u8 k | k x str column
 * view (version 2):    str name | i32 n | n bytes UTF-8 query text
 * </pre>
 *
 * Version 2 (2026-12-07) appends the type's retention ({@code RETAIN INTERVAL ...}) to each type,
 * the column facets to each table, and the views and indexes to the catalog; version 1 payloads (WAL
 * entries and catalogs written before) still decode, their types taking the default retention
 * (longest window plus one day), which is what they kept, their columns nothing declared. Writers
 * write version 2. Version 3 (2026-12-07, issue 17) appends to each type whether it is a roll-up
 * ({@code CREATE SIGNAL TYPE ... ROLLUP OF source BY column}) and if so its source type and column;
 * version 1 and 2 types are plain types. Writers write version 3.
 *
 * A gen is the storage generation of a table or signal type: each creation gets the next one, and its
 * keyspaces are named after it, so a dropped and re-created object never sees its predecessor's data.
 * Readers accept versions {@link #MIN_VERSION} to {@link #VERSION} (version 1 has no column facets:
 * every column is its engine type with nothing declared) and reject others with
 * {@code UNSUPPORTED_FORMAT}, malformed bytes with {@code CORRUPT}. Writers write {@link #VERSION}.
 */
final class CatalogCodec {
  /**
   * Version 2 (2026-12-07): signal types' retention; declared column types, lengths, defaults and
   * UNIQUE constraints; views and indexes (two changes of the same day, released together).
   */
  static final int VERSION = 3;

  static final int MIN_VERSION = 1;

  /** The decoded catalog: objects in creation order with their gens. */
  record Catalog(
      long nextGen,
      Map<EntityTable, Long> tables,
      Map<SignalType, Long> types,
      List<View> views,
      List<Index> indexes) {
    Catalog(long nextGen, Map<EntityTable, Long> tables, Map<SignalType, Long> types) {
      this(nextGen, tables, types, List.of(), List.of());
    }
  }

  private CatalogCodec() {}

  static byte[] encodeDdl(Ddl d) {
    return write(
        out -> {
          out.writeByte(VERSION);
          if (d instanceof Ddl.CreateTable c) {
            out.writeByte(1);
            writeTable(out, c.table());
          } else if (d instanceof Ddl.DropTable t) {
            out.writeByte(2);
            out.writeUTF(t.name());
          } else if (d instanceof Ddl.CreateSignalType c) {
            out.writeByte(c.orReplace() ? 4 : 3);
            writeType(out, c.type());
          } else if (d instanceof Ddl.CreateView v) {
            out.writeByte(v.orReplace() ? 7 : 6);
            writeView(out, v.view());
          } else if (d instanceof Ddl.DropView v) {
            out.writeByte(8);
            out.writeUTF(v.name());
          } else if (d instanceof Ddl.CreateIndex i) {
            out.writeByte(9);
            writeIndex(out, i.index());
          } else if (d instanceof Ddl.DropIndex i) {
            out.writeByte(10);
            out.writeUTF(i.name());
          } else {
            out.writeByte(5);
            out.writeUTF(((Ddl.DropSignalType) d).name());
          }
        });
  }

  static Ddl decodeDdl(byte[] bytes) {
    return read(
        bytes,
        "schema change",
        in -> {
          int version = checkVersion(in.readUnsignedByte(), "schema change");
          int kind = in.readUnsignedByte();
          return switch (kind) {
            case 1 -> new Ddl.CreateTable(readTable(in, version));
            case 2 -> new Ddl.DropTable(in.readUTF());
            case 3, 4 -> new Ddl.CreateSignalType(readType(in, version), kind == 4);
            case 5 -> new Ddl.DropSignalType(in.readUTF());
            case 6, 7 -> new Ddl.CreateView(readView(in), kind == 7);
            case 8 -> new Ddl.DropView(in.readUTF());
            case 9 -> new Ddl.CreateIndex(readIndex(in));
            case 10 -> new Ddl.DropIndex(in.readUTF());
            default -> throw new IOException("unknown schema change kind " + kind);
          };
        });
  }

  static byte[] encodeCatalog(Catalog c) {
    return write(
        out -> {
          out.writeByte(VERSION);
          out.writeLong(c.nextGen());
          out.writeShort(c.tables().size());
          for (Map.Entry<EntityTable, Long> e : c.tables().entrySet()) {
            writeTable(out, e.getKey());
            out.writeLong(e.getValue());
          }
          out.writeShort(c.types().size());
          for (Map.Entry<SignalType, Long> e : c.types().entrySet()) {
            writeType(out, e.getKey());
            out.writeLong(e.getValue());
          }
          out.writeShort(c.views().size());
          for (View v : c.views()) {
            writeView(out, v);
          }
          out.writeShort(c.indexes().size());
          for (Index i : c.indexes()) {
            writeIndex(out, i);
          }
        });
  }

  static Catalog decodeCatalog(byte[] bytes) {
    return read(
        bytes,
        "catalog",
        in -> {
          int version = checkVersion(in.readUnsignedByte(), "catalog");
          long nextGen = in.readLong();
          Map<EntityTable, Long> tables = new LinkedHashMap<>();
          for (int i = in.readUnsignedShort(); i > 0; i--) {
            EntityTable t = readTable(in, version);
            tables.put(t, in.readLong());
          }
          Map<SignalType, Long> types = new LinkedHashMap<>();
          for (int i = in.readUnsignedShort(); i > 0; i--) {
            SignalType t = readType(in, version);
            types.put(t, in.readLong());
          }
          List<View> views = new ArrayList<>();
          List<Index> indexes = new ArrayList<>();
          if (version >= 2) {
            for (int i = in.readUnsignedShort(); i > 0; i--) {
              views.add(readView(in));
            }
            for (int i = in.readUnsignedShort(); i > 0; i--) {
              indexes.add(readIndex(in));
            }
          }
          return new Catalog(nextGen, tables, types, views, indexes);
        });
  }

  private static void writeTable(DataOutputStream out, EntityTable t) throws IOException {
    out.writeUTF(t.name());
    out.writeShort(t.columns().size());
    for (Column c : t.columns()) {
      out.writeUTF(c.name());
      out.writeUTF(c.type().name());
      out.writeByte(c.nullable() ? 1 : 0);
    }
    out.writeShort(t.keyIndex());
    writeTableFacets(out, t);
  }

  // ---- version 2: column facets and multi-column UNIQUE constraints (issue #16) ----

  private static void writeTableFacets(DataOutputStream out, EntityTable t) throws IOException {
    for (Column c : t.columns()) {
      Column.Facets f = c.facets();
      out.writeByte(
          (f.declaredType() != null ? 1 : 0)
              | (f.defaultSql() != null ? 2 : 0)
              | (f.unique() ? 4 : 0));
      if (f.declaredType() != null) {
        out.writeUTF(f.declaredType());
      }
      out.writeInt(f.length());
      out.writeInt(f.scale());
      if (f.defaultSql() != null) {
        out.writeUTF(f.defaultSql());
      }
    }
    out.writeShort(t.tableUniques().size());
    for (List<Integer> u : t.tableUniques()) {
      out.writeByte(u.size());
      for (int i : u) {
        out.writeShort(i);
      }
    }
  }

  /** {@code t} (as version 1 read it) with its version-2 facets read from {@code in}. */
  private static EntityTable readTableFacets(DataInputStream in, EntityTable t) throws IOException {
    List<Column> cols = new ArrayList<>();
    for (Column c : t.columns()) {
      int flags = in.readUnsignedByte();
      if ((flags & ~7) != 0) {
        throw new IOException("unknown column facet flags " + flags);
      }
      String declared = (flags & 1) != 0 ? in.readUTF() : null;
      int length = in.readInt();
      int scale = in.readInt();
      String dflt = (flags & 2) != 0 ? in.readUTF() : null;
      cols.add(
          new Column(
              c.name(),
              c.type(),
              c.nullable(),
              new Column.Facets(declared, length, scale, dflt, (flags & 4) != 0)));
    }
    List<List<Integer>> uniques = new ArrayList<>();
    for (int i = in.readUnsignedShort(); i > 0; i--) {
      List<Integer> u = new ArrayList<>();
      for (int k = in.readUnsignedByte(); k > 0; k--) {
        u.add(in.readUnsignedShort());
      }
      uniques.add(u);
    }
    return new EntityTable(t.name(), cols, t.keyIndex(), uniques);
  }

  private static void writeView(DataOutputStream out, View v) throws IOException {
    out.writeUTF(v.name());
    byte[] sql = v.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(sql.length);
    out.write(sql);
  }

  private static void writeIndex(DataOutputStream out, Index i) throws IOException {
    out.writeUTF(i.name());
    out.writeUTF(i.table());
    out.writeByte(i.unique() ? 1 : 0);
    out.writeByte(i.columns().size());
    for (String c : i.columns()) {
      out.writeUTF(c);
    }
  }

  private static Index readIndex(DataInputStream in) throws IOException {
    String name = in.readUTF();
    String table = in.readUTF();
    boolean unique = in.readUnsignedByte() == 1;
    List<String> cols = new ArrayList<>();
    for (int k = in.readUnsignedByte(); k > 0; k--) {
      cols.add(in.readUTF());
    }
    return new Index(name, table, cols, unique);
  }

  private static View readView(DataInputStream in) throws IOException {
    String name = in.readUTF();
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("bad view text length " + n);
    }
    return new View(name, new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static EntityTable readTable(DataInputStream in, int version) throws IOException {
    EntityTable t = readTable(in);
    return version >= 2 ? readTableFacets(in, t) : t;
  }

  private static EntityTable readTable(DataInputStream in) throws IOException {
    String name = in.readUTF();
    List<Column> cols = new ArrayList<>();
    for (int i = in.readUnsignedShort(); i > 0; i--) {
      String col = in.readUTF();
      ColumnType type;
      try {
        type = ColumnType.valueOf(in.readUTF());
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown column type", e);
      }
      cols.add(new Column(col, type, in.readUnsignedByte() == 1));
    }
    return new EntityTable(name, cols, in.readShort());
  }

  private static void writeType(DataOutputStream out, SignalType t) throws IOException {
    out.writeUTF(t.name());
    out.writeUTF(t.table());
    out.writeByte(t.halfLifeCount());
    for (int i = 0; i < t.halfLifeCount(); i++) {
      out.writeLong(t.halfLifeMs(i));
    }
    out.writeByte(t.windowCount());
    for (int i = 0; i < t.windowCount(); i++) {
      out.writeLong(t.windowMs(i));
    }
    out.writeLong(t.retentionMs());
    out.writeByte(t.isRollup() ? 1 : 0);
    if (t.isRollup()) {
      out.writeUTF(t.rollupOf());
      out.writeUTF(t.rollupBy());
    }
  }

  private static SignalType readType(DataInputStream in, int version) throws IOException {
    String name = in.readUTF();
    String table = in.readUTF();
    List<Duration> hl = new ArrayList<>();
    for (int i = in.readUnsignedByte(); i > 0; i--) {
      hl.add(Duration.ofMillis(in.readLong()));
    }
    List<Duration> ws = new ArrayList<>();
    for (int i = in.readUnsignedByte(); i > 0; i--) {
      ws.add(Duration.ofMillis(in.readLong()));
    }
    Duration retention = version >= 2 ? Duration.ofMillis(in.readLong()) : null; // v1: default
    int rollup = version >= 3 ? in.readUnsignedByte() : 0;
    if (rollup > 1) {
      throw new EngineException(
          ErrorCode.CORRUPT, "bad roll-up flag " + rollup + " of signal type " + name);
    }
    String source = rollup == 1 ? in.readUTF() : null;
    String column = rollup == 1 ? in.readUTF() : null;
    return new SignalType(name, table, hl, ws, retention, source, column);
  }

  private static int checkVersion(int v, String what) {
    if (v < MIN_VERSION || v > VERSION) {
      throw new EngineException(
          ErrorCode.UNSUPPORTED_FORMAT,
          what
              + " format version "
              + v
              + " is not supported [supported="
              + MIN_VERSION
              + ".."
              + VERSION
              + "]");
    }
    return v;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw TidalException.internal("encoding the catalog", e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, String what, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      T value = r.read(in);
      if (in.available() != 0) {
        throw new IOException(in.available() + " trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof TidalException t && t.code() == ErrorCode.UNSUPPORTED_FORMAT) {
        throw t;
      }
      throw new EngineException(
          ErrorCode.CORRUPT,
          "unreadable " + what + " [length=" + bytes.length + ", cause=" + e + "]",
          e);
    }
  }
}
