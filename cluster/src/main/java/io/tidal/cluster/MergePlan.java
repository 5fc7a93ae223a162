package io.tidal.cluster;

import io.tidal.sql.SqlStates;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * How the rows of a query's per-node answers merge into the cluster's answer. Every node runs the
 * same query over its own entities; since an entity lives in one partition, the cluster's rows
 * are the union of the nodes' rows, re-sorted by the query's ORDER BY and cut at its LIMIT (each
 * node's top-k contains every row of the global top-k that it holds, so the merge is exact).
 * Shapes that do not merge by union (GROUP BY, aggregates, DISTINCT, OFFSET, anything not a
 * SELECT) are refused with SQLState 0A000 before any node is asked.
 */
final class MergePlan {
  /** One ORDER BY key: an output column (0-based, or by label) and its direction. */
  private record Key(String label, int ordinal, boolean descending, Boolean nullsFirst) {}

  /** Aggregate function names (the parser leaves most functions unresolved). */
  private static final java.util.Set<String> AGGREGATES =
      java.util.Set.of(
          "COUNT",
          "SUM",
          "MIN",
          "MAX",
          "AVG",
          "STDDEV",
          "STDDEV_POP",
          "STDDEV_SAMP",
          "VARIANCE",
          "VAR_POP",
          "VAR_SAMP",
          "ANY_VALUE",
          "LISTAGG",
          "ARRAY_AGG",
          "COLLECT",
          "BIT_AND",
          "BIT_OR",
          "BIT_XOR",
          "EVERY",
          "SOME",
          "BOOL_AND",
          "BOOL_OR",
          "STRING_AGG",
          "MODE",
          "PERCENTILE_CONT",
          "PERCENTILE_DISC",
          "SUM0",
          "$SUM0");

  private final List<Key> keys;
  private final SqlNode fetch;
  private final NodeFilter filter;

  private MergePlan(List<Key> keys, SqlNode fetch, NodeFilter filter) {
    this.keys = keys;
    this.fetch = fetch;
    this.filter = filter;
  }

  /** Where each node's query gets its partition filter, or null if it needs none. */
  NodeFilter filter() {
    return filter;
  }

  static MergePlan of(String sql) throws SQLException {
    SqlNode node;
    try {
      node =
          SqlParser.create(
                  sql,
                  SqlParser.config()
                      .withConformance(SqlConformanceEnum.LENIENT)
                      .withCaseSensitive(false))
              .parseQuery();
    } catch (SqlParseException e) {
      throw new SQLException("cannot parse the query: " + e.getMessage(), SqlStates.SYNTAX, e);
    }
    List<SqlNode> order = List.of();
    SqlNode fetch = null;
    SqlNode query = node;
    if (node instanceof SqlOrderBy ob) {
      if (ob.offset != null) {
        throw unsupported("OFFSET (use LIMIT: each node's top-k is merged)");
      }
      order = ob.orderList == null ? List.of() : ob.orderList.getList();
      fetch = ob.fetch;
      query = ob.query;
    }
    if (!(query instanceof SqlSelect select)) {
      throw unsupported(
          query.getKind() == SqlKind.INSERT
                  || query.getKind() == SqlKind.DELETE
                  || query.getKind() == SqlKind.UPDATE
              ? "writes (signals reach the cluster through its Kafka topic; entity rows are"
                  + " created by their signals)"
              : query.getKind() + " (a cluster query is one SELECT)");
    }
    if (select.getGroup() != null || select.getHaving() != null) {
      throw unsupported("GROUP BY (an aggregate over the cluster needs a second merge step)");
    }
    if (select.isDistinct()) {
      throw unsupported("SELECT DISTINCT");
    }
    if (select.getOffset() != null) {
      throw unsupported("OFFSET (use LIMIT: each node's top-k is merged)");
    }
    if (fetch == null) {
      fetch = select.getFetch();
    }
    if (select.getOrderList() != null && order.isEmpty()) {
      order = select.getOrderList().getList();
    }
    for (SqlNode item : select.getSelectList()) {
      if (hasAggregate(item)) {
        throw unsupported("aggregate functions (" + item + ")");
      }
    }
    List<Key> keys = new ArrayList<>();
    for (SqlNode o : order) {
      keys.add(key(o, select));
    }
    return new MergePlan(keys, fetch, NodeFilter.of(sql, select));
  }

  private static Key key(SqlNode o, SqlSelect select) throws SQLException {
    boolean desc = false;
    Boolean nullsFirst = null;
    SqlNode e = o;
    while (e instanceof SqlCall c
        && (e.getKind() == SqlKind.DESCENDING
            || e.getKind() == SqlKind.NULLS_FIRST
            || e.getKind() == SqlKind.NULLS_LAST)) {
      if (e.getKind() == SqlKind.DESCENDING) {
        desc = true;
      } else if (nullsFirst == null) {
        nullsFirst = e.getKind() == SqlKind.NULLS_FIRST;
      }
      e = c.operand(0);
    }
    if (e instanceof SqlNumericLiteral n) {
      return new Key(null, n.intValue(true) - 1, desc, nullsFirst);
    }
    if (e instanceof SqlIdentifier id) {
      return new Key(id.names.get(id.names.size() - 1), -1, desc, nullsFirst);
    }
    // an expression: it must be one of the selected expressions
    List<SqlNode> items = select.getSelectList().getList();
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      if (item.getKind() == SqlKind.AS) {
        item = ((SqlBasicCall) item).operand(0);
      }
      if (item.equalsDeep(e, org.apache.calcite.util.Litmus.IGNORE)) {
        return new Key(null, i, desc, nullsFirst);
      }
    }
    throw unsupported("ORDER BY " + e + " (order by a selected column or its alias)");
  }

  private static boolean hasAggregate(SqlNode n) {
    boolean[] found = {false};
    n.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getOperator().isAggregator()
                || SqlKind.AGGREGATE.contains(call.getKind())
                || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
              found[0] = true;
            }
            return super.visit(call);
          }
        });
    return found[0];
  }

  /** The LIMIT, or -1 for none; a {@code ?} limit is read from {@code params} (1-based). */
  long limit(Map<Integer, Object> params) throws SQLException {
    if (fetch == null) {
      return -1;
    }
    if (fetch instanceof SqlNumericLiteral n) {
      return n.longValue(true);
    }
    if (fetch instanceof SqlDynamicParam p && params.get(p.getIndex() + 1) instanceof Number v) {
      return v.longValue();
    }
    throw unsupported("LIMIT " + fetch + " (a number or a ? parameter)");
  }

  /** The merged rows: sorted by the ORDER BY keys (if any), cut at the limit. */
  List<Object[]> merge(List<List<Object[]>> perNode, List<String> labels, long limit) {
    List<Object[]> all = new ArrayList<>();
    perNode.forEach(all::addAll);
    if (!keys.isEmpty()) {
      Comparator<Object[]> cmp = null;
      for (Key k : keys) {
        int i = k.ordinal() >= 0 ? k.ordinal() : indexOf(labels, k.label());
        // Calcite's default: NULL sorts as the highest value (last ascending, first descending)
        boolean nullsFirst = k.nullsFirst() != null ? k.nullsFirst() : k.descending();
        Comparator<Object[]> c =
            (a, b) -> {
              Object x = a[i];
              Object y = b[i];
              if (x == null || y == null) {
                return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
              }
              int r = compare(x, y);
              return k.descending() ? -r : r;
            };
        cmp = cmp == null ? c : cmp.thenComparing(c);
      }
      all.sort(cmp);
    }
    if (limit >= 0 && all.size() > limit) {
      return new ArrayList<>(all.subList(0, (int) limit));
    }
    return all;
  }

  private static int indexOf(List<String> labels, String label) {
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).equalsIgnoreCase(label)) {
        return i;
      }
    }
    throw new IllegalStateException(
        "ORDER BY " + label + " is not an output column " + labels + "; select it");
  }

  /** Verifies the ORDER BY keys name output columns (called once the columns are known). */
  void check(List<String> labels) throws SQLException {
    for (Key k : keys) {
      if (k.ordinal() < 0 && labels.stream().noneMatch(l -> l.equalsIgnoreCase(k.label()))) {
        throw unsupported(
            "ORDER BY "
                + k.label()
                + " when it is not an output column "
                + labels
                + " (select it to merge by it)");
      }
      if (k.ordinal() >= labels.size()) {
        throw new SQLException(
            "ORDER BY " + (k.ordinal() + 1) + " is out of range", SqlStates.SYNTAX);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object x, Object y) {
    if (x instanceof Number a && y instanceof Number b) {
      if (isIntegral(a) && isIntegral(b)) {
        return Long.compare(a.longValue(), b.longValue());
      }
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    if (x instanceof Comparable<?> c && x.getClass() == y.getClass()) {
      return ((Comparable<Object>) c).compareTo(y);
    }
    return x.toString().compareTo(y.toString());
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  private static SQLException unsupported(String what) {
    return new SQLFeatureNotSupportedException(
        "not supported over jdbc:tidal:cluster: " + what, SqlStates.NOT_SUPPORTED);
  }
}
