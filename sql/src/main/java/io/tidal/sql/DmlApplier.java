package io.tidal.sql;

import io.tidal.RowWriter;
import io.tidal.schema.EntityTable;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies the rows a rewritten UPDATE or DELETE query returned ({@link DmlRewriter}) to the engine.
 *
 * <p>Design notes. A table with a primary key: each returned row names its key, and the row is
 * updated or deleted by key. A table without one: its rows are addressed by hidden row ids, which the
 * query cannot return; so the stored rows are scanned once with their ids
 * ({@link RowWriter#scanKeyedRows}), grouped by value, and each returned row takes one id of a stored
 * row with equal values. Equal rows are indistinguishable (a bag), so which id a returned row takes
 * does not change the result, and no id is taken twice, so the update count is exact. Values are
 * compared after normalisation: DECIMALs by numeric value (1.50 = 1.5), {@code -0.0} as {@code 0.0}.
 */
public final class DmlApplier {
  private DmlApplier() {}

  /**
   * Updates or deletes the rows {@code rows} describes (one array per query row, JDBC values in the
   * rewrite's query column order) through {@code w}.
   *
   * @return the number of rows changed
   */
  static long apply(DmlRewriter.Rewrite r, List<Object[]> rows, RowWriter w) {
    if (rows.isEmpty()) {
      return 0;
    }
    EntityTable t = r.table();
    Map<List<Object>, ArrayDeque<Object>> ids = t.hasPrimaryKey() ? null : rowIds(t, w);
    long n = 0;
    for (Object[] q : rows) {
      Object key;
      if (r.delete() && t.hasPrimaryKey()) {
        key = EngineValues.fromJdbc(t.keyType(), q[0]);
      } else {
        Object[] old = engineRow(t, q);
        key = t.hasPrimaryKey() ? old[t.keyIndex()] : take(ids, old);
      }
      if (key == null) {
        continue; // a keyless row that changed since the query (a concurrent writer)
      }
      if (r.delete()) {
        n += w.deleteRow(t.name(), key) ? 1 : 0;
        continue;
      }
      Object[] row = engineRow(t, q);
      int[] set = r.setColumns();
      for (int j = 0; j < set.length; j++) {
        row[set[j]] = EngineValues.fromJdbc(t.columns().get(set[j]), q[row.length + j]);
      }
      n += w.updateRow(t.name(), key, row) ? 1 : 0;
    }
    return n;
  }

  /** The first {@code columns().size()} values of a query row, in engine form. */
  private static Object[] engineRow(EntityTable t, Object[] q) {
    Object[] row = new Object[t.columns().size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = EngineValues.fromJdbc(t.columns().get(i), q[i]);
    }
    return row;
  }

  /** The row ids of a keyless table's rows, grouped by normalised row value. */
  private static Map<List<Object>, ArrayDeque<Object>> rowIds(EntityTable t, RowWriter w) {
    Map<List<Object>, ArrayDeque<Object>> ids = new HashMap<>();
    for (Iterator<Map.Entry<Object, Object[]>> it = w.scanKeyedRows(t.name()); it.hasNext(); ) {
      Map.Entry<Object, Object[]> e = it.next();
      ids.computeIfAbsent(normalised(e.getValue()), k -> new ArrayDeque<>()).add(e.getKey());
    }
    return ids;
  }

  private static Object take(Map<List<Object>, ArrayDeque<Object>> ids, Object[] row) {
    ArrayDeque<Object> q = ids.get(normalised(row));
    return q == null ? null : q.poll();
  }

  private static List<Object> normalised(Object[] row) {
    List<Object> out = new ArrayList<>(Arrays.asList(row));
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof BigDecimal d) {
        out.set(i, d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
      } else if (row[i] instanceof Double d && d == 0.0) {
        out.set(i, 0.0);
      }
    }
    return out;
  }
}
