package io.tidal.sql;

import io.tidal.calcite.TidalRules;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;

/** Calcite's prepare with tidal's planner rules installed (the hook Calcite's Driver documents). */
public final class TidalPrepare extends CalcitePrepareImpl {

  @Override
  protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    TidalRules.install(planner);
    return planner;
  }
}
