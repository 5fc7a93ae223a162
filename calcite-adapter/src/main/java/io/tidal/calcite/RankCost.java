package io.tidal.calcite;

import io.tidal.RowWriter;
import java.util.Iterator;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rex.RexNode;

/**
 * Decides between walking a ranking index and scanning the table, for a filtered top-K.
 *
 * <p>Design notes. Walking reads index entries best first and tests the predicate on each entity's
 * row until {@code k} rows passed: with selectivity {@code s} about {@code k / s} entries per index
 * list (the threshold algorithm reads its lists in parallel, so {@code t} terms cost about
 * {@code t} times that). Each entry costs a row lookup, the predicate and the score's point reads:
 * {@link #WALK_ENTRY_COST} row-scan units. The scan reads every row once ({@code N} units) and
 * sorts the few that pass. So the walk is chosen when
 * <pre>  WALK_ENTRY_COST * t * k / s  &lt;  N</pre>
 * {@code s} is Calcite's estimate for the predicate ({@link RelMdUtil#guessSelectivity}: 0.15 per
 * equality, 0.5 per range comparison, products for AND); {@code k} is offset + fetch, or
 * {@link #PARAM_K} when they are {@code ?}; {@code N} is the table's row count, counted only up to
 * the walk's estimated cost (so deciding costs no more than one walk). Without a filter the walk
 * always wins (about {@code k} entries). The decision is made once, when the statement is planned.
 */
final class RankCost {
  /** Cost of one walked index entry, in units of one scanned row. */
  static final double WALK_ENTRY_COST = 4.0;

  /** The {@code k} assumed when LIMIT or OFFSET is a parameter. */
  static final long PARAM_K = 100;

  private RankCost() {}

  /** Estimated index entries a walk reads. */
  static double walkEntries(RankSpec spec, RexNode filter) {
    long k =
        spec.fetch().isConstant() && spec.offset().isConstant()
            ? spec.fetch().constant() + spec.offset().constant()
            : PARAM_K;
    double s = filter == null ? 1.0 : selectivity(filter);
    return Math.max(1, k) / s * spec.terms().size();
  }

  /** The predicate's estimated selectivity, in (0, 1]. */
  static double selectivity(RexNode filter) {
    double s = RelMdUtil.guessSelectivity(filter);
    return s > 0 && s <= 1 ? s : 1.0;
  }

  /** Whether walking the index is expected to beat scanning {@code table}. */
  static boolean walkWins(RowWriter rows, String table, RankSpec spec, RexNode filter) {
    if (filter == null) {
      return true;
    }
    double walkCost = WALK_ENTRY_COST * walkEntries(spec, filter);
    return countUpTo(rows, table, walkCost) > walkCost;
  }

  /** Rows of {@code table}, counting stops once past {@code limit}. */
  static long countUpTo(RowWriter rows, String table, double limit) {
    long n = 0;
    for (Iterator<Object[]> it = rows.scanRows(table); it.hasNext() && n <= limit; it.next()) {
      n++;
    }
    return n;
  }
}
