package io.tidal.engine.storage;

import java.util.regex.Pattern;

/** Validation of keyspace names (shared by both backends). */
final class KeyspaceNames {
  static final int MAX_LENGTH = 128;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

  private KeyspaceNames() {}

  /** Returns {@code name} if valid, else throws {@link StorageException} INVALID_NAME naming it. */
  static String check(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > MAX_LENGTH
        || !NAME.matcher(name).matches()) {
      throw StorageException.invalidKeyspaceName(name);
    }
    return name;
  }
}
