package io.tidal.bench.e2e;

/** One row of the report: what is measured, its unit, and which direction is better. */
enum Metric {
  INGEST_BATCH("Durable batch ingest (1,000 rows/commit)", "rows/s", true, "ingest"),
  INGEST_1T("Single-row autocommit, 1 thread", "rows/s", true, "single1"),
  INGEST_8T("Single-row autocommit, 8 threads", "rows/s", true, "single8"),
  Q1_P50("Q1 top-10 decay(view,1h) p50", "µs", false, "Q1"),
  Q1_P99("Q1 top-10 decay(view,1h) p99", "µs", false, "Q1"),
  Q2_P50("Q2 top-10 blend of 3 decays p50", "µs", false, "Q2"),
  Q2_P99("Q2 top-10 blend of 3 decays p99", "µs", false, "Q2"),
  Q3_P50("Q3 point decay(view,1h) p50", "µs", false, "Q3"),
  Q3_P99("Q3 point decay(view,1h) p99", "µs", false, "Q3"),
  Q4_P50("Q4 point like-count 24h p50", "µs", false, "Q4"),
  Q4_P99("Q4 point like-count 24h p99", "µs", false, "Q4"),
  Q5_P50("Q5 point velocity(view,1h) p50", "µs", false, "Q5"),
  Q5_P99("Q5 point velocity(view,1h) p99", "µs", false, "Q5"),
  Q6_P50("Q6 top-10 velocity(view,1h) p50", "µs", false, "Q6"),
  Q6_P99("Q6 top-10 velocity(view,1h) p99", "µs", false, "Q6"),
  DISK("Disk size after ingest", "MB", false, "disk"),
  RSS("Peak RSS of the child JVM (VmHWM)", "MB", false, "rss"),
  REOPEN("Reopen + first point query", "ms", false, "reopen");

  final String label;
  final String unit;
  final boolean higherIsBetter;

  /** The phase whose status (OK / WRONG / FAILED / UNAVAILABLE) governs this metric. */
  final String phase;

  Metric(String label, String unit, boolean higherIsBetter, String phase) {
    this.label = label;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
    this.phase = phase;
  }
}
