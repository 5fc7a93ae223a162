package io.tidal.engine;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import io.tidal.schema.Binary;
import io.tidal.schema.Column;
import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Validates rows and keys against their table, orders keys, and encodes both to bytes.
 *
 * <p>Design notes. Values are normalised to the class {@link ColumnType#javaClass()} names; smaller
 * integral boxes widen (Integer to BIGINT, Float to DOUBLE), a Long narrows to INTEGER/DATE only when
 * it fits, an integral number becomes a DECIMAL. Anything else is {@code INVALID_VALUE} naming the
 * column and value. Key order ({@link #KEY_ORDER}): BIGINT numerically, VARCHAR by Unicode code point
 * (= UTF-8 byte order, so it matches the byte order of {@link #encodeKey}).
 *
 * <p>Key encoding (version 1): {@code [tag u8][payload]}; tag 0x01 BIGINT, payload 8 bytes big-endian
 * with the sign bit flipped (so unsigned byte order = signed numeric order); tag 0x02 VARCHAR,
 * payload the UTF-8 bytes (no terminator: a key is always a whole storage key or the last field).
 *
 * <p>Row encoding (version 1), values in column order:
 * <pre>
 * offset size  field
 * 0      1     format version = 1
 * 1      2     column count n (u16 big-endian)
 * 3      ...   n values: [tag u8][payload]
 *   tag 0 NULL (no payload) | 1 VARCHAR [len u32][utf8] | 2 BIGINT [i64] | 3 INTEGER [i32]
 *   4 DOUBLE [i64 raw bits] | 5 DECIMAL [scale i32][len u32][unscaled two's complement]
 *   6 BOOLEAN false | 7 BOOLEAN true | 8 TIMESTAMP [i64 epoch ms] | 9 DATE [i32 epoch day]
 *   10 VARBINARY [len u32][bytes]
 * </pre>
 * Tag 10 (2026-12-07, issue 16) was added without a new version: it only appears in tables whose
 * catalog has a VARBINARY column, and a reader older than that refuses the catalog (unknown column
 * type VARBINARY) before it reads a row; every row written before decodes unchanged. A TIME value is
 * written with tag 3 like an INTEGER.
 * All integers big-endian. Readers reject other versions with {@code UNSUPPORTED_FORMAT}.
 */
final class RowCodec {
  static final int VERSION = 1;
  static final byte KEY_BIGINT = 0x01;
  static final byte KEY_VARCHAR = 0x02;

  /** BIGINT keys numerically, VARCHAR keys by code point. */
  static final Comparator<Object> KEY_ORDER = RowCodec::compareKeys;

  private RowCodec() {}

  /** A validated, normalised copy of {@code row}. */
  static Object[] checkRow(EntityTable t, Object[] row) {
    int n = t.columns().size();
    if (row == null || row.length != n) {
      throw Errors.wrongArity(t.name(), n, row);
    }
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      Column c = t.columns().get(i);
      Object v = row[i];
      if (v == null) {
        if (!c.nullable()) {
          throw Errors.notNull(t.name(), c.name());
        }
        continue;
      }
      out[i] = declared(t.name(), c, normalize(t.name(), c.name(), c.type(), v));
    }
    return out;
  }

  /**
   * Applies what the column declared to a normalised value: CHAR(n)/VARCHAR(n) refuse a longer
   * string (trailing spaces beyond n are cut, as SQL allows), NUMERIC(p, s) rounds half up to s
   * digits and refuses more than p - s integer digits, SMALLINT and TINYINT refuse values outside
   * their range.
   */
  static Object declared(String table, Column c, Object v) {
    if (c.facets().equals(Column.Facets.NONE)) {
      return v;
    }
    int len = c.length();
    switch (c.type()) {
      case VARCHAR -> {
        String s = (String) v;
        if (len >= 0 && s.length() > len && s.codePointCount(0, s.length()) > len) {
          int cut = s.offsetByCodePoints(0, len);
          if (!s.substring(cut).chars().allMatch(ch -> ch == ' ')) {
            throw Errors.tooLong(table, c.name(), c.declaredType(), len, s);
          }
          return s.substring(0, cut);
        }
        return s;
      }
      case VARBINARY -> {
        Binary b = (Binary) v;
        if (len >= 0 && b.length() > len) {
          throw Errors.tooLong(table, c.name(), c.declaredType(), len, b);
        }
        return b;
      }
      case DECIMAL -> {
        if (len < 0) {
          return v;
        }
        int scale = Math.max(c.scale(), 0);
        BigDecimal r = ((BigDecimal) v).setScale(scale, java.math.RoundingMode.HALF_UP);
        if (r.unscaledValue().abs().compareTo(BigInteger.TEN.pow(len)) >= 0) {
          throw Errors.outOfRange(
              table,
              c.name(),
              c.declaredType() + "(" + len + ", " + scale + ")",
              ((BigDecimal) v).toPlainString());
        }
        return r;
      }
      case INTEGER -> {
        int x = (Integer) v;
        String d = c.declaredType();
        if (d.equals("SMALLINT") && (x < Short.MIN_VALUE || x > Short.MAX_VALUE)
            || d.equals("TINYINT") && (x < Byte.MIN_VALUE || x > Byte.MAX_VALUE)) {
          throw Errors.outOfRange(table, c.name(), d, x);
        }
        return v;
      }
      default -> {
        return v;
      }
    }
  }

  /** Normalises a lookup key: the primary-key type, or a Long row id for a keyless table. */
  static Object checkKey(EntityTable t, Object key) {
    if (key == null) {
      throw Errors.invalidValue(
          "key of table " + TidalException.quote(t.name()) + " must not be NULL", null);
    }
    if (!t.hasPrimaryKey()) {
      return normalize(t.name(), "(row id)", ColumnType.BIGINT, key);
    }
    return normalize(t.name(), t.columns().get(t.keyIndex()).name(), t.keyType(), key);
  }

  /** The entity key of a signal for a table whose key has type {@code keyType}, or null if it does not fit. */
  static Object entityKeyOrNull(ColumnType keyType, Object key) {
    if (keyType == ColumnType.VARCHAR) {
      return key instanceof String ? key : null;
    }
    if (key instanceof Long
        || key instanceof Integer
        || key instanceof Short
        || key instanceof Byte) {
      return ((Number) key).longValue();
    }
    return null;
  }

  static Object normalize(String table, String column, ColumnType type, Object v) {
    switch (type) {
      case VARCHAR:
        if (v instanceof String) {
          return v;
        }
        break;
      case BIGINT:
      case TIMESTAMP:
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).longValue();
        }
        break;
      case TIME:
        if (v instanceof Integer || v instanceof Long) {
          long ms = ((Number) v).longValue();
          if (ms >= 0 && ms < 86_400_000L) {
            return (int) ms;
          }
        }
        break;
      case INTEGER:
      case DATE:
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).intValue();
        }
        if (v instanceof Long l && l == l.intValue()) {
          return l.intValue();
        }
        break;
      case DOUBLE:
        if (v instanceof Double || v instanceof Float) {
          return ((Number) v).doubleValue();
        }
        break;
      case DECIMAL:
        if (v instanceof BigDecimal) {
          return v;
        }
        if (v instanceof Long || v instanceof Integer) {
          return BigDecimal.valueOf(((Number) v).longValue());
        }
        break;
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        break;
      case VARBINARY:
        if (v instanceof Binary) {
          return v;
        }
        if (v instanceof byte[] b) {
          return Binary.of(b);
        }
        break;
      default:
        break;
    }
    throw Errors.wrongType(table, column, type.name(), v);
  }

  static int compareKeys(Object a, Object b) {
    if (a instanceof Long x) {
      return Long.compare(x, (Long) b);
    }
    return compareCodePoints((String) a, (String) b);
  }

  /** Compares by Unicode code point (UTF-16 compareTo differs only around surrogates). */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  // ---- bytes ----

  /** A VARCHAR key's encoding in one allocation when it is ASCII (its UTF-8 bytes are its chars), else null. */
  private static byte[] asciiKey(String k) {
    byte[] out = new byte[k.length() + 1];
    out[0] = KEY_VARCHAR;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      out[i + 1] = (byte) c;
    }
    return out;
  }

  static byte[] encodeKey(Object key) {
    if (key instanceof Long l) {
      ByteBuffer b = ByteBuffer.allocate(9);
      b.put(KEY_BIGINT).putLong(l ^ Long.MIN_VALUE);
      return b.array();
    }
    String k = (String) key;
    byte[] ascii = asciiKey(k);
    if (ascii != null) {
      return ascii;
    }
    byte[] s = k.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[s.length + 1];
    out[0] = KEY_VARCHAR;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  static Object decodeKey(byte[] b) {
    if (b.length == 9 && b[0] == KEY_BIGINT) {
      return ByteBuffer.wrap(b, 1, 8).getLong() ^ Long.MIN_VALUE;
    }
    if (b.length >= 1 && b[0] == KEY_VARCHAR) {
      return new String(b, 1, b.length - 1, StandardCharsets.UTF_8);
    }
    throw new EngineException(
        ErrorCode.CORRUPT, "bad entity key encoding [length=" + b.length + "]");
  }

  static byte[] encodeRow(Object[] row) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + row.length * 9);
    ByteBuffer b = ByteBuffer.allocate(16);
    out.write(VERSION);
    out.write(row.length >>> 8);
    out.write(row.length);
    for (Object v : row) {
      b.clear();
      if (v == null) {
        out.write(0);
      } else if (v instanceof String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        out.write(1);
        out.write(b.putInt(u.length).array(), 0, 4);
        out.write(u, 0, u.length);
      } else if (v instanceof Long l) {
        out.write(2);
        out.write(b.putLong(l).array(), 0, 8);
      } else if (v instanceof Integer i) {
        out.write(3);
        out.write(b.putInt(i).array(), 0, 4);
      } else if (v instanceof Double d) {
        out.write(4);
        out.write(b.putLong(Double.doubleToRawLongBits(d)).array(), 0, 8);
      } else if (v instanceof BigDecimal d) {
        byte[] u = d.unscaledValue().toByteArray();
        out.write(5);
        out.write(b.putInt(d.scale()).putInt(u.length).array(), 0, 8);
        out.write(u, 0, u.length);
      } else if (v instanceof Boolean z) {
        out.write(z ? 7 : 6);
      } else if (v instanceof Binary x) {
        out.write(10);
        out.write(b.putInt(x.length()).array(), 0, 4);
        out.write(x.toByteArray(), 0, x.length());
      } else {
        throw TidalException.internal("unencodable value " + v.getClass(), null);
      }
    }
    return out.toByteArray();
  }

  /** Decodes a row; TIMESTAMP/DATE columns come back as Long/Integer like BIGINT/INTEGER. */
  static Object[] decodeRow(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int version = b.get() & 0xFF;
    if (version != VERSION) {
      throw new EngineException(
          ErrorCode.UNSUPPORTED_FORMAT,
          "row format version " + version + " is not supported [supported=" + VERSION + "]");
    }
    int n = b.getShort() & 0xFFFF;
    Object[] row = new Object[n];
    for (int i = 0; i < n; i++) {
      int tag = b.get();
      switch (tag) {
        case 0 -> row[i] = null;
        case 1 -> {
          byte[] u = new byte[b.getInt()];
          b.get(u);
          row[i] = new String(u, StandardCharsets.UTF_8);
        }
        case 2, 8 -> row[i] = b.getLong();
        case 3, 9 -> row[i] = b.getInt();
        case 4 -> row[i] = Double.longBitsToDouble(b.getLong());
        case 5 -> {
          int scale = b.getInt();
          byte[] u = new byte[b.getInt()];
          b.get(u);
          row[i] = new BigDecimal(new BigInteger(u), scale);
        }
        case 6 -> row[i] = Boolean.FALSE;
        case 7 -> row[i] = Boolean.TRUE;
        case 10 -> {
          byte[] x = new byte[b.getInt()];
          b.get(x);
          row[i] = Binary.wrap(x);
        }
        default ->
            throw new EngineException(ErrorCode.CORRUPT, "bad row value tag [tag=" + tag + "]");
      }
    }
    return row;
  }
}
