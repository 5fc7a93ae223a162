package io.tidal.calcite;

import java.lang.reflect.Type;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.FilterableTable;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.AbstractTableQueryable;

/**
 * What Calcite needs of a table that an {@code INSERT} writes to ({@link ModifiableTable}: the
 * collection Calcite adds the new rows to, the modify node, and the queryable whose enumerator
 * reads every row), shared by the entity tables ({@link EntityTableImpl}) and {@code signals}
 * ({@link SignalsTable}), which differ only in what a row means.
 */
abstract class WritableTable extends AbstractTable implements FilterableTable, ModifiableTable {

  private final InsertSink sink = new InsertSink();

  /** Writes one row Calcite inserts (an {@code Object[]}, or the value of a one-column row). */
  abstract void insert(Object row);

  /** Every row of the table, unfiltered. */
  abstract Enumerable<Object[]> allRows();

  /** The collection Calcite adds each inserted row to: it writes the row through the engine. */
  @Override
  public final Collection<Object> getModifiableCollection() {
    return sink;
  }

  @Override
  public final TableModify toModificationRel(
      RelOptCluster cluster,
      RelOptTable table,
      Prepare.CatalogReader catalogReader,
      RelNode child,
      TableModify.Operation operation,
      List<String> updateColumnList,
      List<RexNode> sourceExpressionList,
      boolean flattened) {
    return LogicalTableModify.create(
        table, catalogReader, child, operation, updateColumnList, sourceExpressionList, flattened);
  }

  @Override
  public final <T> Queryable<T> asQueryable(
      QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    return new AbstractTableQueryable<T>(queryProvider, schema, this, tableName) {
      @SuppressWarnings("unchecked")
      @Override
      public Enumerator<T> enumerator() {
        return (Enumerator<T>) allRows().enumerator();
      }
    };
  }

  @Override
  public final Type getElementType() {
    return Object[].class;
  }

  @Override
  @SuppressWarnings("rawtypes") // Calcite's QueryableTable declares a raw Class
  public final Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }

  /** Hands each added row to {@link #insert}; counts them (an int that may wrap: Calcite subtracts two sizes). */
  private final class InsertSink extends AbstractCollection<Object> {
    private int added;

    @Override
    public boolean add(Object row) {
      insert(row);
      added++;
      return true;
    }

    @Override
    public Iterator<Object> iterator() {
      return Collections.emptyIterator();
    }

    @Override
    public int size() {
      return added;
    }
  }
}
