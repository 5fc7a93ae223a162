package io.tidal.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A secondary index: a name (its own namespace), the table and the indexed columns (canonical
 * names, in order), and whether it is UNIQUE. The engine keeps its entries in memory, maintained
 * with every row write in the write's batch and rebuilt from the rows when the database opens; the
 * catalog stores only this definition.
 */
public record Index(String name, String table, List<String> columns, boolean unique) {
  public Index {
    name = Names.canonical("index", name);
    table = Names.canonical("table", table);
    if (columns == null || columns.isEmpty() || columns.size() > 16) {
      throw SchemaException.invalidList("columns", name, columns == null ? 0 : columns.size(), 16);
    }
    List<String> cs = new ArrayList<>();
    for (String c : columns) {
      String n = Names.canonical("column", c);
      if (cs.contains(n)) {
        throw SchemaException.duplicateColumn(name, n);
      }
      cs.add(n);
    }
    columns = List.copyOf(cs);
  }
}
