package io.tidal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void print_alignsTextLeftAndNumbersRight() {
    Table table =
        new Table(
            List.of("id", "title", "hot", "n"),
            List.of(
                new Object[] {"i1", "Hello", 1.5, 7L},
                new Object[] {"i22", "Good bye", 123.25, 12345L}));
    assertThat(print(table))
        .isEqualTo(
            String.join(
                "\n",
                " id  | title    |     hot |     n",
                "-----+----------+---------+-------",
                " i1  | Hello    |   1.500 |     7",
                " i22 | Good bye | 123.250 | 12345",
                ""));
  }

  @Test
  void print_smallFractionsGetFourDecimals_nullsAndTimes() {
    Table table =
        new Table(
            List.of("at", "rate", "note"),
            List.of(
                new Object[] {LocalDateTime.of(2026, 11, 8, 0, 0), 0.01234, null},
                new Object[] {null, 0.5, "x".repeat(60)}));
    String text = print(table);
    assertThat(text).contains("2026-11-08 00:00:00", "0.0123", "0.5000", "NULL");
    assertThat(text).contains("x".repeat(Table.MAX_TEXT - 3) + "...");
    assertThat(text.lines().map(String::length).distinct().count())
        .as("rule and rows as wide as the header")
        .isLessThanOrEqualTo(3);
  }

  private static String print(Table table) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      table.print(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
