package io.tidal.calcite;

import io.tidal.IndexRange;
import io.tidal.schema.Column;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Predicate2;

/**
 * Run time of {@link IndexJoin}: each outer row followed by each table row its key finds that
 * satisfies the join condition; for a LEFT join, an outer row with none is followed by NULLs once.
 * A NULL key finds nothing (NULL equals nothing); a key that does not convert exactly to the
 * column's type (2.5 for an INTEGER column) and an index the connection cannot read (a transaction
 * with pending writes to the table, an index dropped since the plan was made) fall back to every
 * row of the table: the join condition decides either way.
 */
public final class IndexJoinRuntime {
  private IndexJoinRuntime() {}

  public static Enumerable<Object[]> join(
      DataContext root,
      IndexJoin.Spec spec,
      Enumerable<Object[]> outer,
      Predicate2<Object[], Object[]> condition) {
    EntityTableImpl t = TidalSchema.from(root).entityTable(spec.table());
    if (t == null) {
      throw new IllegalStateException("table " + spec.table() + " was dropped");
    }
    Column column = t.definition().columns().get(spec.column());
    Object[] noRow = new Object[t.definition().columns().size()];
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        Iterator<Object[]> rows =
            new Iterator<>() {
              private final Enumerator<Object[]> it = outer.enumerator();
              private Object[] current;
              private Iterator<Object[]> matches = java.util.Collections.emptyIterator();
              private List<Object[]> all;

              @Override
              public boolean hasNext() {
                while (!matches.hasNext()) {
                  if (!it.moveNext()) {
                    it.close();
                    return false;
                  }
                  current = it.current();
                  List<Object[]> found = new ArrayList<>();
                  for (Object[] row : lookup(current[spec.outerKey()])) {
                    if (condition.apply(current, row)) {
                      found.add(row);
                    }
                  }
                  if (found.isEmpty() && spec.left()) {
                    found.add(noRow);
                  }
                  matches = found.iterator();
                }
                return true;
              }

              @Override
              public Object[] next() {
                Object[] inner = matches.next();
                Object[] out = new Object[current.length + inner.length];
                System.arraycopy(current, 0, out, 0, current.length);
                System.arraycopy(inner, 0, out, current.length, inner.length);
                return out;
              }

              private List<Object[]> lookup(Object key) {
                if (key == null) {
                  return List.of();
                }
                Object v = IndexFilters.exactValue(column, key);
                List<Object[]> found = null;
                if (v != null && spec.index() == null) {
                  found = new ArrayList<>(1);
                  SqlTypes.row(t.session().writer(), spec.table(), v).ifPresent(found::add);
                } else if (v != null) {
                  found =
                      SqlTypes.toSql(
                          t.session()
                              .writer()
                              .indexCandidates(
                                  spec.table(), spec.index(), List.of(IndexRange.point(v))));
                }
                if (found != null) {
                  return found;
                }
                if (all == null) {
                  all = new ArrayList<>();
                  t.fullScan().forEach(all::add);
                }
                return all;
              }
            };
        return Linq4j.iterableEnumerator(() -> rows);
      }
    };
  }
}
