package io.tidal.engine.rank;

import io.tidal.schema.SignalType;

/**
 * One term of a top-K score: either a decay term ({@code coefficient * DECAY_SCORE(e, type,
 * halfLife)}, coefficient finite and non-negative; several may be summed, over types of one entity
 * table), or a single count term ({@code WINDOWED_COUNT(e, type, window)}, or {@code VELOCITY} =
 * count / seconds(window)). Half-lives and windows are given by their index in the type's declared
 * lists ({@link SignalType#requireHalfLife}, {@link SignalType#requireWindow}).
 */
public sealed interface RankTerm permits RankTerm.Decay, RankTerm.Count {
  SignalType type();

  /** {@code coefficient * DECAY_SCORE(e, type, halfLife #halfLifeIndex)}. */
  record Decay(double coefficient, SignalType type, int halfLifeIndex) implements RankTerm {}

  /** {@code WINDOWED_COUNT(e, type, window #windowIndex)}, or velocity when {@code velocity}. */
  record Count(SignalType type, int windowIndex, boolean velocity) implements RankTerm {}

  static RankTerm decay(double coefficient, SignalType type, int halfLifeIndex) {
    return new Decay(coefficient, type, halfLifeIndex);
  }

  static RankTerm count(SignalType type, int windowIndex, boolean velocity) {
    return new Count(type, windowIndex, velocity);
  }
}
