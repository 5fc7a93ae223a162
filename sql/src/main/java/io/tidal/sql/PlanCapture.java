package io.tidal.sql;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.rel.RelNode;

/**
 * What one Calcite prepare produced, handed to its caller: the physical plan (the root rel that was
 * implemented) and the signature (compiled code, columns, parameters). The driver opens a capture
 * around {@code prepareStatement} to recognise plans it can execute without Calcite's per-execution
 * machinery (a ranked top-k over a {@code TopKScan}).
 *
 * <p>Design notes. Preparing is synchronous on the caller's thread ({@link TidalPrepare} runs
 * between {@link #open} and {@link #close} on it), so a thread-local slot set for the length of one
 * call is enough; captures nest (a view's query prepared while another statement is prepared
 * restores the outer one). With Calcite's fallback planner the last implemented plan wins, which
 * is the one the signature's code was generated from.
 */
public final class PlanCapture implements AutoCloseable {
  private static final ThreadLocal<PlanCapture> CURRENT = new ThreadLocal<>();

  private final PlanCapture previous;
  private RelNode plan;
  private CalcitePrepare.CalciteSignature<?> signature;

  private PlanCapture(PlanCapture previous) {
    this.previous = previous;
  }

  /** Starts capturing the prepares on this thread until {@link #close}. */
  public static PlanCapture open() {
    PlanCapture c = new PlanCapture(CURRENT.get());
    CURRENT.set(c);
    return c;
  }

  /** The physical plan of the last statement prepared, or null. */
  public RelNode plan() {
    return plan;
  }

  /** The signature of the last statement prepared, or null. */
  public CalcitePrepare.CalciteSignature<?> signature() {
    return signature;
  }

  static void plan(RelNode rel) {
    PlanCapture c = CURRENT.get();
    if (c != null) {
      c.plan = rel;
    }
  }

  static void signature(CalcitePrepare.CalciteSignature<?> s) {
    PlanCapture c = CURRENT.get();
    if (c != null) {
      c.signature = s;
    }
  }

  @Override
  public void close() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
