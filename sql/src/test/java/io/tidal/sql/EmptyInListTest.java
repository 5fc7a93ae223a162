package io.tidal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmptyInListTest {
  @Test
  void rewrite_emptyList_becomesEmptySubquery_stringsAndOtherListsUntouched() {
    assertThat(EmptyInList.rewrite("SELECT 1 IN ()")).isEqualTo("SELECT 1 IN " + EmptyInList.EMPTY);
    assertThat(EmptyInList.rewrite("SELECT x NOT in ( ) , y IN (  ) FROM t"))
        .isEqualTo(
            "SELECT x NOT in " + EmptyInList.EMPTY + " , y IN " + EmptyInList.EMPTY + " FROM t");
    for (String same :
        new String[] {
          "SELECT 'IN ()' FROM t",
          "SELECT x IN (1) FROM t",
          "SELECT \"IN\" () FROM t",
          "SELECT x -- IN ()\nFROM t",
          "SELECT f() FROM t",
          "SELECT 'unterminated IN ()",
          "SELECT x IN"
        }) {
      assertThat(EmptyInList.rewrite(same)).as(same).isSameAs(same);
    }
  }
}
