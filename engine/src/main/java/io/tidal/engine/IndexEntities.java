package io.tidal.engine;

import io.tidal.EntitySet;
import io.tidal.IndexRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link EntitySet} of {@link io.tidal.TidalDB#indexEntitySet}: the entities whose row's first
 * indexed column lies in some ranges. Its ids are read only when a plan needs them ({@link #ids}):
 * a follow feed on a column with grouped rank indexes ({@link FeedGroups}) walks the followed
 * values' groups and needs neither the ids nor their count.
 */
final class IndexEntities extends EntitySet {
  final TableData table;
  private final SecondaryIndex index;
  private final List<IndexRange> ranges;
  private volatile IdSet ids;

  IndexEntities(TableData table, SecondaryIndex index, List<IndexRange> ranges) {
    super(table.name(), 0);
    this.table = table;
    this.index = index;
    this.ranges = List.copyOf(ranges);
  }

  /** The set's ids, read from the index at the first call. */
  IdSet ids() {
    IdSet s = ids;
    if (s == null) {
      s = index.entitySet(table.name(), table.dictionary, ranges);
      ids = s;
    }
    return s;
  }

  @Override
  public int size() {
    return ids().size();
  }

  /** The indexed column when the index has one column, else -1. */
  int column() {
    return index.columns.size() == 1 ? index.columns.get(0) : -1;
  }

  /** The distinct values when every range is one value, else null. */
  List<Object> points() {
    java.util.Set<Object> out = new java.util.LinkedHashSet<>();
    for (IndexRange r : ranges) {
      if (!SecondaryIndex.isPoint(r)) {
        return null;
      }
      out.add(r.lo());
    }
    return new ArrayList<>(out);
  }
}
