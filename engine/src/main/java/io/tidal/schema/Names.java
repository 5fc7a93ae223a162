package io.tidal.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Identifier rules shared by tables, columns and signal types: a letter, then letters, digits or
 * underscores, at most {@value #MAX_LENGTH} characters. Names are case-insensitive; the canonical
 * form is lower case ({@link Locale#ROOT}).
 */
public final class Names {
  public static final int MAX_LENGTH = 64;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private Names() {}

  /** Validates {@code name} and returns its canonical (lower-case) form. */
  public static String canonical(String what, String name) {
    if (name == null || name.length() > MAX_LENGTH || !IDENTIFIER.matcher(name).matches()) {
      throw SchemaException.invalidName(what, name);
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /** Canonical form of a name that is only looked up (no validation beyond null). */
  public static String lookup(String name) {
    return name == null ? "" : name.toLowerCase(Locale.ROOT);
  }
}
