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
    TidalDB db = TidalSchema.from(root).session().db();
    String t = type(type);
    return db.decayScore(
        t, SignalRows.entityKey(db, t, id), duration("half-life", halfLife), at(root, at));
  }

  public static long windowedCount(
      DataContext root, Object id, Object type, Object window, Object at) {
    if (id == null) {
      return 0L;
    }
    TidalDB db = TidalSchema.from(root).session().db();
    String t = type(type);
    return db.windowedCount(
        t, SignalRows.entityKey(db, t, id), duration("window", window), at(root, at));
  }

  public static double velocity(
      DataContext root, Object id, Object type, Object window, Object at) {
    if (id == null) {
      return 0.0;
    }
    TidalDB db = TidalSchema.from(root).session().db();
    String t = type(type);
    return db.velocity(
        t, SignalRows.entityKey(db, t, id), duration("window", window), at(root, at));
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
