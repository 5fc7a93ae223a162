package io.tidal.bench.e2e;

/** One row of a top-k answer: an entity id and the score the target reported for it. */
record Ranked(String id, double score) {}
