package io.tidal.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG of a report: for each metric, every target's advantage over the best peer as log10
 * (0 = as good as the best peer, above = better; throughput and latency alike).
 */
final class Plot {
  private Plot() {}

  static void write(Path png, Map<String, Map<Metric, Stats>> stats, Map<Metric, String> best)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1400)
            .height(600)
            .title(
                "W1: advantage over the best peer per metric (log10; 0 = as good as the best peer,"
                    + " +1 = 10× better, -1 = 10× worse)")
            .xAxisTitle("metric")
            .yAxisTitle("log10(× vs best peer)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setAvailableSpaceFill(0.85);
    List<String> labels = new ArrayList<>();
    List<Metric> metrics = new ArrayList<>();
    for (Metric m : Metric.values()) {
      if (best.get(m) != null && m != Metric.RSS && m != Metric.DISK) {
        metrics.add(m);
        labels.add(shortLabel(m));
      }
    }
    for (Map.Entry<String, Map<Metric, Stats>> e : stats.entrySet()) {
      List<Double> ys = new ArrayList<>();
      boolean any = false;
      for (Metric m : metrics) {
        double adv = e.getValue().get(m).advantageOver(stats.get(best.get(m)).get(m), m);
        ys.add(Double.isNaN(adv) ? null : Math.log10(adv));
        any |= !Double.isNaN(adv);
      }
      if (any && !labels.isEmpty()) {
        chart.addSeries(e.getKey(), labels, ys);
      }
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String shortLabel(Metric m) {
    switch (m) {
      case INGEST_BATCH:
        return "batch ingest";
      case INGEST_1T:
        return "1-row 1 thr";
      case INGEST_8T:
        return "1-row 8 thr";
      case REOPEN:
        return "reopen";
      default:
        return m.name().replace('_', ' ').toLowerCase(Locale.ROOT);
    }
  }
}
