/**
 * The signal ledger: per (signal type, entity) hot state (forward-decay accumulators per half-life,
 * the retained signals with their weights for exact as-of reads and windowed counts, the folded
 * values of older ones, totals), kept in striped hash tables and mirrored into the rank indexes of
 * {@code io.tidal.rank}. Public face: {@link io.tidal.ledger.Ledger}, its
 * checkpoint record {@link io.tidal.ledger.StateRecord}, {@link io.tidal.ledger.LedgerStats} and
 * {@link io.tidal.ledger.LedgerException}.
 */
package io.tidal.ledger;
