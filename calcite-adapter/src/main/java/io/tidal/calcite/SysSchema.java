package io.tidal.calcite;

import io.tidal.EngineStats;
import io.tidal.schema.Durations;
import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The read-only {@code SYS} schema: {@code SIGNAL_TYPES (NAME, TABLE_NAME, HALF_LIVES, WINDOWS,
 * RETENTION, ROLLUP_OF, ROLLUP_BY)} (the last two: a roll-up's source type and column, else NULL),
 * {@code TABLES (TABLE_NAME, PRIMARY_KEY, KEY_TYPE, COLUMN_COUNT)}, {@code STATS (NAME, VALUE)} and
 * {@code METRICS (NAME, KIND, VALUE, COUNT, P50, P99, MAX)} ({@link io.tidal.metrics.Metrics}).
 * Durations are listed in short form ({@code 1h, 1d}), comma-separated, in declaration order for
 * half-lives and ascending for windows.
 */
final class SysSchema extends AbstractSchema {
  private final TidalSession session;

  SysSchema(TidalSession session) {
    this.session = session;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return Map.of(
        "SIGNAL_TYPES",
            new View(
                tf ->
                    tf.builder()
                        .add("NAME", SqlTypeName.VARCHAR)
                        .add("TABLE_NAME", SqlTypeName.VARCHAR)
                        .add("HALF_LIVES", SqlTypeName.VARCHAR)
                        .add("WINDOWS", SqlTypeName.VARCHAR)
                        .add("RETENTION", SqlTypeName.VARCHAR)
                        .add("ROLLUP_OF", SqlTypeName.VARCHAR)
                        .nullable(true)
                        .add("ROLLUP_BY", SqlTypeName.VARCHAR)
                        .nullable(true)
                        .build(),
                this::signalTypes),
        "TABLES",
            new View(
                tf ->
                    tf.builder()
                        .add("TABLE_NAME", SqlTypeName.VARCHAR)
                        .add("PRIMARY_KEY", SqlTypeName.VARCHAR)
                        .nullable(true)
                        .add("KEY_TYPE", SqlTypeName.VARCHAR)
                        .nullable(true)
                        .add("COLUMN_COUNT", SqlTypeName.INTEGER)
                        .build(),
                this::tableRows),
        "STATS",
            new View(
                tf ->
                    tf.builder()
                        .add("NAME", SqlTypeName.VARCHAR)
                        .add("VALUE", SqlTypeName.BIGINT)
                        .build(),
                this::stats),
        "METRICS",
            new View(
                tf ->
                    tf.builder()
                        .add("NAME", SqlTypeName.VARCHAR)
                        .add("KIND", SqlTypeName.VARCHAR)
                        .add("VALUE", SqlTypeName.DOUBLE)
                        .add("COUNT", SqlTypeName.BIGINT)
                        .nullable(true)
                        .add("P50", SqlTypeName.DOUBLE)
                        .nullable(true)
                        .add("P99", SqlTypeName.DOUBLE)
                        .nullable(true)
                        .add("MAX", SqlTypeName.DOUBLE)
                        .nullable(true)
                        .build(),
                this::metrics));
  }

  private List<Object[]> metrics() {
    List<Object[]> rows = new ArrayList<>();
    for (io.tidal.metrics.Metrics.Row r : session.db().metrics().snapshot()) {
      rows.add(new Object[] {r.name(), r.kind(), r.value(), r.count(), r.p50(), r.p99(), r.max()});
    }
    return rows;
  }

  private List<Object[]> signalTypes() {
    List<Object[]> rows = new ArrayList<>();
    for (SignalType t : session.db().schema().signalTypes()) {
      rows.add(
          new Object[] {
            t.name(),
            t.table(),
            list(t.halfLives()),
            list(t.windows()),
            Durations.format(t.retention()),
            t.rollupOf(),
            t.rollupBy()
          });
    }
    return rows;
  }

  private List<Object[]> tableRows() {
    List<Object[]> rows = new ArrayList<>();
    for (EntityTable t : session.db().schema().tables()) {
      rows.add(
          new Object[] {
            t.name(),
            t.hasPrimaryKey() ? t.columns().get(t.keyIndex()).name() : null,
            t.hasPrimaryKey() ? t.keyType().name() : null,
            t.columns().size()
          });
    }
    return rows;
  }

  private List<Object[]> stats() {
    EngineStats s = session.db().stats();
    List<Object[]> rows =
        new ArrayList<>(
            List.of(
                new Object[] {"signals", s.signals()},
                new Object[] {"duplicates", s.duplicates()},
                new Object[] {"tracked_states", s.trackedStates()},
                new Object[] {"wal_sequence", s.walSequence()},
                new Object[] {"checkpoint_sequence", s.checkpointSequence()},
                new Object[] {"last_topk_touched", s.lastTopKTouched()}));
    rows.addAll(StatsSources.rows(session.db().config().directory()));
    return rows;
  }

  private static String list(List<Duration> ds) {
    StringJoiner j = new StringJoiner(", ");
    for (Duration d : ds) {
      j.add(Durations.format(d));
    }
    return j.toString();
  }

  /** A computed, read-only table. */
  private static final class View extends AbstractTable implements ScannableTable {
    private final Function<RelDataTypeFactory, RelDataType> rowType;
    private final java.util.function.Supplier<List<Object[]>> rows;

    View(
        Function<RelDataTypeFactory, RelDataType> rowType,
        java.util.function.Supplier<List<Object[]>> rows) {
      this.rowType = rowType;
      this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return rowType.apply(typeFactory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows.get());
    }

    @Override
    public org.apache.calcite.schema.Schema.TableType getJdbcTableType() {
      return org.apache.calcite.schema.Schema.TableType.SYSTEM_TABLE;
    }
  }
}
