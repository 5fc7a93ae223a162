package io.tidal.calcite;

import io.tidal.schema.View;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.ViewTable;

/**
 * A view of the {@code TIDAL} schema: Calcite's {@link ViewTable} over the stored query text, built
 * on first use (its row type comes from analysing the query, which costs a planning). Wherever the
 * view is used its query is expanded into the statement's plan, so the planner's rules (the
 * ranking index's top-k among them) see the underlying tables as if the query had been written
 * out.
 */
final class ViewTableImpl extends AbstractTable implements TranslatableTable {
  /** Row type of a view query (the connection analyses it). */
  interface Analyzer {
    RelDataType rowType(String sql);
  }

  private final View view;
  private final Analyzer analyzer;
  private volatile ViewTable table;

  ViewTableImpl(View view, Analyzer analyzer) {
    this.view = view;
    this.analyzer = analyzer;
  }

  private ViewTable table() {
    ViewTable t = table;
    if (t == null) {
      RelDataType rowType = analyzer.rowType(view.sql());
      t =
          new ViewTable(
              Object[].class,
              RelDataTypeImpl.proto(rowType),
              view.sql(),
              List.of(TidalSchema.NAME),
              List.of(TidalSchema.NAME, SqlTypes.upper(view.name())));
      table = t;
    }
    return t;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return table().getRowType(typeFactory);
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return table().toRel(context, relOptTable);
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return Schema.TableType.VIEW;
  }
}
