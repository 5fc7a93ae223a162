package io.tidal.jdbc;

import io.tidal.calcite.TopKScan;
import io.tidal.sql.SqlStates;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.enumerable.EnumerableLimitSort;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.TimeFrameSet;
import org.apache.calcite.rel.type.TimeFrames;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The direct executor of a prepared ranked top-k: a plan Calcite produced once, recognised as
 * {@code [Limit] <- [Sort] <- Calc* <- TopKScan} ({@link #recognise}), run at each execution by
 * calling its compiled code with a light {@link DataContext} and reading the rows through Avatica's
 * own accessors ({@link DirectResultSet}), without Calcite's and Avatica's per-execution machinery
 * (the connection configuration re-read, the data context's map and locale rebuilt, the statement
 * and result-set bookkeeping of {@code executeQueryInternal}).
 *
 * <p>Design notes. The engine call is the plan's own: {@code TopKScan}'s generated code calls
 * {@code TopKRuntime} with the stashed {@code RankSpec} and the compiled WHERE predicate, so what
 * the rank planner learns (new filters, new score kinds) flows through here unchanged; the Calc,
 * Sort and Limit above it are Calcite's generated code too, so values, order, types and NULLs are
 * those of the general path by construction. What this class must reproduce is only the data
 * context of {@code CalciteConnectionImpl.enumerable}: the parameters in their local form
 * ({@code TypedValue.toLocal}), the signature's internal parameters, the cancel flag, the timeout
 * and the time variables (UTC, current, local and system timestamps at one instant, the time zone,
 * locale, user). Anything unusual (an unbound parameter) goes to the general path, which then
 * reports it exactly as before. The whitelist of node kinds keeps plans that need more of the
 * context (interpreters, scans through the query provider, joins) on the general path.
 */
final class DirectQuery {
  private static final MethodHandle PARAMETER_VALUES = parameterValues();

  /** The data context's names of the first parameters ("?0", "?1", ...), built once. */
  private static final String[] PARAMS = new String[16];

  static {
    for (int i = 0; i < PARAMS.length; i++) {
      PARAMS[i] = "?" + i;
    }
  }

  /**
   * Whether recognised plans run directly: on unless the system property
   * {@code tidal.directExecution} is {@code false} (for measuring both paths); tests of this
   * package switch it to compare the paths.
   */
  static volatile boolean enabled =
      !"false".equalsIgnoreCase(System.getProperty("tidal.directExecution"));

  private final CalcitePrepare.CalciteSignature<?> signature;
  private final CalciteConnection calcite;
  private final SchemaPlus root;
  private final TimeZone zone;
  private final Locale locale;
  private final TimeFrameSet frames;
  private final ResultSetMetaData metaData;

  /**
   * The variables of the data context that are the same at every execution (the signature's
   * internal parameters, the zone, locale, user and streams): built once at prepare.
   */
  private final Map<String, Object> fixed;

  /** The connection zone's calendar, cloned for each result set (cheaper than a new one). */
  private final Calendar calendar;

  private DirectQuery(
      CalcitePrepare.CalciteSignature<?> signature,
      CalciteConnection calcite,
      ResultSetMetaData metaData) {
    this.signature = signature;
    this.calcite = calcite;
    this.root = signature.rootSchema.plus();
    this.zone = ((AvaticaConnection) calcite).getTimeZone();
    String l = calcite.config().locale();
    this.locale = l != null ? org.apache.calcite.util.Util.parseLocale(l) : Locale.ROOT;
    this.frames = calcite.getTypeFactory().getTypeSystem().deriveTimeFrameSet(TimeFrames.CORE);
    this.metaData = metaData;
    Map<String, Object> f = new HashMap<>(signature.internalParameters);
    f.put(DataContext.Variable.TIME_ZONE.camelName, zone);
    f.put(DataContext.Variable.TIME_FRAME_SET.camelName, frames);
    f.put(DataContext.Variable.USER.camelName, "sa");
    f.put(DataContext.Variable.SYSTEM_USER.camelName, System.getProperty("user.name"));
    f.put(DataContext.Variable.LOCALE.camelName, locale);
    f.put(DataContext.Variable.STDIN.camelName, System.in);
    f.put(DataContext.Variable.STDOUT.camelName, System.out);
    f.put(DataContext.Variable.STDERR.camelName, System.err);
    this.fixed = f;
    this.calendar = Calendar.getInstance(zone, Locale.ROOT);
  }

  /**
   * The direct executor of {@code delegate}'s plan, or null when the plan is not a recognised
   * shape (the general path runs it).
   */
  static DirectQuery recognise(
      RelNode plan,
      CalcitePrepare.CalciteSignature<?> signature,
      CalciteConnection calcite,
      PreparedStatement delegate)
      throws SQLException {
    if (!enabled
        || plan == null
        || signature == null
        || PARAMETER_VALUES == null
        || signature.statementType != Meta.StatementType.SELECT
        || signature.cursorFactory.style != Meta.Style.ARRAY
            && signature.cursorFactory.style != Meta.Style.OBJECT
        || !(delegate instanceof AvaticaPreparedStatement)) {
      return null;
    }
    RelNode r = plan;
    while (r instanceof EnumerableLimit
        || r instanceof EnumerableSort
        || r instanceof EnumerableLimitSort
        || r instanceof EnumerableCalc) {
      r = r.getInput(0);
    }
    if (!(r instanceof TopKScan)) {
      return null;
    }
    for (ColumnMetaData c : signature.columns) {
      if (c.type.rep == ColumnMetaData.Rep.ARRAY
          || c.type instanceof ColumnMetaData.ArrayType
          || c.type instanceof ColumnMetaData.StructType) {
        return null;
      }
    }
    return new DirectQuery(signature, calcite, delegate.getMetaData());
  }

  /**
   * Runs the plan with {@code delegate}'s bound parameters; null when the general path must run it
   * (a parameter is unbound: the general path reports that).
   */
  ResultSet execute(PreparedStatement delegate, Object statement) throws SQLException {
    List<TypedValue> values = parameterValues(delegate);
    Map<String, Object> vars = new HashMap<>(16);
    for (int i = 0; i < values.size(); i++) {
      TypedValue v = values.get(i);
      if (v == null) {
        return null;
      }
      vars.put(i < PARAMS.length ? PARAMS[i] : "?" + i, v.toLocal());
    }
    vars.put(DataContext.Variable.CANCEL_FLAG.camelName, new AtomicBoolean());
    int timeout = delegate.getQueryTimeout();
    if (timeout > 0 && timeout < Integer.MAX_VALUE / 1000) {
      vars.put(DataContext.Variable.TIMEOUT.camelName, timeout * 1000L);
    }
    long now = System.currentTimeMillis();
    long local = zone.getOffset(now);
    vars.put(DataContext.Variable.UTC_TIMESTAMP.camelName, now);
    vars.put(DataContext.Variable.CURRENT_TIMESTAMP.camelName, now + local);
    vars.put(DataContext.Variable.LOCAL_TIMESTAMP.camelName, now + local);
    vars.put(
        DataContext.Variable.SYS_TIMESTAMP.camelName, now + TimeZone.getDefault().getOffset(now));
    @SuppressWarnings("unchecked")
    Iterable<Object> rows = (Iterable<Object>) signature.enumerable(new Context(vars));
    return DirectResultSet.open(
        signature,
        rows,
        (Calendar) calendar.clone(),
        metaData,
        delegate.getLargeMaxRows(),
        statement);
  }

  /** The statement's data context: the variables above, the connection's schema and types. */
  private final class Context implements DataContext {
    private final Map<String, Object> vars;

    Context(Map<String, Object> vars) {
      this.vars = vars;
    }

    @Override
    public SchemaPlus getRootSchema() {
      return root;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return calcite.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
      return calcite;
    }

    @Override
    public Object get(String name) {
      Object v = vars.get(name);
      return v != null ? v : fixed.get(name);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<TypedValue> parameterValues(PreparedStatement delegate) throws SQLException {
    try {
      return (List<TypedValue>) PARAMETER_VALUES.invoke(delegate);
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw SqlStates.convert(e);
    }
  }

  /** {@code AvaticaPreparedStatement.getParameterValues()} (protected), or null if unreachable. */
  private static MethodHandle parameterValues() {
    try {
      Method m = AvaticaPreparedStatement.class.getDeclaredMethod("getParameterValues");
      m.setAccessible(true);
      return MethodHandles.lookup().unreflect(m);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // the general path answers everything
    }
  }
}
