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
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.CancelFlag;

/**
 * Calcite's prepare with tidal's planner rules installed (the hook Calcite's Driver documents),
 * tidal's rewrites of SQL text Calcite cannot parse ({@link #createParser}), tidal's optimization
 * program ({@link JoinOrderProgram}: heuristic join order for many-way
 * joins; Calcite's standard program as the fallback should it fail to plan), and planning that
 * stops when the statement being executed on this thread is cancelled or times out
 * ({@link StatementGuard}).
 */
public final class TidalPrepare extends CalcitePrepareImpl {
  private static final Program HEURISTIC = JoinOrderProgram.create();

  /** First plan with tidal's program; should that fail to plan, again with Calcite's own. */
  @Override
  protected List<Function1<CalcitePrepare.Context, RelOptPlanner>> createPlannerFactories() {
    return List.of(
        c -> createPlanner(c, null, null),
        c -> createPlanner(c, Contexts.of(StandardProgram.MARKER), null));
  }

  /**
   * Prepares as Calcite does, then refuses the plan if the statement was cancelled or timed out
   * meanwhile: Calcite's Volcano planner, when its cancel flag is set, does not fail but ends its
   * search and returns the best plan found so far, so without this check a timeout during planning
   * would sometimes run a half-optimized plan instead of failing.
   */
  @Override
  public <T> CalcitePrepare.CalciteSignature<T> prepareSql(
      CalcitePrepare.Context context,
      CalcitePrepare.Query<T> query,
      Type elementType,
      long maxRowCount) {
    CalcitePrepare.CalciteSignature<T> signature =
        super.prepareSql(context, query, elementType, maxRowCount);
    AtomicBoolean cancel = StatementGuard.currentFlag();
    if (cancel != null && cancel.get()) {
      throw new IllegalStateException(
          "preparation aborted: the statement was cancelled or" + " timed out while being planned");
    }
    PlanCapture.signature(signature);
    return signature;
  }

  /**
   * Calcite's parser over the text with tidal's rewrites of what it cannot parse
   * ({@link EmptyInList}: {@code x IN ()}), after checking its binary literals
   * ({@link BinaryLiterals}). Every statement Calcite parses comes through here.
   */
  @Override
  protected org.apache.calcite.sql.parser.SqlParser createParser(
      String sql, org.apache.calcite.sql.parser.SqlParser.Config parserConfig) {
    BinaryLiterals.check(sql);
    return super.createParser(EmptyInList.rewrite(sql), parserConfig);
  }

  /**
   * Calcite's convertlets, with arithmetic on a NULL operand folded ({@link NullArithmetic}) and a
   * number cast to BOOLEAN compared with zero ({@link NumericToBoolean}).
   */
  @Override
  protected org.apache.calcite.sql2rel.SqlRexConvertletTable createConvertletTable() {
    return NumericToBoolean.wrap(NullArithmetic.wrap(super.createConvertletTable()));
  }

  @Override
  protected RelOptPlanner createPlanner(
      CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.Context externalContext,
      RelOptCostFactory costFactory) {
    AtomicBoolean cancel = StatementGuard.currentFlag();
    org.apache.calcite.plan.Context context =
        Contexts.chain(
            externalContext == null ? Contexts.empty() : externalContext,
            Contexts.of(prepareContext.config()),
            cancel == null ? Contexts.empty() : Contexts.of(new CancelFlag(cancel)));
    RelOptPlanner planner = super.createPlanner(prepareContext, context, costFactory);
    TidalRules.install(planner);
    return planner;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(
      CalcitePrepare.Context context,
      Type elementType,
      CalciteCatalogReader catalogReader,
      RelOptPlanner planner) {
    JavaTypeFactory types = context.getTypeFactory();
    EnumerableRel.Prefer prefer =
        elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    Program program =
        planner.getContext().unwrap(StandardProgram.class) != null
            ? Programs.standard()
            : HEURISTIC;
    return new PreparingStmt(
        this,
        checkedArithmetic(context),
        catalogReader,
        types,
        prefer,
        createCluster(planner, new RexBuilder(types)),
        enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
        program);
  }

  /**
   * The context with checked exact arithmetic: Calcite then rewrites {@code +, -, *, /} on INTEGER,
   * BIGINT and DECIMAL into overflow-checked operators, so {@code UPDATE t SET n = n + 1} on
   * 2147483647 fails with 22003 (an {@code ArithmeticException}) instead of storing -2147483648.
   * The connection property {@code conformance} cannot express this (only the BigQuery and SQL
   * Server conformances check), so the context's configuration is wrapped.
   */
  static CalcitePrepare.Context checkedArithmetic(CalcitePrepare.Context context) {
    org.apache.calcite.config.CalciteConnectionConfig config = context.config();
    if (config.conformance().checkedArithmetic()) {
      return context;
    }
    org.apache.calcite.sql.validate.SqlConformance checked =
        new org.apache.calcite.sql.validate.SqlDelegatingConformance(config.conformance()) {
          @Override
          public boolean checkedArithmetic() {
            return true;
          }
        };
    org.apache.calcite.config.CalciteConnectionConfig wrappedConfig =
        delegate(
            org.apache.calcite.config.CalciteConnectionConfig.class,
            config,
            "conformance",
            checked);
    return delegate(CalcitePrepare.Context.class, context, "config", wrappedConfig);
  }

  /** A proxy of {@code target} answering the no-argument method {@code name} with {@code value}. */
  private static <T> T delegate(Class<T> type, T target, String name, Object value) {
    return type.cast(
        java.lang.reflect.Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().equals(name) && method.getParameterCount() == 0) {
                return value;
              }
              try {
                return method.invoke(target, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }

  /** In a planner's context: plan with Calcite's standard program (the fallback). */
  private enum StandardProgram {
    MARKER
  }

  /** Calcite's preparing statement with a given optimization program. */
  private static final class PreparingStmt extends CalcitePreparingStmt {
    private final Program program;

    PreparingStmt(
        TidalPrepare prepare,
        CalcitePrepare.Context context,
        CalciteCatalogReader catalogReader,
        JavaTypeFactory types,
        EnumerableRel.Prefer prefer,
        org.apache.calcite.plan.RelOptCluster cluster,
        org.apache.calcite.plan.Convention convention,
        Program program) {
      super(
          prepare,
          context,
          catalogReader,
          types,
          context.getRootSchema(),
          prefer,
          cluster,
          convention,
          prepare.createConvertletTable());
      this.program = program;
    }

    /**
     * Calcite's validator, with implicit coercion towards intervals fixed ({@link
     * TidalTypeCoercion}). Raw types: naming {@code SqlValidator.Config} makes javac read its
     * Immutables annotations, which are not on the class path (a warning, an error under -Werror).
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected org.apache.calcite.sql.validate.SqlValidator createSqlValidator(
        org.apache.calcite.prepare.Prepare.CatalogReader catalogReader,
        java.util.function.UnaryOperator configTransform) {
      java.util.function.UnaryOperator withCoercion =
          c -> TidalTypeCoercion.install(configTransform.apply(c));
      return super.createSqlValidator(catalogReader, withCoercion);
    }

    @Override
    protected Program getProgram() {
      return program;
    }

    /** Implements as Calcite does; the physical plan goes to an open {@link PlanCapture}. */
    @Override
    protected PreparedResult implement(org.apache.calcite.rel.RelRoot root) {
      PlanCapture.plan(root.rel);
      return super.implement(root);
    }
  }
}
