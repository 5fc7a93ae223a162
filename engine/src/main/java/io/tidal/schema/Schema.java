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

  Schema(Map<String, EntityTable> tables, Map<String, SignalType> signalTypes) {
    this(tables, signalTypes, Map.of());
  }

  Schema(Map<String, EntityTable> tables, Map<String, SignalType> signalTypes,
      Map<String, View> views) {
    this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    this.signalTypes = Collections.unmodifiableMap(new LinkedHashMap<>(signalTypes));
    this.views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
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
    return new Schema(tables, signalTypes, vs);
  }

  /** This schema without the view; fails ({@code UNKNOWN_TABLE}) if there is none. */
  public Schema withoutView(String name) {
    View v = views.get(Names.lookup(name));
    if (v == null) {
      throw SchemaException.unknownTable(name);
    }
    Map<String, View> vs = new LinkedHashMap<>(views);
    vs.remove(v.name());
    return new Schema(tables, signalTypes, vs);
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
    return new Schema(ts, signalTypes, views);
  }

  /**
   * This schema plus {@code type}. With {@code replace}, an existing type of that name is replaced
   * (its recorded signals are kept only if the caller keeps them); without, a duplicate fails.
   */
  public Schema withSignalType(SignalType type, boolean replace) {
    SchemaBuilder b = builder().from(this);
    if (replace) {
      b.removeSignalType(type.name());
    }
    return b.signalType(type).build();
  }

  /** This schema without the signal type; fails if unknown. */
  public Schema withoutSignalType(String name) {
    SignalType s = requireSignalType(name);
    Map<String, SignalType> ss = new LinkedHashMap<>(signalTypes);
    ss.remove(s.name());
    return new Schema(tables, ss, views);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.tables.equals(tables) && s.signalTypes.equals(signalTypes)
        && s.views.equals(views);
  }

  @Override
  public int hashCode() {
    return (tables.hashCode() * 31 + signalTypes.hashCode()) * 31 + views.hashCode();
  }

  @Override
  public String toString() {
    return "Schema[tables=" + tables.values() + ", signalTypes=" + signalTypes.values()
        + (views.isEmpty() ? "" : ", views=" + views.keySet()) + "]";
  }
}
