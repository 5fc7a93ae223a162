package io.tidal.calcite;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The {@code TIDAL} schema of one connection: an entity table per table of the engine's catalog, the
 * {@code SIGNALS} table, a view per stored view ({@link ViewTableImpl}) and the score functions. Built per connection around that connection's
 * {@link TidalSession}; the table map is rebuilt whenever the engine's catalog snapshot changes (DDL
 * from any connection), so the root schema must not cache it.
 */
public final class TidalSchema extends AbstractSchema {
  /** The schema's name under the root: the connection's default schema. */
  public static final String NAME = "TIDAL";

  /** Name of the system schema, a sibling of {@link #NAME}. */
  public static final String SYS = "SYS";

  private static final ImmutableMultimap<String, Function> FUNCTIONS;

  static {
    ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
    for (ScoreFunction.Kind k : ScoreFunction.Kind.values()) {
      b.put(k.sqlName(), new ScoreFunction(k));
    }
    b.put(PartitionFunction.NAME, PartitionFunction.function());
    FUNCTIONS = b.build();
  }

  private final TidalSession session;
  private final ViewTableImpl.Analyzer views;
  private volatile Snapshot snapshot;

  private record Snapshot(Schema schema, Map<String, org.apache.calcite.schema.Table> tables) {}

  public TidalSchema(TidalSession session) {
    this(
        session,
        sql -> {
          throw new UnsupportedOperationException("views need a connection to analyse them");
        });
  }

  /**
   * @param viewRowType the row type of a view's query text, analysed by the connection (the view's
   *     query is expanded into each statement that uses it; only its row type is asked here)
   */
  public TidalSchema(
      TidalSession session,
      java.util.function.Function<String, org.apache.calcite.rel.type.RelDataType> viewRowType) {
    this.session = session;
    this.views = viewRowType::apply;
  }

  public TidalSession session() {
    return session;
  }

  /** The schema of the connection that runs the statement of {@code root}. */
  public static TidalSchema from(DataContext root) {
    // Generated code asks once per row (every score function call). The last answer is kept per
    // thread, both weakly: the schema is reachable from its context while that context runs, and a
    // pooled thread holds neither after the statement (no closed database kept alive).
    Object[] last = LAST.get();
    if (((java.lang.ref.Reference<?>) last[0]).get() == root) {
      TidalSchema t = (TidalSchema) ((java.lang.ref.Reference<?>) last[1]).get();
      if (t != null) {
        return t;
      }
    }
    TidalSchema t = lookup(root);
    last[0] = new java.lang.ref.WeakReference<>(root);
    last[1] = new java.lang.ref.WeakReference<>(t);
    return t;
  }

  private static final java.lang.ref.WeakReference<Object> NONE =
      new java.lang.ref.WeakReference<>(null);
  private static final ThreadLocal<Object[]> LAST =
      ThreadLocal.withInitial(() -> new Object[] {NONE, NONE});

  @SuppressWarnings(
      "deprecation") // getSubSchema: still the lookup Calcite 1.41 resolves names with
  private static TidalSchema lookup(DataContext root) {
    SchemaPlus rootSchema = root.getRootSchema();
    SchemaPlus s = rootSchema == null ? null : rootSchema.getSubSchema(NAME);
    TidalSchema t = s == null ? null : s.unwrap(TidalSchema.class);
    if (t == null) {
      throw new IllegalStateException("no tidal schema in this statement's context");
    }
    return t;
  }

  /** The system schema ({@code SYS}) over the same session. */
  public static org.apache.calcite.schema.Schema sys(TidalSession session) {
    return new SysSchema(session);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return snapshot().tables();
  }

  /** The Calcite table for an engine table name (any case), or null. */
  EntityTableImpl entityTable(String name) {
    Table t = snapshot().tables().get(SqlTypes.upper(name));
    return t instanceof EntityTableImpl e ? e : null;
  }

  private Snapshot snapshot() {
    Schema current = session.db().schema();
    Snapshot s = snapshot;
    if (s == null || s.schema() != current) {
      Map<String, Table> tables = new LinkedHashMap<>();
      for (EntityTable t : current.tables()) {
        tables.put(SqlTypes.upper(t.name()), new EntityTableImpl(session, t));
      }
      tables.put(SignalsTable.NAME, new SignalsTable(session));
      for (io.tidal.schema.View v : current.views()) {
        tables.put(SqlTypes.upper(v.name()), new ViewTableImpl(v, views));
      }
      s = new Snapshot(current, Map.copyOf(tables));
      snapshot = s;
    }
    return s;
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return FUNCTIONS;
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
