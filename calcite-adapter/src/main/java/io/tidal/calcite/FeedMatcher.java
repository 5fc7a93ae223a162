package io.tidal.calcite;

import io.tidal.schema.EntityTable;
import io.tidal.schema.SignalType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Recognises one WHERE conjunct of a ranked query as a personal-feed set ({@link FeedSet}); null
 * when it is anything else (which is then planned as Calcite plans it, always correctly).
 *
 * <p>Accepted, {@code key} being the ranked table's primary key:
 * <ul>
 *   <li>{@code key NOT IN (SELECT entity_id FROM signals WHERE signal_type = 't' AND actor_id = v)}
 *       and {@code NOT EXISTS (SELECT .. FROM signals s WHERE s.signal_type = 't' AND s.actor_id = v
 *       AND s.entity_id = key)}, conjuncts in any order, {@code t} a signal type of the ranked
 *       table, {@code v} a literal or {@code ?};
 *   <li>{@code col IN (SELECT c FROM f WHERE f.a = v [AND ...])}, {@code col} a column of the ranked
 *       table, {@code f} a table, each {@code v} a literal or {@code ?} (no WHERE: every row of f).
 * </ul>
 */
final class FeedMatcher {
  private FeedMatcher() {}

  /**
   * @param conjunct over the scan's columns
   * @param fields for each field of the row the correlation variables name, the scan column it is
   */
  static FeedSet match(
      RexNode conjunct, EntityTableImpl table, Set<CorrelationId> vars, int[] fields) {
    int key = table.definition().keyIndex();
    if (conjunct.getKind() == SqlKind.NOT
        && ((RexCall) conjunct).getOperands().get(0) instanceof RexSubQuery sq) {
      if (sq.getKind() == SqlKind.IN
          && sq.getOperands().size() == 1
          && isRef(sq.getOperands().get(0), key)) {
        return seen(sq.rel, false, table, key, vars, fields);
      }
      return sq.getKind() == SqlKind.EXISTS ? seen(sq.rel, true, table, key, vars, fields) : null;
    }
    if (conjunct instanceof RexSubQuery sq
        && sq.getKind() == SqlKind.IN
        && sq.getOperands().size() == 1
        && stripCast(sq.getOperands().get(0)) instanceof RexInputRef ref) {
      return follow(sq.rel, ref.getIndex(), table.definition());
    }
    return null;
  }

  private static FeedSet seen(
      RelNode rel,
      boolean exists,
      EntityTableImpl table,
      int key,
      Set<CorrelationId> vars,
      int[] fields) {
    RelNode r = rel;
    int projected = -1;
    if (r instanceof Project p) {
      if (!exists) {
        if (p.getProjects().size() != 1
            || !(stripCast(p.getProjects().get(0)) instanceof RexInputRef ref)) {
          return null;
        }
        projected = ref.getIndex();
      }
      r = p.getInput();
    }
    if (!(r instanceof Filter f)
        || !(f.getInput() instanceof TableScan scan)
        || scan.getTable().unwrap(SignalsTable.class) == null) {
      return null;
    }
    List<String> names = scan.getRowType().getFieldNames();
    int typeCol = names.indexOf("SIGNAL_TYPE");
    int entityCol = names.indexOf("ENTITY_ID");
    int actorCol = names.indexOf("ACTOR_ID");
    if (!exists && projected != entityCol) {
      return null;
    }
    String type = null;
    FeedSet.Value actor = null;
    boolean correlated = false;
    for (RexNode c : RelOptUtil.conjunctions(f.getCondition())) {
      RexNode[] eq = equality(c);
      if (eq == null) {
        return null;
      }
      int col = ((RexInputRef) eq[0]).getIndex();
      if (col == typeCol && eq[1] instanceof RexLiteral lit && type == null) {
        type = lit.getValueAs(String.class);
      } else if (col == actorCol && actor == null && value(eq[1]) != null) {
        actor = value(eq[1]);
      } else if (exists
          && col == entityCol
          && eq[1] instanceof RexFieldAccess fa
          && fa.getReferenceExpr() instanceof RexCorrelVariable cv
          && vars.contains(cv.id)
          && fa.getField().getIndex() < fields.length
          && fields[fa.getField().getIndex()] == key) {
        correlated = true;
      } else {
        return null;
      }
    }
    SignalType st =
        type == null ? null : table.session().db().schema().signalType(type).orElse(null);
    if (st == null
        || actor == null
        || exists != correlated
        || !st.table().equals(table.definition().name())) {
      return null;
    }
    return new FeedSet.Seen(st.name(), actor);
  }

  private static FeedSet follow(RelNode rel, int column, EntityTable ranked) {
    if (!(rel instanceof Project p)
        || p.getProjects().size() != 1
        || !(stripCast(p.getProjects().get(0)) instanceof RexInputRef out)) {
      return null;
    }
    RelNode r = p.getInput();
    List<FeedSet.Eq> where = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (r instanceof Filter f) {
      List<String> fields = f.getRowType().getFieldNames();
      for (RexNode c : RelOptUtil.conjunctions(f.getCondition())) {
        RexNode[] eq = equality(c);
        FeedSet.Value v = eq == null ? null : value(eq[1]);
        if (v == null) {
          return null;
        }
        int col = ((RexInputRef) eq[0]).getIndex();
        where.add(new FeedSet.Eq(col, v));
        names.add(fields.get(col).toLowerCase(Locale.ROOT));
      }
      r = f.getInput();
    }
    if (!(r instanceof TableScan scan)) {
      return null;
    }
    EntityTableImpl source = scan.getTable().unwrap(EntityTableImpl.class);
    if (source == null) {
      return null;
    }
    EntityTable def = source.definition();
    return new FeedSet.Follow(
        column,
        ranked.columns().get(column).name(),
        def.name(),
        out.getIndex(),
        def.columns().get(out.getIndex()).name(),
        where,
        names);
  }

  /** {@code [column ref, other side]} of {@code col = x} or {@code x = col}, else null. */
  private static RexNode[] equality(RexNode c) {
    if (c.getKind() != SqlKind.EQUALS) {
      return null;
    }
    RexNode a = stripCast(((RexCall) c).getOperands().get(0));
    RexNode b = stripCast(((RexCall) c).getOperands().get(1));
    if (a instanceof RexInputRef) {
      return new RexNode[] {a, b};
    }
    return b instanceof RexInputRef ? new RexNode[] {b, a} : null;
  }

  /** A parameter, or a character or exact numeric literal (not NULL); else null. */
  private static FeedSet.Value value(RexNode n) {
    if (n instanceof RexDynamicParam p) {
      return new FeedSet.Value(null, p.getIndex());
    }
    if (n instanceof RexLiteral lit && !lit.isNull()) {
      if (lit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER) {
        return new FeedSet.Value(lit.getValueAs(String.class), -1);
      }
      if (lit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC) {
        return new FeedSet.Value(FeedRuntime.norm(lit.getValueAs(BigDecimal.class)), -1);
      }
    }
    return null;
  }

  private static boolean isRef(RexNode n, int index) {
    return stripCast(n) instanceof RexInputRef r && r.getIndex() == index;
  }

  private static RexNode stripCast(RexNode e) {
    while (e.getKind() == SqlKind.CAST) {
      e = ((RexCall) e).getOperands().get(0);
    }
    return e;
  }
}
