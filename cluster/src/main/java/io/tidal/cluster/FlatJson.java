package io.tidal.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of one flat JSON object (RFC 8259) whose values are strings, numbers, booleans or
 * null: what a JSON signal record is. Nested objects and arrays are refused, as is a repeated
 * name. Numbers are returned as their literal text so the caller decides long or double.
 */
final class FlatJson {
  /** A number's literal text, kept apart from a string value. */
  record Num(String text) {}

  private final String s;
  private int i;

  private FlatJson(String s) {
    this.s = s;
  }

  /** The object's members in order; values are String, Num, Boolean or null. */
  static Map<String, Object> parse(String text) throws PayloadException {
    FlatJson p = new FlatJson(text);
    Map<String, Object> out = p.object();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("text after the object");
    }
    return out;
  }

  private Map<String, Object> object() throws PayloadException {
    ws();
    expect('{');
    Map<String, Object> out = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      i++;
      return out;
    }
    while (true) {
      ws();
      String name = string();
      ws();
      expect(':');
      ws();
      Object value = value(name);
      if (out.containsKey(name)) {
        throw new PayloadException("field \"" + name + "\" appears twice");
      }
      out.put(name, value);
      ws();
      char c = next();
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        i--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private Object value(String name) throws PayloadException {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    if (s.startsWith("true", i)) {
      i += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", i)) {
      i += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("null", i)) {
      i += 4;
      return null;
    }
    if (c == '{' || c == '[') {
      throw new PayloadException(
          "field \"" + name + "\" holds an object or array; values are flat");
    }
    throw error("expected a value");
  }

  private Num number() throws PayloadException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    digits();
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      digits();
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      digits();
    }
    return new Num(s.substring(start, i));
  }

  private void digits() throws PayloadException {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == start) {
      throw error("expected a digit");
    }
  }

  private String string() throws PayloadException {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        i--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> b.append(hex4());
        default -> {
          i--;
          throw error("bad escape \\" + e);
        }
      }
    }
  }

  private char hex4() throws PayloadException {
    if (i + 4 > s.length()) {
      throw error("truncated \\u escape");
    }
    try {
      char c = (char) Integer.parseInt(s.substring(i, i + 4), 16);
      i += 4;
      return c;
    } catch (NumberFormatException e) {
      throw error("bad \\u escape");
    }
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private char peek() throws PayloadException {
    if (i >= s.length()) {
      throw error("unexpected end of text");
    }
    return s.charAt(i);
  }

  private char next() throws PayloadException {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) throws PayloadException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private PayloadException error(String what) {
    return new PayloadException("not JSON: " + what + " at character " + i);
  }
}
