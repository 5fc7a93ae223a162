package io.tidal.calcite;

import io.tidal.Signal;
import io.tidal.TidalDB;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code SIGNALS} table: {@code SIGNAL_TYPE, ENTITY_ID, WEIGHT, TS, DEDUP_KEY, ACTOR_ID}.
 *
 * <p>Design notes. INSERT goes through {@link #getModifiableCollection()}, whose {@code add} turns a
 * row into a {@link Signal} ({@link SignalRows#toSignal}: a NULL weight means 1.0, a NULL ts means
 * now) and records it through the session's writer. SELECT returns the retained signals
 * ({@link TidalDB#scanSignals}); equalities of {@code signal_type}, {@code entity_id} and
 * {@code actor_id} with a literal or a parameter are pushed down (an actor's signals come from the
 * actor index, not a scan), everything else stays with Calcite, which also re-checks the pushed
 * ones. DELETE is an erasure the SQL layer runs itself; UPDATE is refused.
 */
final class SignalsTable extends WritableTable {
  static final String NAME = "SIGNALS";
  private final TidalSession session;
  private final SignalRows.KeyResolver keys = new SignalRows.KeyResolver();

  SignalsTable(TidalSession session) {
    this.session = session;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory tf) {
    return tf.builder()
        .add("SIGNAL_TYPE", SqlTypeName.VARCHAR)
        .add("ENTITY_ID", SqlTypeName.VARCHAR)
        .add("WEIGHT", SqlTypeName.DOUBLE)
        .nullable(true)
        .add("TS", SqlTypeName.TIMESTAMP, 3)
        .nullable(true)
        .add("DEDUP_KEY", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("ACTOR_ID", SqlTypeName.VARCHAR)
        .nullable(true)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters) {
    Object[] eq = new Object[3]; // SIGNAL_TYPE, ENTITY_ID, ACTOR_ID
    RexNode byActor = null;
    for (RexNode f : filters) {
      if (equality(f, root, eq) == 2 && eq[2] instanceof String) {
        byActor = f;
      }
    }
    // The actor index answers ACTOR_ID = 'text' exactly: that filter leaves the list, so Calcite's
    // interpreter has nothing to re-check and compiles no filter class per execution (~40 ms,
    // most of a user's activity query, docs/BENCHMARKS.md W2). The others stay re-checked.
    filters.remove(byActor);
    if (eq[1] != null && !(eq[1] instanceof String)) {
      eq[1] = eq[1].toString();
    }
    return scan(
        eq[0] == null ? null : eq[0].toString(), eq[1], eq[2] == null ? null : eq[2].toString());
  }

  private Enumerable<Object[]> scan(String type) {
    return scan(type, null, null);
  }

  private Enumerable<Object[]> scan(String type, Object entity, String actor) {
    return new AbstractEnumerable<Object[]>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        Iterable<Object[]> rows =
            () -> {
              Iterator<Signal> it = session.db().scanSignals(type, entity, actor);
              return new Iterator<Object[]>() {
                @Override
                public boolean hasNext() {
                  return it.hasNext();
                }

                @Override
                public Object[] next() {
                  return SignalRows.toRow(it.next());
                }
              };
            };
        return Linq4j.iterableEnumerator(rows);
      }
    };
  }

  /**
   * Records in {@code eq} the value of {@code SIGNAL_TYPE | ENTITY_ID | ACTOR_ID = literal|?} (slots
   * 0, 1, 2); returns the slot, or -1 when {@code f} is no such equality with a non-null value.
   */
  private static int equality(RexNode f, DataContext root, Object[] eq) {
    if (f.getKind() != SqlKind.EQUALS) {
      return -1;
    }
    List<RexNode> ops = ((RexCall) f).getOperands();
    RexNode a = ops.get(0);
    RexNode b = ops.get(1);
    if (!(a instanceof RexInputRef)) {
      RexNode t = a;
      a = b;
      b = t;
    }
    if (!(a instanceof RexInputRef ref)) {
      return -1;
    }
    int slot =
        switch (ref.getIndex()) {
          case 0 -> 0;
          case 1 -> 1;
          case 5 -> 2;
          default -> -1;
        };
    Object v =
        b instanceof RexLiteral lit
            ? lit.getValue2()
            : b instanceof RexDynamicParam p ? root.get("?" + p.getIndex()) : null;
    if (slot < 0 || v == null) {
      return -1;
    }
    eq[slot] = v;
    return slot;
  }

  /** Records the added row as a signal. */
  @Override
  void insert(Object o) {
    Object[] row = (Object[]) o;
    TidalDB db = session.db();
    session.writer().signal(keys.toSignal(db, row[0], row[1], row[2], row[3], row[4], row[5]));
  }

  @Override
  Enumerable<Object[]> allRows() {
    return scan((String) null);
  }
}
