package io.tidal.calcite;

import io.tidal.schema.ColumnType;
import io.tidal.schema.EntityTable;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.FilterableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * An entity table seen by Calcite.
 *
 * <p>Design notes. Reads go through the session's writer, so a connection with an open transaction
 * sees its own rows. As a {@link FilterableTable}, {@code key = literal} and {@code key = ?} become
 * a point lookup ({@link io.tidal.RowWriter#row}); only that one filter is removed from the list,
 * every other filter stays with Calcite, so pushdown never changes a result. INSERT arrives through
 * {@link #getModifiableCollection()}: a collection whose {@code add} writes one row and whose
 * {@code size} counts rows added (Calcite's update count is the difference of two sizes). UPDATE and
 * DELETE are not Calcite's: the SQL layer rewrites them into a query plus {@code updateRow} /
 * {@code deleteRow} calls.
 */
final class EntityTableImpl extends WritableTable {
  private final TidalSession session;
  private final EntityTable table;

  /** Whether a column is VARBINARY (its rows are converted for Calcite on every read). */
  private final boolean hasBinary;

  EntityTableImpl(TidalSession session, EntityTable table) {
    this.session = session;
    this.table = table;
    this.hasBinary = table.columns().stream().anyMatch(c -> c.type() == ColumnType.VARBINARY);
  }

  TidalSession session() {
    return session;
  }

  EntityTable definition() {
    return table;
  }

  /** Column defaults for Calcite's INSERT ({@link ColumnDefaults}). */
  @Override
  public <C> C unwrap(Class<C> aClass) {
    if (aClass == org.apache.calcite.sql2rel.InitializerExpressionFactory.class) {
      return aClass.cast(new ColumnDefaults(table));
    }
    return super.unwrap(aClass);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.rowType(typeFactory, table.columns());
  }

  @Override
  public Statistic getStatistic() {
    // the live row count (issue 16: it chooses index nested-loop joins); 1000 when unknown
    long rows = session.db().rowCount(table.name());
    double count = rows < 0 ? 1000d : Math.max(1, rows);
    return table.hasPrimaryKey()
        ? Statistics.of(count, List.of(ImmutableBitSet.of(table.keyIndex())))
        : Statistics.of(count, List.of());
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters) {
    if (table.hasPrimaryKey()) {
      for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
        Object[] key = keyOf(it.next(), root);
        if (key != null) {
          it.remove();
          return lookup(key[0]);
        }
      }
    }
    Enumerable<Object[]> viaIndex = indexScan(root, filters);
    return viaIndex != null ? viaIndex : fullScan();
  }

  /**
   * The rows a secondary index gives for the first filter it can serve ({@link IndexFilters}), or
   * null (no index on a filtered column, or the session cannot read the index). The filters stay
   * in the list: Calcite applies them to these rows, so the index only narrows what is read.
   */
  private Enumerable<Object[]> indexScan(DataContext root, List<RexNode> filters) {
    List<io.tidal.schema.Index> indexes = session.db().schema().indexesOf(table.name());
    if (indexes.isEmpty()) {
      return null;
    }
    for (RexNode f : filters) {
      IndexFilters.Ranges r = IndexFilters.of(f, table, root);
      if (r == null) {
        continue;
      }
      String col = table.columns().get(r.column()).name();
      for (io.tidal.schema.Index i : indexes) {
        if (i.columns().get(0).equals(col)) {
          List<Object[]> rows =
              SqlTypes.toSql(session.writer().indexCandidates(table.name(), i.name(), r.ranges()));
          if (rows != null) {
            return Linq4j.asEnumerable(rows);
          }
        }
      }
    }
    return null;
  }

  /** All rows, lazily, in key order. */
  Enumerable<Object[]> fullScan() {
    return new AbstractEnumerable<Object[]>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        Enumerator<Object[]> rows =
            Linq4j.iterableEnumerator(() -> session.writer().scanRows(table.name()));
        return hasBinary ? Linq4j.transform(rows, SqlTypes::toSql) : rows;
      }
    };
  }

  /** The row with this key, if any (no scan). */
  Enumerable<Object[]> lookup(Object key) {
    if (key == null) {
      return Linq4j.emptyEnumerable();
    }
    Optional<Object[]> row = SqlTypes.row(session.writer(), table.name(), key);
    return row.isPresent() ? Linq4j.singletonEnumerable(row.get()) : Linq4j.emptyEnumerable();
  }

  /**
   * If {@code filter} is {@code $key = literal} or {@code $key = ?n}, a one-element array holding
   * the key in engine form (null element: the comparison can match nothing); else null.
   */
  private Object[] keyOf(RexNode filter, DataContext root) {
    if (filter.getKind() != SqlKind.EQUALS) {
      return null;
    }
    List<RexNode> ops = ((RexCall) filter).getOperands();
    RexNode a = ops.get(0);
    RexNode b = ops.get(1);
    if (!(a instanceof RexInputRef)) {
      RexNode t = a;
      a = b;
      b = t;
    }
    if (!(a instanceof RexInputRef ref) || ref.getIndex() != table.keyIndex()) {
      return null;
    }
    Object v;
    if (b instanceof RexLiteral lit) {
      v = lit.getValue2();
    } else if (b instanceof RexDynamicParam p) {
      v = root.get("?" + p.getIndex());
    } else {
      return null;
    }
    return new Object[] {engineKey(table.keyType(), v)};
  }

  private static Object engineKey(ColumnType type, Object v) {
    if (v == null) {
      return null;
    }
    if (type == ColumnType.BIGINT) {
      if (v instanceof Number n) {
        return n.longValue();
      }
      try {
        return Long.parseLong(v.toString().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return v.toString();
  }

  // ---- ModifiableTable (INSERT) ----

  @Override
  void insert(Object o) {
    Object[] in = o instanceof Object[] a ? a : new Object[] {o};
    Object[] row = new Object[in.length];
    for (int i = 0; i < in.length; i++) {
      row[i] = SqlTypes.toEngine(table.columns().get(i), in[i]);
    }
    session.writer().insertRow(table.name(), row);
  }

  @Override
  Enumerable<Object[]> allRows() {
    return fullScan();
  }
}
