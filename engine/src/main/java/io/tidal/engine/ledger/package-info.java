/**
 * The signal ledger: per (signal type, entity) hot state (forward-decay accumulators per half-life,
 * the retained signals with their weights for exact as-of reads and windowed counts, the folded
 * values of older ones, totals), kept in striped hash tables and mirrored into the rank indexes of
 * {@code io.tidal.engine.rank}. Public face: {@link io.tidal.engine.ledger.Ledger}, its
 * checkpoint record {@link io.tidal.engine.ledger.StateRecord}, {@link io.tidal.engine.ledger.LedgerStats} and
 * {@link io.tidal.engine.ledger.LedgerException}.
 */
package io.tidal.engine.ledger;
