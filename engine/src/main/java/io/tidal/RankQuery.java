package io.tidal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A top-K request answered from ranking indexes, never by scanning every entity.
 *
 * <p>The score is either a non-negative weighted sum of decay scores ({@link Decay} terms, any types
 * and declared half-lives of the same entity table), or exactly one {@link Count} term (windowed count,
 * or velocity = count / seconds(window)). Results are ordered by score descending, ties by entity key
 * ascending; {@code offset} results are skipped, then up to {@code k} returned.
 *
 * <p>Only entities with at least one recorded signal of a type in the query are ranked: when fewer
 * qualify, the result is shorter than {@code k}. (Entities without signals score 0; callers that must
 * list them, like SQL, fill from the table.) The optional {@code filter} is tested on entity keys
 * during the walk, which stops once enough entities passed it.
 *
 * <p>{@code include} (nullable) restricts the ranking to those entity keys (e.g. the items of the
 * creators a user follows, read from a secondary index): they are scored by point reads, one each,
 * instead of walking the index, so the work is bounded by the set's size, not by the table.
 * Unknown keys and keys without signals are left out (they score 0).
 *
 * <p>{@code exclude} and {@code within} (nullable, sets of the ranked table's entities from
 * {@link TidalDB#actorEntitySet} / {@link TidalDB#indexEntitySet}) leave out, or keep only, their
 * entities, tested by id before {@code filter} (so before any key or row is read). With
 * {@code within} the engine picks the cheaper exact plan by its own counts: walk the index with the
 * set as a filter (about {@code (k + 1) * states / |within|} entries), or score the set's entities
 * by point reads ({@code |within|} of them).
 */
public record RankQuery(
    List<Term> terms,
    long at,
    int k,
    int offset,
    Predicate<Object> filter,
    java.util.Collection<Object> include,
    EntitySet exclude,
    EntitySet within) {

  /** Largest {@code k + offset} accepted. */
  public static final int MAX_K = 100_000;

  public RankQuery {
    terms = List.copyOf(Objects.requireNonNull(terms, "terms"));
  }

  /** A query without entity sets. */
  public RankQuery(
      List<Term> terms,
      long at,
      int k,
      int offset,
      Predicate<Object> filter,
      java.util.Collection<Object> include) {
    this(terms, at, k, offset, filter, include, null, null);
  }

  /** A query over every entity with signals ({@code include} null). */
  public RankQuery(List<Term> terms, long at, int k, int offset, Predicate<Object> filter) {
    this(terms, at, k, offset, filter, null);
  }

  /** Top {@code k} by one decay score, no filter. */
  public static RankQuery decay(String type, Duration halfLife, long at, int k) {
    return new RankQuery(List.of(new Decay(1.0, type, halfLife)), at, k, 0, null);
  }

  /** Top {@code k} by windowed count ({@code velocity=false}) or velocity, no filter. */
  public static RankQuery count(String type, Duration window, boolean velocity, long at, int k) {
    return new RankQuery(List.of(new Count(type, window, velocity)), at, k, 0, null);
  }

  /** A copy with a key filter. */
  public RankQuery withFilter(Predicate<Object> keyFilter) {
    return new RankQuery(terms, at, k, offset, keyFilter, include, exclude, within);
  }

  /** A copy ranking only the entities {@code keys} (null: all). */
  public RankQuery withInclude(java.util.Collection<Object> keys) {
    return new RankQuery(terms, at, k, offset, filter, keys, exclude, within);
  }

  /** A copy with an offset. */
  public RankQuery withOffset(int newOffset) {
    return new RankQuery(terms, at, k, newOffset, filter, include, exclude, within);
  }

  /** One term of the score. */
  public sealed interface Term permits Decay, Count {
    String type();
  }

  /** {@code coefficient * DECAY_SCORE(entity, type, halfLife, at)}, coefficient >= 0. */
  public record Decay(double coefficient, String type, Duration halfLife) implements Term {}

  /** {@code WINDOWED_COUNT(entity, type, window, at)}, or {@code VELOCITY} when {@code velocity}. */
  public record Count(String type, Duration window, boolean velocity) implements Term {}
}
