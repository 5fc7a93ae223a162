package io.tidal.sql;

import io.tidal.sql.Lexer.Kind;
import io.tidal.sql.Lexer.Token;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the literals of an {@code INSERT ... VALUES} statement into {@code ?} parameters, so that a
 * plain {@code Statement} running the same shape with other values reuses one prepared plan.
 *
 * <p>Replaced: string literals, numbers (with a unary minus right after {@code (} or {@code ,}),
 * {@code TIMESTAMP '...'} and {@code DATE '...'}. Kept: NULL, TRUE/FALSE, INTERVAL literals
 * (their type matters to function resolution), TIME and binary ({@code X'0A1B'}) literals and everything outside VALUES lists. Statements with
 * {@code ?}, a SELECT, or anything the lexer cannot read are returned as null (run unchanged).
 */
public final class LiteralParameterizer {
  /** Strict: {@code 2026-02-30} is refused, never moved to the 28th (found by the SQL fuzz). */
  private static final DateTimeFormatter TS =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  /** The parameterized text and the values, in parameter order. */
  public record Shape(String sql, List<Object> values) {}

  private LiteralParameterizer() {}

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  /** The shape of an INSERT ... VALUES statement, or null. */
  public static Shape parameterize(String sql) {
    ParsedStatement p = ParsedStatement.of(sql);
    return p.lexed() ? parameterize(sql, p.tokens()) : null;
  }

  /** {@link #parameterize(String)} over the statement's tokens {@code t}. */
  static Shape parameterize(String sql, List<Token> t) {
    if (!t.get(0).is("INSERT")) {
      return null;
    }
    for (Token k : t) {
      if (k.kind() == Kind.PARAM || k.is("SELECT")) {
        return null;
      }
    }
    StringBuilder out = new StringBuilder(sql.length());
    List<Object> values = new ArrayList<>();
    int copied = 0;
    boolean inValues = false;
    for (int i = 0; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.is("VALUES")) {
        inValues = true;
        continue;
      }
      if (!inValues) {
        continue;
      }
      Object value;
      int from = k.start();
      int to = k.end();
      if (k.kind() == Kind.STRING) {
        Token prev = t.get(i - 1);
        if (prev.is("INTERVAL") || prev.is("TIME") || prev.is("X") && prev.end() == k.start()) {
          continue; // X'0A1B' is a binary literal, kept (Calcite checks its digits)
        }
        if (prev.is("TIMESTAMP") || prev.is("DATE")) {
          try {
            value =
                prev.is("DATE")
                    ? (Object) LocalDate.parse(k.text().strip(), DATE)
                    : LocalDateTime.parse(k.text().strip(), TS);
          } catch (DateTimeParseException e) {
            return null;
          }
          from = prev.start();
        } else {
          value = k.text();
        }
      } else if (k.kind() == Kind.NUMBER) {
        boolean neg =
            t.get(i - 1).isPunct("-")
                && i >= 2
                && (t.get(i - 2).isPunct("(") || t.get(i - 2).isPunct(","));
        if (neg) {
          from = t.get(i - 1).start();
        }
        value = number((neg ? "-" : "") + k.text());
        if (value == null) {
          return null;
        }
      } else {
        continue;
      }
      out.append(sql, copied, from).append('?');
      copied = to;
      values.add(value);
    }
    if (values.isEmpty()) {
      return null;
    }
    out.append(sql, copied, sql.length());
    return new Shape(out.toString(), values);
  }

  /**
   * The shape of a query for the plan cache of plain statements, or null: {@code TIMESTAMP '...'}
   * literals without fractional seconds become {@code CAST(? AS TIMESTAMP)} (a ranked query's
   * {@code at}), whole numbers right after {@code LIMIT}, {@code OFFSET}, {@code FIRST} or
   * {@code NEXT} become {@code ?}; everything else (strings, signal types, intervals) stays, so the
   * shape plans like the text. Null for anything but a SELECT, a text with {@code ?}, or nothing to
   * replace.
   */
  public static Shape parameterizeQuery(String sql) {
    ParsedStatement p = ParsedStatement.of(sql);
    return p.lexed() ? parameterizeQuery(sql, p.tokens()) : null;
  }

  /** {@link #parameterizeQuery(String)} over the statement's tokens {@code t}. */
  static Shape parameterizeQuery(String sql, List<Token> t) {
    if (!t.get(0).is("SELECT")) {
      return null;
    }
    StringBuilder out = new StringBuilder(sql.length() + 32);
    List<Object> values = new ArrayList<>();
    int copied = 0;
    for (int i = 1; i < t.size(); i++) {
      Token k = t.get(i);
      Token prev = t.get(i - 1);
      if (k.kind() == Kind.PARAM) {
        return null;
      }
      String replacement;
      Object value;
      int from = k.start();
      if (k.kind() == Kind.STRING && prev.is("TIMESTAMP") && k.text().indexOf('.') < 0) {
        value = timestamp(k.text());
        if (value == null) {
          return null;
        }
        from = prev.start();
        replacement = "CAST(? AS TIMESTAMP)";
      } else if (k.kind() == Kind.NUMBER
          && (prev.is("LIMIT") || prev.is("OFFSET") || prev.is("FIRST") || prev.is("NEXT"))
          && k.text().chars().allMatch(Character::isDigit)
          && k.text().length() < 10) {
        value = Long.parseLong(k.text());
        replacement = "?";
      } else {
        continue;
      }
      out.append(sql, copied, from).append(replacement);
      copied = k.end();
      values.add(value);
    }
    if (values.isEmpty()) {
      return null;
    }
    out.append(sql, copied, sql.length());
    return new Shape(out.toString(), values);
  }

  /** A TIMESTAMP literal's text as a LocalDateTime, or null when it is not one. */
  static LocalDateTime timestamp(String text) {
    try {
      return LocalDateTime.parse(text.strip(), TS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Object number(String s) {
    try {
      if (s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
        return Double.parseDouble(s);
      }
      BigDecimal d = new BigDecimal(s);
      if (d.scale() <= 0) {
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          return d;
        }
      }
      return d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
