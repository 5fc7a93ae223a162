package io.tidal.calcite;

import io.tidal.schema.Column;
import io.tidal.schema.EntityTable;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * Column defaults of an entity table for Calcite's INSERT (the table answers {@code unwrap} with
 * it): a column left out of an INSERT's column list gets its DEFAULT (SQL text kept in the catalog,
 * a literal, {@code CURRENT_TIMESTAMP} or {@code CURRENT_DATE}), else NULL. A NOT NULL column
 * without a default also gets NULL here, so the engine refuses the row with SQLState 23502 naming
 * the column (Calcite's validator would refuse it with a generic validation error instead).
 */
final class ColumnDefaults extends NullInitializerExpressionFactory {
  private final EntityTable table;

  ColumnDefaults(EntityTable table) {
    this.table = table;
  }

  @Override
  public ColumnStrategy generationStrategy(RelOptTable t, int i) {
    Column c = table.columns().get(i);
    return c.defaultSql() == null && c.nullable()
        ? ColumnStrategy.NULLABLE
        : ColumnStrategy.DEFAULT;
  }

  @Override
  public RexNode newColumnDefaultValue(RelOptTable t, int i, InitializerContext cx) {
    Column c = table.columns().get(i);
    RelDataType type = t.getRowType().getFieldList().get(i).getType();
    RexBuilder rb = cx.getRexBuilder();
    RelDataType nullable = rb.getTypeFactory().createTypeWithNullability(type, true);
    if (c.defaultSql() == null) {
      return rb.makeNullLiteral(nullable);
    }
    SqlNode parsed = cx.parseExpression(SqlParser.Config.DEFAULT, c.defaultSql());
    SqlNode valid = cx.validateExpression(t.getRowType(), parsed);
    return rb.makeCast(nullable, cx.convertExpression(valid));
  }
}
