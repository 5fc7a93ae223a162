package io.tidal.calcite;

import io.tidal.RankQuery;
import io.tidal.schema.EntityTable;
import io.tidal.schema.Schema;
import io.tidal.schema.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Recognises the plan shapes a ranking index answers and turns them into a {@link RankSpec}.
 *
 * <p>Design notes. Accepted: {@code Sort(score DESC [, key ASC], fetch [, offset]) <- Project
 * [<- Filter] <- scan(entity table)} where the score is
 * <ul>
 *   <li>one {@code DECAY_SCORE}, or a sum {@code c1*DECAY_SCORE(..) + c2*DECAY_SCORE(..) + ...}
 *       with constant coefficients {@code c >= 0} (either side of {@code *}), any types of the table
 *       and declared half-lives (the engine's threshold algorithm);
 *   <li>one {@code WINDOWED_COUNT} or {@code VELOCITY}, optionally times a constant {@code c > 0};
 * </ul>
 * every call's entity argument is the table's key column, its type and duration are literals
 * declared for the type, and all calls share one {@code at}: omitted, a literal or a {@code ?}
 * (several {@code ?} are compared at execution time; when they differ the scan answers).
 * Fetch and offset are literals or {@code ?}. A secondary sort key equal to the index's tie order
 * (the key column ascending) is accepted. Refused (the plan stays a scan, which is always correct):
 * ascending order, negative or non-constant coefficients, a count mixed with other terms, a constant
 * added to the score, undeclared durations, a filter with a key equality (a point lookup is
 * cheaper), non-deterministic or correlated filters.
 *
 * <p>The engine sums decay terms in term order, left to right, as SQL evaluates a left-deep sum, so
 * the scores it ranks by are the ones the query computes, bit for bit.
 */
final class RankMatcher {
  private RankMatcher() {}

  /** A recognised request and the filter to push (null for none). */
  record Match(RankSpec spec, RexNode filter) {}

  private record Coef(double value, RexNode call) {}

  static Match match(Sort sort, Project project, RexNode filter, EntityTableImpl table) {
    EntityTable def = table.definition();
    if (!def.hasPrimaryKey() || sort.fetch == null) {
      return null;
    }
    RankSpec.Arg fetch = arg(sort.fetch);
    RankSpec.Arg offset = sort.offset == null ? RankSpec.Arg.of(0) : arg(sort.offset);
    if (fetch == null || offset == null || !sortKeysMatch(sort, project, def)) {
      return null;
    }
    RexNode score =
        project.getProjects().get(sort.getCollation().getFieldCollations().get(0).getFieldIndex());
    List<Coef> coefs = new ArrayList<>();
    if (!linear(score, 1.0, coefs) || coefs.isEmpty()) {
      return null;
    }
    Schema schema = table.session().db().schema();
    List<RankQuery.Term> terms = new ArrayList<>();
    List<RankSpec.Arg> at = new ArrayList<>();
    for (Coef c : coefs) {
      RexCall call = (RexCall) c.call();
      RankSpec.Arg a = atArg(call);
      if (a == null
          || (a.param() < 0 && at.stream().anyMatch(b -> b.param() < 0 && !b.equals(a)))) {
        return null; // two different fixed times (literals or the statement time)
      }
      if (!at.contains(a)) {
        at.add(a);
      }
      RankQuery.Term t = term(call, c.value(), def, schema);
      if (t == null) {
        return null;
      }
      terms.add(t);
    }
    boolean count = terms.stream().anyMatch(t -> t instanceof RankQuery.Count);
    if (count && (terms.size() != 1 || !(coefs.get(0).value() > 0))) {
      return null;
    }
    if (filter != null && !pushable(filter, def)) {
      return null;
    }
    String filterText = filter == null ? null : filter.toString();
    return new Match(new RankSpec(def.name(), terms, at, fetch, offset, filterText), filter);
  }

  /** First key: the score, descending; an optional second: the key column, ascending. */
  private static boolean sortKeysMatch(Sort sort, Project project, EntityTable def) {
    List<RelFieldCollation> keys = sort.getCollation().getFieldCollations();
    if (keys.isEmpty()
        || keys.size() > 2
        || keys.get(0).getDirection() != RelFieldCollation.Direction.DESCENDING) {
      return false;
    }
    if (keys.size() == 2) {
      RelFieldCollation k = keys.get(1);
      RexNode e = project.getProjects().get(k.getFieldIndex());
      return k.getDirection() == RelFieldCollation.Direction.ASCENDING
          && e instanceof RexInputRef ref
          && ref.getIndex() == def.keyIndex();
    }
    return true;
  }

  /** Flattens {@code factor * expr} into score calls with coefficients; false if not linear. */
  private static boolean linear(RexNode e, double factor, List<Coef> out) {
    if (isScoreCall(e)) {
      out.add(new Coef(factor, e));
      return true;
    }
    if (!(e instanceof RexCall c)) {
      return false;
    }
    switch (c.getKind()) {
      case PLUS: // only at the top: c * (a + b) rounds differently from c*a + c*b
        return factor == 1.0
            && linear(c.getOperands().get(0), factor, out)
            && linear(c.getOperands().get(1), factor, out);
      case TIMES:
        {
          Double a = constant(c.getOperands().get(0));
          Double b = constant(c.getOperands().get(1));
          if (a != null && b == null) {
            return factor == 1.0 && linear(c.getOperands().get(1), a, out);
          }
          if (b != null && a == null) {
            return factor == 1.0 && linear(c.getOperands().get(0), b, out);
          }
          return false;
        }
      case CAST:
        return linear(c.getOperands().get(0), factor, out);
      default:
        return false;
    }
  }

  private static Double constant(RexNode e) {
    RexNode x = stripCast(e);
    if (x instanceof RexLiteral lit && !lit.isNull() && lit.getValue() instanceof Number) {
      Double d = lit.getValueAs(Double.class);
      return d != null && Double.isFinite(d) ? d : null;
    }
    return null;
  }

  private static boolean isScoreCall(RexNode e) {
    return e instanceof RexCall c
        && c.getOperator() instanceof SqlUserDefinedFunction f
        && f.getFunction() instanceof ScoreFunction;
  }

  private static RankQuery.Term term(RexCall call, double coef, EntityTable def, Schema schema) {
    ScoreFunction.Kind kind =
        ((ScoreFunction) ((SqlUserDefinedFunction) call.getOperator()).getFunction()).kind();
    List<RexNode> ops = call.getOperands();
    if (!(stripCast(ops.get(0)) instanceof RexInputRef ref)
        || ref.getIndex() != def.keyIndex()
        || !(stripCast(ops.get(1)) instanceof RexLiteral typeLit)
        || !(stripCast(ops.get(2)) instanceof RexLiteral durLit)) {
      return null;
    }
    String type = typeLit.getValueAs(String.class);
    Long ms = durLit.getValueAs(Long.class);
    SignalType st = type == null ? null : schema.signalType(type).orElse(null);
    if (st == null || ms == null || !st.table().equals(def.name()) || !(coef >= 0)) {
      return null;
    }
    Duration d = Duration.ofMillis(ms);
    if (kind == ScoreFunction.Kind.DECAY) {
      return st.halfLifeIndex(d) < 0 ? null : new RankQuery.Decay(coef, st.name(), d);
    }
    return st.windowIndex(d) < 0
        ? null
        : new RankQuery.Count(st.name(), d, kind == ScoreFunction.Kind.VELOCITY);
  }

  /** The {@code at} argument: omitted (statement time), a literal, or a parameter; else null. */
  private static RankSpec.Arg atArg(RexCall call) {
    if (call.getOperands().size() < 4) {
      return RankSpec.Arg.STATEMENT_TIME;
    }
    RexNode a = stripCast(call.getOperands().get(3));
    if (a.getKind() == SqlKind.DEFAULT || (a instanceof RexLiteral l && l.isNull())) {
      return RankSpec.Arg.STATEMENT_TIME;
    }
    if (a instanceof RexLiteral lit) {
      Long v = lit.getValueAs(Long.class);
      return v == null ? null : RankSpec.Arg.of(v);
    }
    return a instanceof RexDynamicParam p ? RankSpec.Arg.param(p.getIndex()) : null;
  }

  /** A fetch/offset: a non-negative literal or a parameter; else null. */
  private static RankSpec.Arg arg(RexNode n) {
    RexNode x = stripCast(n);
    if (x instanceof RexLiteral lit) {
      Long v = lit.getValueAs(Long.class);
      return v == null || v < 0 ? null : RankSpec.Arg.of(v);
    }
    return x instanceof RexDynamicParam p ? RankSpec.Arg.param(p.getIndex()) : null;
  }

  private static RexNode stripCast(RexNode e) {
    while (e.getKind() == SqlKind.CAST) {
      e = ((RexCall) e).getOperands().get(0);
    }
    return e;
  }

  /** Deterministic, uncorrelated, and no conjunct is a key equality (a point lookup wins). */
  private static boolean pushable(RexNode filter, EntityTable def) {
    if (!RexUtil.isDeterministic(filter)
        || RexUtil.containsCorrelation(filter)
        || RexUtil.SubQueryFinder.find(filter) != null) {
      return false;
    }
    for (RexNode c : RelOptUtil.conjunctions(filter)) {
      if (c.getKind() == SqlKind.EQUALS || c.getKind() == SqlKind.SEARCH) {
        for (RexNode op : ((RexCall) c).getOperands()) {
          if (stripCast(op) instanceof RexInputRef r && r.getIndex() == def.keyIndex()) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
