package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidal.calcite.PartitionFunction;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-node partition filter: {@code TIDAL_PARTITION} equals Kafka's own default partitioner
 * ({@link Partitions}, Kafka's murmur2: the oracle) on random keys of random lengths, text and
 * numbers; and {@link NodeFilter} splices its predicate into the query's own text (ANDed to a
 * WHERE clause, or as the WHERE clause of a query without one, on the first FROM table's alias,
 * over several lines), leaving queries on non-table sources as they are.
 */
class PartitionFilterTest {
  @Test
  void tidalPartitionIsKafkasDefaultPartitioner() {
    long seed = new Random().nextLong();
    System.out.println("PartitionFilterTest seed " + seed);
    Random rnd = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      int n = 1 + rnd.nextInt(64);
      Object key;
      if (rnd.nextBoolean()) {
        key = rnd.nextLong() >> rnd.nextInt(64);
      } else {
        StringBuilder b = new StringBuilder();
        for (int len = rnd.nextInt(12); len > 0; len--) {
          b.append(
              (char) (rnd.nextInt(4) == 0 ? 0x80 + rnd.nextInt(0x3000) : 32 + rnd.nextInt(95)));
        }
        key = b.toString();
      }
      assertThat(PartitionFunction.partition(key, n))
          .as("key %s of %s", key, n)
          .isEqualTo(Partitions.of(key.toString(), n));
    }
    assertThat(PartitionFunction.partition(null, 3)).isNull();
  }

  @Test
  void nodeFilterSplicesThePredicateIntoTheQueryText() throws Exception {
    List<Integer> held = List.of(0, 2);
    assertThat(filtered("SELECT id FROM items ORDER BY id LIMIT 3"))
        .isEqualTo(
            "SELECT id FROM items WHERE TIDAL_PARTITION(items.\"id\", 4) IN (0, 2) ORDER BY id"
                + " LIMIT 3");
    assertThat(filtered("SELECT * FROM items i WHERE i.x > 1 OR i.y = 'a''b'"))
        .isEqualTo(
            "SELECT * FROM items i WHERE (i.x > 1 OR i.y = 'a''b') AND TIDAL_PARTITION(i.\"id\","
                + " 4) IN (0, 2)");
    assertThat(
            filtered(
                "select i.id, c.name\nfrom \"items\" as i\n  join creators c on i.c = c.id\n"
                    + "where (i.x > 1\n or c.y < 2)\norder by 1"))
        .isEqualTo(
            "select i.id, c.name\nfrom \"items\" as i\n  join creators c on i.c = c.id\n"
                + "where ((i.x > 1\n or c.y < 2)) AND TIDAL_PARTITION(i.\"id\", 4) IN (0, 2)\n"
                + "order by 1");
    assertThat(filtered("SELECT * FROM items, creators c LIMIT 2"))
        .isEqualTo(
            "SELECT * FROM items, creators c WHERE TIDAL_PARTITION(items.\"id\", 4) IN (0, 2)"
                + " LIMIT 2");
    assertThat(MergePlan.of("SELECT * FROM (SELECT id FROM items) t").filter()).isNull();
    assertThat(MergePlan.of("SELECT 1").filter()).isNull();
    assertThat(MergePlan.of("SELECT * FROM tidal_kafka_offsets").filter()).isNull();
    assertThat(MergePlan.of("SELECT * FROM items").filter().sql(null, 4, held))
        .isEqualTo("SELECT * FROM items");
    assertThat(MergePlan.of("SELECT * FROM sys.tables").filter().table()).isEqualTo("TABLES");
  }

  private static String filtered(String sql) throws Exception {
    return MergePlan.of(sql).filter().sql("id", 4, List.of(0, 2));
  }
}
