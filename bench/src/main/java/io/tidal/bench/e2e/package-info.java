/**
 * The end-to-end benchmark: workload W1 against tidal and the peers (H2, SQLite, DuckDB, each
 * naive and expert), every target in its own JVM, every answer checked by a brute-force oracle.
 * Entry point {@link io.tidal.bench.e2e.Main}; results in {@code docs/benchmarks/e2e.md}.
 */
package io.tidal.bench.e2e;
