package io.tidal.sql;

import io.tidal.calcite.TidalRules;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.CancelFlag;

/**
 * Calcite's prepare with tidal's planner rules installed (the hook Calcite's Driver documents),
 * tidal's optimization program ({@link JoinOrderProgram}: heuristic join order for many-way
 * joins; Calcite's standard program as the fallback should it fail to plan), and planning that
 * stops when the statement being executed on this thread is cancelled or times out
 * ({@link StatementGuard}).
 */
public final class TidalPrepare extends CalcitePrepareImpl {
  private static final Program HEURISTIC = JoinOrderProgram.create();

  /** First plan with tidal's program; should that fail to plan, again with Calcite's own. */
  @Override
  protected List<Function1<CalcitePrepare.Context, RelOptPlanner>> createPlannerFactories() {
    return List.of(c -> createPlanner(c, null, null),
        c -> createPlanner(c, Contexts.of(StandardProgram.MARKER), null));
  }

  @Override
  protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
    AtomicBoolean cancel = StatementGuard.currentFlag();
    org.apache.calcite.plan.Context context = Contexts.chain(
        externalContext == null ? Contexts.empty() : externalContext,
        Contexts.of(prepareContext.config()),
        cancel == null ? Contexts.empty() : Contexts.of(new CancelFlag(cancel)));
    RelOptPlanner planner = super.createPlanner(prepareContext, context, costFactory);
    TidalRules.install(planner);
    return planner;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    JavaTypeFactory types = context.getTypeFactory();
    EnumerableRel.Prefer prefer =
        elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    Program program = planner.getContext().unwrap(StandardProgram.class) != null
        ? Programs.standard() : HEURISTIC;
    return new PreparingStmt(this, context, catalogReader, types, prefer,
        createCluster(planner, new RexBuilder(types)),
        enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE, program);
  }

  /** In a planner's context: plan with Calcite's standard program (the fallback). */
  private enum StandardProgram { MARKER }

  /** Calcite's preparing statement with a given optimization program. */
  private static final class PreparingStmt extends CalcitePreparingStmt {
    private final Program program;

    PreparingStmt(TidalPrepare prepare, CalcitePrepare.Context context,
        CalciteCatalogReader catalogReader, JavaTypeFactory types, EnumerableRel.Prefer prefer,
        org.apache.calcite.plan.RelOptCluster cluster,
        org.apache.calcite.plan.Convention convention, Program program) {
      super(prepare, context, catalogReader, types, context.getRootSchema(), prefer, cluster,
          convention, prepare.createConvertletTable());
      this.program = program;
    }

    @Override
    protected Program getProgram() {
      return program;
    }
  }
}
