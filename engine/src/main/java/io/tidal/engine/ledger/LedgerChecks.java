package io.tidal.engine.ledger;

import io.tidal.TidalDB;
import io.tidal.engine.rank.RankTerm;
import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The argument checks of {@link Ledger}'s operations: each throws the ledger's error for a bad one. */
final class LedgerChecks {
  private LedgerChecks() {}

  static long requireEntity(EntityId entity) {
    if (entity == null) {
      throw LedgerException.invalidQuery("entity id must not be null", null);
    }
    return entity.bits();
  }

  static void checkTime(String what, long t) {
    if (t < TidalDB.MIN_TIMESTAMP || t > TidalDB.MAX_TIMESTAMP) {
      throw LedgerException.invalidTimestamp(what, t, TidalDB.MIN_TIMESTAMP, TidalDB.MAX_TIMESTAMP);
    }
  }

  static void checkHalfLife(SignalType type, int j) {
    if (j < 0 || j >= type.halfLifeCount()) {
      throw LedgerException.undeclaredHalfLife(type, j);
    }
  }

  static void checkWindow(SignalType type, int j) {
    if (j < 0 || j >= type.windowCount()) {
      throw LedgerException.undeclaredWindow(type, j);
    }
  }

  static double seconds(SignalType type, int windowIndex) {
    return type.windowMs(windowIndex) / 1000.0;
  }

  /** Throws {@code BEFORE_HORIZON} unless every term of a top-K is exact at {@code at}. */
  static void checkHorizons(List<RankTerm> terms, List<TypeLedger> tls, long at) {
    for (int i = 0; i < terms.size(); i++) {
      if (terms.get(i) instanceof RankTerm.Count c) {
        tls.get(i).checkCountAt(c.windowIndex(), at);
      } else {
        tls.get(i).checkDecayAt(at);
      }
    }
  }

  /**
   * Checks a top-K's terms, limit, offset and time; returns each term's type ledger (by {@code
   * require}, which throws for an unknown type).
   */
  static List<TypeLedger> validate(
      List<RankTerm> terms,
      long at,
      int limit,
      int offset,
      Function<SignalType, TypeLedger> require) {
    if (terms == null || terms.isEmpty()) {
      throw LedgerException.invalidQuery("a top-K needs at least one term", terms);
    }
    if (limit < 0 || offset < 0 || (long) limit + offset > Ledger.MAX_K) {
      throw LedgerException.invalidQuery(
          "limit and offset must be >= 0 with limit + offset <= " + Ledger.MAX_K,
          limit + "/" + offset);
    }
    checkTime("time", at);
    List<TypeLedger> tls = new ArrayList<>();
    String table = null;
    for (RankTerm t : terms) {
      TypeLedger tl = require.apply(t.type());
      if (t instanceof RankTerm.Decay d) {
        checkHalfLife(d.type(), d.halfLifeIndex());
        if (!(d.coefficient() >= 0) || Double.isInfinite(d.coefficient())) {
          throw LedgerException.invalidQuery(
              "a decay coefficient must be finite and >= 0", d.coefficient());
        }
      } else if (t instanceof RankTerm.Count c) {
        checkWindow(c.type(), c.windowIndex());
        if (terms.size() != 1) {
          throw LedgerException.invalidQuery(
              "a count or velocity term must be the only term", terms.size());
        }
      }
      if (table != null && !table.equals(t.type().table())) {
        throw LedgerException.invalidQuery(
            "all terms must rank one entity table", t.type().table());
      }
      table = t.type().table();
      tls.add(tl);
    }
    checkHorizons(terms, tls, at);
    return tls;
  }
}
