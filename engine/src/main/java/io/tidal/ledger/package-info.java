/**
 * The signal ledger: per (signal type, entity) hot state (forward-decay accumulators per half-life,
 * raw timestamps for exact windowed counts, totals), kept in striped hash tables and mirrored into
 * the rank indexes of {@code io.tidal.rank}. Public face: {@link io.tidal.ledger.Ledger}, its
 * checkpoint record {@link io.tidal.ledger.StateRecord}, {@link io.tidal.ledger.LedgerStats} and
 * {@link io.tidal.ledger.LedgerException}.
 */
package io.tidal.ledger;
