package io.tidal;

import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
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
 * ddl (version 2):     u8 version=2 | u8 kind | body
 *   kind 1 CREATE TABLE       body = table
 *   kind 2 DROP TABLE         body = str name
 *   kind 3 CREATE SIGNAL TYPE body = type          kind 4: the same, OR REPLACE
 *   kind 5 DROP SIGNAL TYPE   body = str name
 * table:               str name | u16 n | n x (str column | str ColumnType name | u8 nullable) | i16 keyIndex (-1 none)
 * type:                str name | str table | u8 h | h x i64 half-life ms | u8 w | w x i64 window ms
 *                      | i64 retention ms                                    (version 2 only)
 * catalog (version 2): u8 version=2 | i64 nextGen | u16 t | t x (table | i64 gen) | u16 s | s x (type | i64 gen)
 * </pre>
 *
 * Version 2 (2026-12-07) appends the type's retention ({@code RETAIN INTERVAL ...}) to each type;
 * version 1 payloads (WAL entries and catalogs written before) still decode, their types taking the
 * default retention (longest window plus one day), which is what they kept. Writers write version 2.
 *
 * A gen is the storage generation of a table or signal type: each creation gets the next one, and its
 * keyspaces are named after it, so a dropped and re-created object never sees its predecessor's data.
 * Readers reject versions outside [1, 2] with {@code UNSUPPORTED_FORMAT} and malformed bytes with {@code CORRUPT}.
 */
final class CatalogCodec {
  static final int VERSION = 2;
  static final int MIN_VERSION = 1;

  /** The decoded catalog: objects in creation order with their gens. */
  record Catalog(long nextGen, Map<EntityTable, Long> tables, Map<SignalType, Long> types) {}

  private CatalogCodec() {}

  static byte[] encodeDdl(Ddl d) {
    return write(out -> {
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
      } else {
        out.writeByte(5);
        out.writeUTF(((Ddl.DropSignalType) d).name());
      }
    });
  }

  static Ddl decodeDdl(byte[] bytes) {
    return read(bytes, "schema change", in -> {
      int version = checkVersion(in.readUnsignedByte(), "schema change");
      int kind = in.readUnsignedByte();
      return switch (kind) {
        case 1 -> new Ddl.CreateTable(readTable(in));
        case 2 -> new Ddl.DropTable(in.readUTF());
        case 3, 4 -> new Ddl.CreateSignalType(readType(in, version), kind == 4);
        case 5 -> new Ddl.DropSignalType(in.readUTF());
        default -> throw new IOException("unknown schema change kind " + kind);
      };
    });
  }

  static byte[] encodeCatalog(Catalog c) {
    return write(out -> {
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
    });
  }

  static Catalog decodeCatalog(byte[] bytes) {
    return read(bytes, "catalog", in -> {
      int version = checkVersion(in.readUnsignedByte(), "catalog");
      long nextGen = in.readLong();
      Map<EntityTable, Long> tables = new LinkedHashMap<>();
      for (int i = in.readUnsignedShort(); i > 0; i--) {
        EntityTable t = readTable(in);
        tables.put(t, in.readLong());
      }
      Map<SignalType, Long> types = new LinkedHashMap<>();
      for (int i = in.readUnsignedShort(); i > 0; i--) {
        SignalType t = readType(in, version);
        types.put(t, in.readLong());
      }
      return new Catalog(nextGen, tables, types);
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
    return new SignalType(name, table, hl, ws, retention);
  }

  private static int checkVersion(int v, String what) {
    if (v < MIN_VERSION || v > VERSION) {
      throw new TidalException(ErrorCode.UNSUPPORTED_FORMAT, what + " format version " + v
          + " is not supported [supported=" + MIN_VERSION + ".." + VERSION + "]");
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
      throw new TidalException(ErrorCode.CORRUPT, "unreadable " + what + " [length=" + bytes.length
          + ", cause=" + e + "]", e);
    }
  }
}
