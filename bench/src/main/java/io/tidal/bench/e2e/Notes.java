package io.tidal.bench.e2e;

/** The fixed explanations every report carries: what each target is and what is measured. */
final class Notes {
  private Notes() {}

  static void append(StringBuilder b) {
    b.append(
        """
        ## What is measured

        - **Targets.** `tidal`: the `jdbc:tidal:` driver with docs/SQL.md's SQL (signal types,
          `INSERT INTO signals`, `DECAY_SCORE` / `WINDOWED_COUNT` / `VELOCITY`, `ORDER BY ... LIMIT 10`).
          `*-naive`: a raw events table `(kind, item, w, ts)` with an index on `(kind, item, ts)`;
          every answer aggregated at query time (`SUM(w * POWER(2, -(at - ts) / h))`,
          `COUNT(*) WHERE ts > at - W`). `*-expert`: what a skilled developer builds: one
          forward-decay accumulator per (item, type, half-life) maintained by upsert with an index
          on (kind, hl, accumulator DESC, item), so Q1 is an index read; per-minute window buckets
          with a covering index on (kind, bucket); each batch coalesced in Java before the upserts.
          Experts keep no raw events (tidal does), which favours them on ingest and disk. DuckDB
          cannot upsert an indexed column and its ART indexes serve only point lookups, so its
          expert has primary keys only, and merges each batch from temporary staging tables filled
          by the Appender; the DuckDB naive variant ingests through the Appender too.
        - **Durability.** tidal `durability=sync` (fsync per batch / per autocommit insert);
          SQLite WAL + `synchronous=FULL`; DuckDB's WAL sync at commit. H2 2.3 has no
          fsync-per-commit mode: it runs with `WRITE_DELAY=0` (each commit written, not forced),
          a weaker guarantee than the others, to its advantage.
        - **Phases.** Batch ingest: all signals, 1,000 per batch and commit. Single-row autocommit:
          one signal per durable commit, appended to the loaded database after the queries,
          bounded (full: 20,000 rows or 30 s per phase; quick: 2,000 or 2 s), 8 threads each with
          its own connection (conflicts and busy errors retried). Queries are prepared, asked as of
          the end of the simulated week (`at` a literal, the item id the only parameter); point
          queries cycle through probe items drawn from the same Zipf law; a warm-up in windows
          (full: 0.5 s, quick: 0.1 s) until two successive windows' p50 agree within 5 % or a cap
          is spent (full: 30 s, quick: 1 s), then timed repetitions within a time budget (full: 5 s,
          quick: 0.4 s). Disk: all files after a clean close. Reopen: open +
          prepare + first point query. Peak RSS: the child JVM's VmHWM at the end, JVM included.
        - **Correctness.** Every answer (every repetition) is checked against an exact brute-force
          computation over the raw events in Java (relative tolerance 1e-6 for scores, exact for
          counts, ties by id); a wrong answer is reported as WRONG and its timings are dropped.

        """);
  }
}
