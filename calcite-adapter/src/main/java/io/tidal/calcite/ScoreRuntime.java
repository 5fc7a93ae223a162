package io.tidal.calcite;

import io.tidal.TidalDB;
import io.tidal.TidalException;
import java.time.Duration;
import org.apache.calcite.DataContext;

/**
 * The run-time side of {@link ScoreFunction}: called by generated code with the statement's
 * {@link DataContext}. Public only because generated classes call it.
 */
public final class ScoreRuntime {
  private ScoreRuntime() {}

  public static double decayScore(
      DataContext root, Object id, Object type, Object halfLife, Object at) {
    if (id == null) {
      return 0.0;
    }
    long ms = at(root, at);
    double memo = ScoreMemo.lookup(root, ScoreMemo.Kind.DECAY, id, type, halfLife, ms);
    if (!Double.isNaN(memo)) { // the walk's score of this row
      return memo;
    }
    TidalDB db = TidalSchema.from(root).session().db();
    String t = type(type);
    return db.decayScore(t, SignalRows.entityKey(db, t, id), duration("half-life", halfLife), ms);
  }

  public static long windowedCount(
      DataContext root, Object id, Object type, Object window, Object at) {
    if (id == null) {
      return 0L;
    }
    long ms = at(root, at);
    double memo = ScoreMemo.lookup(root, ScoreMemo.Kind.COUNT, id, type, window, ms);
    if (!Double.isNaN(memo)) {
      return (long) memo;
    }
    TidalDB db = TidalSchema.from(root).session().db();
    String t = type(type);
    return db.windowedCount(t, SignalRows.entityKey(db, t, id), duration("window", window), ms);
  }

  public static double velocity(
      DataContext root, Object id, Object type, Object window, Object at) {
    if (id == null) {
      return 0.0;
    }
    long ms = at(root, at);
    double memo = ScoreMemo.lookup(root, ScoreMemo.Kind.VELOCITY, id, type, window, ms);
    if (!Double.isNaN(memo)) {
      return memo;
    }
    TidalDB db = TidalSchema.from(root).session().db();
    String t = type(type);
    return db.velocity(t, SignalRows.entityKey(db, t, id), duration("window", window), ms);
  }

  /** {@code at} in UTC epoch ms: the argument, or the statement's start time when omitted. */
  static long at(DataContext root, Object at) {
    if (at != null) {
      return ((Number) at).longValue();
    }
    Object now = root.get(DataContext.Variable.UTC_TIMESTAMP.camelName);
    return now instanceof Number n ? n.longValue() : System.currentTimeMillis();
  }

  private static String type(Object type) {
    if (type == null) {
      throw TidalException.invalidArgument("signal type must not be NULL");
    }
    return type.toString();
  }

  private static Duration duration(String what, Object ms) {
    if (ms == null) {
      throw TidalException.invalidArgument(what + " must not be NULL");
    }
    return Duration.ofMillis(((Number) ms).longValue());
  }
}
