package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private static final DemoData DATA = DemoData.generate(42, 5_000, 100_000);

  @Test
  void generate_sameSeed_sameEvents() {
    DemoData again = DemoData.generate(42, 5_000, 100_000);
    assertThat(again.events).isEqualTo(DATA.events);
    assertThat(again.items).isEqualTo(DATA.items);
    assertThat(DemoData.generate(43, 5_000, 100_000).events).isNotEqualTo(DATA.events);
  }

  @Test
  void generate_signalCount_closeToTarget() {
    assertThat(DATA.events.size()).isBetween(80_000, 120_000);
    long[] perType = new long[3];
    DATA.events.forEach(e -> perType[e.type()]++);
    assertThat(perType[0]).as("views").isGreaterThan(perType[1]);
    assertThat(perType[1]).as("likes").isGreaterThan(perType[2]);
    assertThat(perType[2]).as("shares").isPositive();
  }

  @Test
  void events_insideTheWeek_inArrivalOrder_someLate() {
    long late = 0;
    long outOfOrder = 0;
    long maxTs = Long.MIN_VALUE;
    for (DemoData.Event e : DATA.events) {
      assertThat(e.ts()).isBetween(DemoData.START, DemoData.END - 1);
      assertThat(e.arrival()).isGreaterThanOrEqualTo(e.ts());
      late += e.arrival() - e.ts() >= 5 * 60_000 ? 1 : 0;
      outOfOrder += e.ts() < maxTs ? 1 : 0;
      maxTs = Math.max(maxTs, e.ts());
    }
    assertThat(DATA.events).isSortedAccordingTo((a, b) -> Long.compare(a.arrival(), b.arrival()));
    double lateShare = late / (double) DATA.events.size();
    assertThat(lateShare).isBetween(0.01, 0.03);
    assertThat(outOfOrder).isGreaterThan(late / 2);
  }

  @Test
  void popularity_isSkewed() {
    int[] views = viewsPerItem();
    int[] sorted = views.clone();
    Arrays.sort(sorted);
    long top1Percent =
        IntStream.range(sorted.length - sorted.length / 100, sorted.length)
            .mapToLong(i -> sorted[i])
            .sum();
    long total = Arrays.stream(sorted).asLongStream().sum();
    assertThat(top1Percent / (double) total)
        .as("share of views on the top 1% items")
        .isBetween(0.15, 0.8);
  }

  @Test
  void viralItems_dominateTheLastHour() {
    long from = DemoData.END - 3_600_000L;
    int[] lastHour = new int[DATA.items.size()];
    DATA.events.stream()
        .filter(e -> e.type() == 0 && e.ts() > from)
        .forEach(e -> lastHour[e.item()]++);
    int best =
        IntStream.range(0, lastHour.length)
            .boxed()
            .max((a, b) -> Integer.compare(lastHour[a], lastHour[b]))
            .orElseThrow();
    assertThat(Arrays.stream(DATA.viral).boxed().toList()).contains(best);
  }

  @Test
  void dailyCycle_eveningsBusierThanMornings() {
    long[] perHour = new long[24];
    DATA.events.forEach(e -> perHour[(int) ((e.ts() / 3_600_000L) % 24)]++);
    assertThat(perHour[20]).isGreaterThan(2 * perHour[8]);
  }

  @Test
  void items_haveDistinctIdsAndKnownCategories() {
    assertThat(DATA.items.stream().map(DemoData.Item::id).distinct().count())
        .isEqualTo(DATA.items.size());
    assertThat(DATA.items).allMatch(i -> List.of(DemoNames.CATEGORIES).contains(i.category()));
    assertThat(DATA.items).allMatch(i -> i.title().length() < Table.MAX_TEXT);
  }

  private static int[] viewsPerItem() {
    int[] views = new int[DATA.items.size()];
    DATA.events.stream().filter(e -> e.type() == 0).forEach(e -> views[e.item()]++);
    return views;
  }
}
