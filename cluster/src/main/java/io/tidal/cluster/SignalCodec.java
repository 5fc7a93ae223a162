package io.tidal.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two encodings of a {@link KafkaSignal} in a Kafka record value, version {@value #VERSION}
 * (docs/FORMATS.md, "Kafka signal records", byte by byte). A value whose first byte is
 * {@value #MAGIC_HEX} is binary; anything else is read as JSON text (a JSON text never starts with
 * that byte: it is not valid UTF-8 as a first byte).
 *
 * <pre>
 * Binary, version 1 (integers big-endian; str16 = u16 length + UTF-8 bytes)
 *   off size field
 *     0    1 magic 0xD1
 *     1    1 version 1
 *     2    1 flags: bit 0 actor present, bit 1 dedup key present, bit 2 timestamp present;
 *            other bits zero
 *     3    8 weight, IEEE 754 double bits
 *    11    8 timestamp, epoch milliseconds, i64 (bytes present but ignored when bit 2 is clear:
 *            the record's Kafka timestamp is used)
 *    19    . type str16, entity id str16, then actor str16 if bit 0, then dedup key str16 if bit 1
 *          nothing may follow
 *
 * JSON, version 1: one flat object
 *   {"v":1, "type":"view", "entity":"i1", "actor":"u7", "weight":1.0, "ts":1767225600000, "dedup":"k1"}
 *   type (string) and entity (string, or an integer for BIGINT keys) are required; v (1 if given),
 *   actor and dedup (string or null), weight (number, default 1.0), ts (integer epoch ms, default
 *   the record's Kafka timestamp). Any other field is refused (a misspelt "wieght" must not
 *   silently default).
 * </pre>
 */
public final class SignalCodec {
  /** Current version of both encodings. */
  public static final int VERSION = 1;

  static final byte MAGIC = (byte) 0xD1;
  static final String MAGIC_HEX = "0xD1";
  private static final int F_ACTOR = 1;
  private static final int F_DEDUP = 2;
  private static final int F_TS = 4;
  private static final Set<String> FIELDS =
      Set.of("v", "type", "entity", "actor", "weight", "ts", "dedup");

  private SignalCodec() {}

  /** The binary form (with its timestamp). */
  public static byte[] toBinary(KafkaSignal s) {
    byte[] type = utf8(s.type());
    byte[] entity = utf8(s.entityId());
    byte[] actor = s.actorId() == null ? null : utf8(s.actorId());
    byte[] dedup = s.dedupKey() == null ? null : utf8(s.dedupKey());
    int size =
        19
            + 2
            + type.length
            + 2
            + entity.length
            + (actor == null ? 0 : 2 + actor.length)
            + (dedup == null ? 0 : 2 + dedup.length);
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC)
        .put((byte) VERSION)
        .put((byte) (F_TS | (actor == null ? 0 : F_ACTOR) | (dedup == null ? 0 : F_DEDUP)));
    b.putDouble(s.weight()).putLong(s.timestamp());
    str16(b, type);
    str16(b, entity);
    if (actor != null) {
      str16(b, actor);
    }
    if (dedup != null) {
      str16(b, dedup);
    }
    return b.array();
  }

  /** The JSON form (with its timestamp). */
  public static byte[] toJson(KafkaSignal s) {
    StringBuilder b = new StringBuilder(96).append("{\"v\":").append(VERSION);
    b.append(",\"type\":")
        .append(quote(s.type()))
        .append(",\"entity\":")
        .append(quote(s.entityId()));
    if (s.actorId() != null) {
      b.append(",\"actor\":").append(quote(s.actorId()));
    }
    b.append(",\"weight\":").append(s.weight()).append(",\"ts\":").append(s.timestamp());
    if (s.dedupKey() != null) {
      b.append(",\"dedup\":").append(quote(s.dedupKey()));
    }
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record value.
   *
   * @param recordTimestamp the Kafka record's timestamp, used when the value carries none
   * @throws PayloadException naming what is wrong (the dead-letter reason)
   */
  static KafkaSignal decode(byte[] value, long recordTimestamp) throws PayloadException {
    if (value == null || value.length == 0) {
      throw new PayloadException(
          "empty record value (a signal is JSON or binary " + MAGIC_HEX + ")");
    }
    return value[0] == MAGIC ? binary(value, recordTimestamp) : json(value, recordTimestamp);
  }

  private static KafkaSignal binary(byte[] value, long recordTimestamp) throws PayloadException {
    ByteBuffer b = ByteBuffer.wrap(value);
    if (value.length < 19) {
      throw new PayloadException(
          "binary signal of " + value.length + " bytes is shorter than its" + " 19-byte header");
    }
    b.get();
    int version = b.get() & 0xFF;
    if (version != VERSION) {
      throw new PayloadException(
          "binary signal version "
              + version
              + " is not supported (this node"
              + " reads version "
              + VERSION
              + ")");
    }
    int flags = b.get() & 0xFF;
    if ((flags & ~(F_ACTOR | F_DEDUP | F_TS)) != 0) {
      throw new PayloadException(
          "binary signal flags 0x" + Integer.toHexString(flags) + " set unknown bits");
    }
    double weight = b.getDouble();
    long ts = b.getLong();
    String type = str16(b, "type");
    String entity = str16(b, "entity id");
    String actor = (flags & F_ACTOR) != 0 ? str16(b, "actor") : null;
    String dedup = (flags & F_DEDUP) != 0 ? str16(b, "dedup key") : null;
    if (b.hasRemaining()) {
      throw new PayloadException(
          "binary signal has " + b.remaining() + " bytes after its last field");
    }
    return new KafkaSignal(
        type, entity, actor, weight, (flags & F_TS) != 0 ? ts : recordTimestamp, dedup);
  }

  private static KafkaSignal json(byte[] value, long recordTimestamp) throws PayloadException {
    Map<String, Object> m = FlatJson.parse(text(value, "JSON text"));
    for (String k : m.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new PayloadException(
            "unknown field \""
                + k
                + "\" (fields: "
                + String.join(", ", new java.util.TreeSet<>(FIELDS))
                + ")");
      }
    }
    Object v = m.get("v");
    if (v != null && !(v instanceof FlatJson.Num n && n.text().equals("1"))) {
      throw new PayloadException(
          "\"v\" " + show(v) + " is not supported (this node reads version " + VERSION + ")");
    }
    String type = requiredString(m, "type");
    Object e = m.get("entity");
    String entity =
        e instanceof FlatJson.Num n ? integer(n, "entity") + "" : requiredString(m, "entity");
    Object w = m.get("weight");
    double weight = w == null ? 1.0 : number(w, "weight");
    Object t = m.get("ts");
    long ts = t == null ? recordTimestamp : integer(t, "ts");
    return new KafkaSignal(
        type, entity, optionalString(m, "actor"), weight, ts, optionalString(m, "dedup"));
  }

  private static String requiredString(Map<String, Object> m, String name) throws PayloadException {
    Object o = m.get(name);
    if (o == null) {
      throw new PayloadException("field \"" + name + "\" is missing or null");
    }
    if (!(o instanceof String s)) {
      throw new PayloadException("field \"" + name + "\" " + show(o) + " is not a string");
    }
    return s;
  }

  private static String optionalString(Map<String, Object> m, String name) throws PayloadException {
    return m.get(name) == null ? null : requiredString(m, name);
  }

  private static double number(Object o, String name) throws PayloadException {
    if (!(o instanceof FlatJson.Num n)) {
      throw new PayloadException("field \"" + name + "\" " + show(o) + " is not a number");
    }
    return Double.parseDouble(n.text());
  }

  private static long integer(Object o, String name) throws PayloadException {
    if (o instanceof FlatJson.Num n) {
      try {
        return Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        // falls through to the error
      }
    }
    throw new PayloadException("field \"" + name + "\" " + show(o) + " is not a 64-bit integer");
  }

  private static String show(Object o) {
    return o instanceof FlatJson.Num n
        ? n.text()
        : o instanceof String s ? quote(s) : String.valueOf(o);
  }

  private static String str16(ByteBuffer b, String what) throws PayloadException {
    if (b.remaining() < 2) {
      throw new PayloadException("binary signal ends before its " + what);
    }
    int n = b.getShort() & 0xFFFF;
    if (b.remaining() < n) {
      throw new PayloadException("binary signal's " + what + " of " + n + " bytes is truncated");
    }
    byte[] bytes = new byte[n];
    b.get(bytes);
    return text(bytes, what);
  }

  private static String text(byte[] bytes, String what) throws PayloadException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PayloadException(what + " is not valid UTF-8");
    }
  }

  private static void str16(ByteBuffer b, byte[] s) {
    b.putShort((short) s.length).put(s);
  }

  private static byte[] utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "a signal field is at most 65,535 UTF-8 bytes, got " + b.length);
    }
    return b;
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
