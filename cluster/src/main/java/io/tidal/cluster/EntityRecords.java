package io.tidal.cluster;

import io.tidal.schema.Column;
import io.tidal.schema.EntityTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The records of the compacted {@code <topic>.entities} topic that replicates entity rows (items,
 * creators) to every cluster node (docs/SCALE.md, "Entity rows"): key {@code <table>/<key>}
 * (UTF-8, the table name in lower case), value the whole row as one flat JSON object (column name
 * to value: string, number, boolean or null; TIMESTAMP as epoch milliseconds or {@code yyyy-MM-dd
 * HH:mm:ss[.fff]} in UTC, DATE as {@code yyyy-MM-dd}, TIME as {@code HH:mm:ss}; a column left out
 * is null), or no value (a tombstone) for a deleted row. Compaction keeps the latest image of each
 * row, so a node that consumes the topic from its beginning gets every table.
 */
public final class EntityRecords {
  private EntityRecords() {}

  /** The entities topic of signals topic {@code topic}. */
  public static String topic(String topic) {
    return topic + ".entities";
  }

  /** The record key of row {@code key} of {@code table}. */
  public static byte[] key(String table, Object key) {
    return (table.toLowerCase(Locale.ROOT) + "/" + key).getBytes(StandardCharsets.UTF_8);
  }

  /** The record value of a row: its columns by name (values: String, Number, Boolean or null). */
  public static byte[] value(Map<String, ?> row) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, ?> e : row.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(SignalCodec.quote(e.getKey())).append(':');
      Object v = e.getValue();
      if (v == null || v instanceof Boolean) {
        b.append(v);
      } else if (v instanceof Double d) {
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException("column " + e.getKey() + ": " + d + " is not JSON");
        }
        b.append(BigDecimal.valueOf(d).toPlainString());
      } else if (v instanceof Number n) {
        b.append(n);
      } else {
        b.append(SignalCodec.quote(v.toString()));
      }
    }
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The table named by a record key (before the first '/'). */
  static String table(byte[] key) throws PayloadException {
    String k = key == null ? "" : new String(key, StandardCharsets.UTF_8);
    int slash = k.indexOf('/');
    if (slash <= 0 || slash == k.length() - 1) {
      throw new PayloadException("entity record key '" + k + "' is not <table>/<key>");
    }
    return k.substring(0, slash);
  }

  /** The key value named by a record key, as {@code table}'s key type. */
  static Object keyOf(byte[] key, EntityTable table) throws PayloadException {
    String k = new String(key, StandardCharsets.UTF_8);
    Column c = table.columns().get(table.keyIndex());
    return convert(c, k.substring(k.indexOf('/') + 1), true);
  }

  /** The row a record value carries, in the engine's representation of {@code table}'s columns. */
  static Object[] row(byte[] value, EntityTable table) throws PayloadException {
    Map<String, Object> json = FlatJson.parse(new String(value, StandardCharsets.UTF_8));
    Map<String, Object> byName = new HashMap<>();
    json.forEach((n, v) -> byName.put(n.toLowerCase(Locale.ROOT), v));
    Object[] row = new Object[table.columns().size()];
    for (int i = 0; i < row.length; i++) {
      Column c = table.columns().get(i);
      Object v = byName.remove(c.name().toLowerCase(Locale.ROOT));
      row[i] = v == null ? null : convert(c, v, false);
    }
    if (!byName.isEmpty()) {
      throw new PayloadException(
          "table " + table.name() + " has no column " + byName.keySet().iterator().next());
    }
    return row;
  }

  private static Object convert(Column c, Object v, boolean fromKey) throws PayloadException {
    String text = v instanceof FlatJson.Num n ? n.text() : v.toString();
    boolean number = v instanceof FlatJson.Num || fromKey;
    try {
      switch (c.type()) {
        case VARCHAR:
          if (v instanceof String || fromKey) {
            return text;
          }
          break;
        case BIGINT:
          if (number) {
            return Long.parseLong(text);
          }
          break;
        case INTEGER:
          if (number) {
            return Integer.parseInt(text);
          }
          break;
        case DOUBLE:
          if (number) {
            return Double.parseDouble(text);
          }
          break;
        case DECIMAL:
          if (number) {
            return new BigDecimal(text);
          }
          break;
        case BOOLEAN:
          if (v instanceof Boolean b) {
            return b;
          }
          break;
        case TIMESTAMP:
          return v instanceof FlatJson.Num
              ? Long.parseLong(text)
              : LocalDateTime.parse(text.replace(' ', 'T'))
                  .toInstant(ZoneOffset.UTC)
                  .toEpochMilli();
        case DATE:
          return (int) LocalDate.parse(text).toEpochDay();
        case TIME:
          return (int) (LocalTime.parse(text).toNanoOfDay() / 1_000_000);
        default:
          break;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new PayloadException(
          "column " + c.name() + " (" + c.type() + "): '" + text + "' does not convert");
    }
    throw new PayloadException(
        "column "
            + c.name()
            + " ("
            + c.type()
            + ") cannot take "
            + (v instanceof String s ? SignalCodec.quote(s) : text));
  }
}
