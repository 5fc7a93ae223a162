package io.tidal.engine.rank;

import io.tidal.schema.EntityId;

/** One ranked entity: its id and its score at the query's time. */
public record Ranked(EntityId id, double score) {}
