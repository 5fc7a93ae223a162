package io.tidal.engine.ledger;

import io.tidal.schema.EntityId;
import io.tidal.schema.SignalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The checkpoint's side of {@link Ledger}: the states of every type handed out (encoded, or copied
 * to be encoded later), whole or by dirty group, and the dirty flags cleared. Each stripe is read
 * under its lock, one at a time; what the methods promise is documented on {@link Ledger}'s
 * methods of the same purpose.
 */
final class LedgerStates {
  private LedgerStates() {}

  /** One entity's state in the checkpoint encoding ({@link StateCodec}), or null when it has none. */
  static byte[] encoded(TypeLedger tl, long id) {
    StateTable.Stripe st = tl.table.stripe(id);
    synchronized (st) {
      long[] s = st.get(id);
      return s == null ? null : StateCodec.encode(s, tl.k);
    }
  }

  /** See {@link Ledger#forEachState(Consumer, boolean)}. */
  static void forEach(Collection<TypeLedger> types, Consumer<StateRecord> sink, boolean dirtyOnly) {
    for (TypeLedger tl : types) {
      for (StateTable.Stripe st : tl.table.stripes()) {
        List<StateRecord> out = new ArrayList<>();
        synchronized (st) {
          for (int i = 0; i < st.capacity(); i++) {
            long[] s = st.stateAt(i);
            if (s != null && (!dirtyOnly || st.dirtyAt(i))) {
              out.add(
                  new StateRecord(tl.type, EntityId.of(st.idAt(i)), StateCodec.encode(s, tl.k)));
            }
          }
        }
        out.forEach(sink);
      }
    }
  }

  /** See {@link Ledger#copyStatesInDirtyGroups(Consumer, int, Predicate, BiConsumer)}. */
  static void copyInDirtyGroups(
      Collection<TypeLedger> types,
      Consumer<StateCopy> sink,
      int shift,
      Predicate<SignalType> everything,
      BiConsumer<SignalType, Long> removedGroup) {
    for (TypeLedger tl : types) {
      boolean all = everything.test(tl.type);
      Set<Long> groups = new HashSet<>();
      for (long id : tl.drainRemoved()) {
        long g = id >>> shift;
        if (groups.add(g)) {
          removedGroup.accept(tl.type, g);
        }
      }
      if (!all) {
        for (StateTable.Stripe st : tl.table.stripes()) {
          synchronized (st) {
            for (int i = 0; i < st.capacity(); i++) {
              if (st.stateAt(i) != null && st.dirtyAt(i)) {
                groups.add(st.idAt(i) >>> shift);
              }
            }
          }
        }
        if (groups.isEmpty()) {
          continue;
        }
      }
      for (StateTable.Stripe st : tl.table.stripes()) {
        List<StateCopy> out = new ArrayList<>();
        synchronized (st) {
          for (int i = 0; i < st.capacity(); i++) {
            long[] s = st.stateAt(i);
            if (s != null && (all || groups.contains(st.idAt(i) >>> shift))) {
              // a state may be changed in place later: copy the part in use
              out.add(
                  new StateCopy(
                      tl.type,
                      EntityId.of(st.idAt(i)),
                      Arrays.copyOf(s, EntityState.used(s, tl.k)),
                      tl.k));
            }
          }
        }
        out.forEach(sink);
      }
    }
  }

  /** See {@link Ledger#clearDirty}. */
  static void clearDirty(Collection<TypeLedger> types) {
    for (TypeLedger tl : types) {
      for (StateTable.Stripe st : tl.table.stripes()) {
        synchronized (st) {
          st.takeDirty();
        }
      }
    }
  }
}
