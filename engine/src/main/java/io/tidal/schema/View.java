package io.tidal.schema;

import java.util.Objects;

/**
 * A view: a name (canonical, in the namespace of tables) and the text of its query, kept as
 * written. The engine stores it; the SQL layer validates the query when the view is created and
 * expands it wherever the view is used.
 */
public record View(String name, String sql) {
  public View {
    name = Names.canonical("view", name);
    Objects.requireNonNull(sql, "sql");
    if (sql.isBlank()) {
      throw io.tidal.TidalException.invalidArgument(
          "the query of view " + name + " must not be empty", sql);
    }
  }
}
