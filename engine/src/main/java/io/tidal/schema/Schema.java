package io.tidal.schema;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated catalog: entity tables and signal types, looked up case-insensitively.
 * Built by {@link SchemaBuilder}; changed by deriving a new instance ({@link #withTable},
 * {@link #withSignalType}, ...), each of which validates like the builder.
 */
public final class Schema {
  private static final Schema EMPTY = new Schema(Map.of(), Map.of());

  private final Map<String, EntityTable> tables;
  private final Map<String, SignalType> signalTypes;
  private final Map<String, View> views;
  private final Map<String, Index> indexes;

  Schema(Map<String, EntityTable> tables, Map<String, SignalType> signalTypes) {
    this(tables, signalTypes, Map.of());
  }

  Schema(
      Map<String, EntityTable> tables,
      Map<String, SignalType> signalTypes,
      Map<String, View> views) {
    this(tables, signalTypes, views, Map.of());
  }

  Schema(
      Map<String, EntityTable> tables,
      Map<String, SignalType> signalTypes,
      Map<String, View> views,
      Map<String, Index> indexes) {
    this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    this.signalTypes = Collections.unmodifiableMap(new LinkedHashMap<>(signalTypes));
    this.views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
    this.indexes = Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
  }

  /** Secondary indexes in creation order. */
  public Collection<Index> indexes() {
    return indexes.values();
  }

  public Optional<Index> index(String name) {
    return Optional.ofNullable(indexes.get(Names.lookup(name)));
  }

  /** The secondary indexes of one table, in creation order. */
  public java.util.List<Index> indexesOf(String table) {
    String t = Names.lookup(table);
    return indexes.values().stream().filter(i -> i.table().equals(t)).toList();
  }

  /**
   * This schema plus {@code index}; fails if an index has that name ({@code DUPLICATE_TABLE}), the
   * table is unknown or a column is not one of its columns ({@code UNKNOWN_COLUMN}).
   */
  public Schema withIndex(Index index) {
    if (indexes.containsKey(index.name())) {
      throw SchemaException.duplicateIndex(index.name());
    }
    EntityTable t = requireTable(index.table());
    for (String c : index.columns()) {
      if (t.columnIndex(c) < 0) {
        throw SchemaException.unknownColumn(t.name(), c);
      }
    }
    Map<String, Index> is = new LinkedHashMap<>(indexes);
    is.put(index.name(), index);
    return new Schema(tables, signalTypes, views, is);
  }

  /** This schema without the index; fails ({@code UNKNOWN_TABLE}, naming the index) if unknown. */
  public Schema withoutIndex(String name) {
    Index i = indexes.get(Names.lookup(name));
    if (i == null) {
      throw SchemaException.unknownIndex(name);
    }
    Map<String, Index> is = new LinkedHashMap<>(indexes);
    is.remove(i.name());
    return new Schema(tables, signalTypes, views, is);
  }

  /** Views in creation order. */
  public Collection<View> views() {
    return views.values();
  }

  public Optional<View> view(String name) {
    return Optional.ofNullable(views.get(Names.lookup(name)));
  }

  /**
   * This schema plus {@code view}; with {@code replace} an existing view of that name is replaced.
   * Fails if a table, or (without {@code replace}) a view, has that name.
   */
  public Schema withView(View view, boolean replace) {
    if (tables.containsKey(view.name())) {
      throw SchemaException.duplicateTable(view.name());
    }
    if (!replace && views.containsKey(view.name())) {
      throw SchemaException.duplicateTable(view.name());
    }
    Map<String, View> vs = new LinkedHashMap<>(views);
    vs.put(view.name(), view);
    return new Schema(tables, signalTypes, vs, indexes);
  }

  /** This schema without the view; fails ({@code UNKNOWN_TABLE}) if there is none. */
  public Schema withoutView(String name) {
    View v = views.get(Names.lookup(name));
    if (v == null) {
      throw SchemaException.unknownView(name);
    }
    Map<String, View> vs = new LinkedHashMap<>(views);
    vs.remove(v.name());
    return new Schema(tables, signalTypes, vs, indexes);
  }

  public static Schema empty() {
    return EMPTY;
  }

  public static SchemaBuilder builder() {
    return new SchemaBuilder();
  }

  /** Tables in creation order. */
  public Collection<EntityTable> tables() {
    return tables.values();
  }

  /** Signal types in creation order. */
  public Collection<SignalType> signalTypes() {
    return signalTypes.values();
  }

  public Optional<EntityTable> table(String name) {
    return Optional.ofNullable(tables.get(Names.lookup(name)));
  }

  public Optional<SignalType> signalType(String name) {
    return Optional.ofNullable(signalTypes.get(Names.lookup(name)));
  }

  /** The table, or {@link SchemaException} {@code UNKNOWN_TABLE} naming it. */
  public EntityTable requireTable(String name) {
    EntityTable t = tables.get(Names.lookup(name));
    if (t == null) {
      throw SchemaException.unknownTable(name);
    }
    return t;
  }

  /** The signal type, or {@link SchemaException} {@code UNKNOWN_SIGNAL_TYPE} naming it. */
  public SignalType requireSignalType(String name) {
    SignalType t = signalTypes.get(Names.lookup(name));
    if (t == null) {
      throw SchemaException.unknownSignalType(name);
    }
    return t;
  }

  /** This schema plus {@code table}; fails if a table of that name exists. */
  public Schema withTable(EntityTable table) {
    return builder().from(this).table(table).build();
  }

  /** This schema without the table; fails if unknown or if a signal type applies to it. */
  public Schema withoutTable(String name) {
    EntityTable t = requireTable(name);
    for (SignalType s : signalTypes.values()) {
      if (s.table().equals(t.name())) {
        throw SchemaException.tableInUse(t.name(), s.name());
      }
    }
    Map<String, EntityTable> ts = new LinkedHashMap<>(tables);
    ts.remove(t.name());
    Map<String, Index> is = new LinkedHashMap<>(indexes);
    is.values().removeIf(i -> i.table().equals(t.name())); // a table's indexes go with it
    return new Schema(ts, signalTypes, views, is);
  }

  /**
   * This schema plus {@code type}. With {@code replace}, an existing type of that name is replaced
   * (its recorded signals are kept only if the caller keeps them); without, a duplicate fails.
   */
  public Schema withSignalType(SignalType type, boolean replace) {
    SchemaBuilder b = builder().from(this);
    if (replace) {
      signalType(type.name()).ifPresent(old -> checkNoRollups(old.name()));
      b.removeSignalType(type.name());
    }
    return b.signalType(type).build();
  }

  /** This schema without the signal type; fails if unknown. */
  public Schema withoutSignalType(String name) {
    SignalType s = requireSignalType(name);
    checkNoRollups(s.name());
    Map<String, SignalType> ss = new LinkedHashMap<>(signalTypes);
    ss.remove(s.name());
    return new Schema(tables, ss, views, indexes);
  }

  /** The roll-up types whose source is {@code source} (canonical name). */
  public java.util.List<SignalType> rollupsOf(String source) {
    java.util.List<SignalType> out = new java.util.ArrayList<>(1);
    for (SignalType t : signalTypes.values()) {
      if (source.equals(t.rollupOf())) {
        out.add(t);
      }
    }
    return out;
  }

  private void checkNoRollups(String source) {
    for (SignalType t : rollupsOf(source)) {
      throw SchemaException.rollupDependants(source, t.name());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s
        && s.tables.equals(tables)
        && s.signalTypes.equals(signalTypes)
        && s.views.equals(views)
        && s.indexes.equals(indexes);
  }

  @Override
  public int hashCode() {
    return ((tables.hashCode() * 31 + signalTypes.hashCode()) * 31 + views.hashCode()) * 31
        + indexes.hashCode();
  }

  @Override
  public String toString() {
    return "Schema[tables="
        + tables.values()
        + ", signalTypes="
        + signalTypes.values()
        + (views.isEmpty() ? "" : ", views=" + views.keySet())
        + "]";
  }
}
