package io.tidal.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jOOQ (the jooq jar, dialect DEFAULT) on a JDBC connection: the DSL (insert, select with
 * {@code limit}/{@code offset}, which jOOQ binds as Long, update, delete), plain SQL, transactions,
 * and a ranked query with DECAY_SCORE written through {@code DSL.field(...)}, checked against the
 * score computed from the raw signals.
 */
class JooqTest {

  // Upper-case names, as jOOQ's code generator writes them from tidal's metadata: tidal matches
  // quoted names case-insensitively but reports result columns in upper case, and jOOQ looks
  // result fields up by exact name.
  private static final Table<Record> ITEMS = table(name("ITEMS"));
  private static final Field<String> ID = field(name("ID"), String.class);
  private static final Field<String> TITLE = field(name("TITLE"), String.class);
  private static final Field<Integer> VIEWS = field(name("VIEWS"), Integer.class);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void dsl_insertSelectLimitUpdateDelete(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir);
        Connection c = DriverManager.getConnection(db.url)) {
      DSLContext dsl = DSL.using(c, SQLDialect.DEFAULT);
      dsl.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR(100) NOT NULL, views INTEGER)");
      for (int i = 1; i <= 9; i++) {
        assertThat(
                dsl.insertInto(ITEMS, ID, TITLE, VIEWS)
                    .values("i" + i, "title " + i, i * 10)
                    .execute())
            .isEqualTo(1);
      }
      assertThat(dsl.select(ID).from(ITEMS).orderBy(VIEWS.desc()).limit(3).fetch(ID))
          .containsExactly("i9", "i8", "i7");
      assertThat(dsl.select(ID).from(ITEMS).orderBy(VIEWS.desc()).limit(2).offset(3).fetch(ID))
          .containsExactly("i6", "i5");
      assertThat(dsl.selectFrom(ITEMS).where(ID.in("i2", "i4")).orderBy(ID).fetch(TITLE))
          .containsExactly("title 2", "title 4");
      assertThat(dsl.fetchCount(ITEMS, VIEWS.gt(45))).isEqualTo(5);
      assertThat(dsl.update(ITEMS).set(VIEWS, VIEWS.plus(1)).where(ID.eq("i1")).execute())
          .isEqualTo(1);
      assertThat(dsl.deleteFrom(ITEMS).where(VIEWS.lt(30)).execute()).isEqualTo(2);
      Record2<String, Integer> first =
          dsl.select(ID, VIEWS).from(ITEMS).orderBy(ID).limit(1).fetchOne();
      assertThat(first.value1()).isEqualTo("i3");
      assertThat(first.value2()).isEqualTo(30);

      // plain SQL with bind values, as jOOQ users write it
      assertThat(
              dsl.fetch("SELECT id FROM items WHERE views > ? ORDER BY id LIMIT ?", 60, 2L)
                  .getValues(0, String.class))
          .containsExactly("i7", "i8");
      assertThat(db.rows("SELECT id, views FROM items ORDER BY id"))
          .containsExactly("i3|30", "i4|40", "i5|50", "i6|60", "i7|70", "i8|80", "i9|90");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void transactions_commitOrRollBack(String kind) throws SQLException {
    try (Databases db = Databases.open(kind, dir);
        Connection c = DriverManager.getConnection(db.url)) {
      DSLContext dsl = DSL.using(c, SQLDialect.DEFAULT);
      dsl.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR(100) NOT NULL, views INTEGER)");
      dsl.transaction(
          cfg -> {
            DSL.using(cfg)
                .insertInto(ITEMS, ID, TITLE, VIEWS)
                .values("a", "A", 1)
                .values("b", "B", 2)
                .execute();
            DSL.using(cfg).update(ITEMS).set(VIEWS, 5).where(ID.eq("a")).execute();
          });
      assertThat(db.rows("SELECT id, views FROM items ORDER BY id")).containsExactly("a|5", "b|2");

      assertThatThrownBy(
              () ->
                  dsl.transaction(
                      cfg -> {
                        DSL.using(cfg)
                            .insertInto(ITEMS, ID, TITLE, VIEWS)
                            .values("c", "C", 3)
                            .execute();
                        DSL.using(cfg)
                            .insertInto(ITEMS, ID, TITLE, VIEWS)
                            .values("a", "again", 9)
                            .execute();
                      }))
          .isInstanceOf(org.jooq.exception.IntegrityConstraintViolationException.class)
          .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("23505"));
      assertThat(db.rows("SELECT id, views FROM items ORDER BY id")).containsExactly("a|5", "b|2");
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "mem"})
  void rankedQuery_decayScoreThroughPlainSqlField_matchesBruteForce(String kind)
      throws SQLException {
    long seed = new Random().nextLong();
    System.out.println("JooqTest.rankedQuery seed " + seed);
    Random random = new Random(seed);
    LocalDateTime base = LocalDateTime.of(2026, 11, 1, 0, 0);
    try (Databases db = Databases.open(kind, dir);
        Connection c = DriverManager.getConnection(db.url)) {
      DSLContext dsl = DSL.using(c, SQLDialect.DEFAULT);
      dsl.execute(
          "CREATE TABLE items (id VARCHAR PRIMARY KEY, title VARCHAR(100) NOT NULL, views INTEGER)");
      dsl.execute(
          "CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY)");
      Map<String, Double> expected = new HashMap<>();
      LocalDateTime at = base.plusHours(12);
      for (int i = 0; i < 20; i++) {
        String id = "i" + i;
        dsl.insertInto(ITEMS, ID, TITLE).values(id, "t" + i).execute();
        expected.put(id, 0.0);
      }
      for (int n = 0; n < 120; n++) {
        String id = "i" + random.nextInt(20);
        LocalDateTime ts = base.plusSeconds(random.nextInt(12 * 3600));
        double weight = 1 + random.nextInt(3);
        dsl.execute(
            "INSERT INTO signals (signal_type, entity_id, weight, ts) VALUES ('view', ?, ?, ?)",
            id,
            weight,
            ts);
        double age = java.time.Duration.between(ts, at).toMillis() / 3_600_000.0;
        expected.merge(id, weight * Math.pow(2, -age), Double::sum);
      }
      Field<Double> hot =
          field(
                  "DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, TIMESTAMP '2026-11-01 12:00:00')",
                  Double.class)
              .as("hot");
      List<Record2<String, Double>> top =
          dsl.select(ID, hot).from(ITEMS).orderBy(field(name("HOT")).desc(), ID).limit(5).fetch();

      List<Map.Entry<String, Double>> brute = new ArrayList<>(expected.entrySet());
      brute.sort(
          Map.Entry.<String, Double>comparingByValue()
              .reversed()
              .thenComparing(Map.Entry.comparingByKey()));
      assertThat(top).hasSize(5);
      for (int i = 0; i < 5; i++) {
        assertThat(top.get(i).value1()).as("rank %d", i).isEqualTo(brute.get(i).getKey());
        assertThat(top.get(i).value2())
            .isCloseTo(
                brute.get(i).getValue(),
                org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, brute.get(i).getValue())));
      }
      assertThat(
              brute.stream().map(Map.Entry::getValue).max(Comparator.naturalOrder()).orElseThrow())
          .isEqualTo(top.get(0).value2(), org.assertj.core.data.Offset.offset(1e-6));
    }
  }
}
