package org.reposearcheval.evals.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Money never prints so rounded that different values look equal: three significant figures at
 * least, more where two values side by side would otherwise print alike, and axis ticks distinct.
 */
class MoneyFormatTest {
  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          # Hand-derived: 3 significant figures, never fewer than 2 decimals.
          0.001234, $0.00123
          0.04561,  $0.0456
          0.1544,   $0.154
          1.234,    $1.23
          12.345,   $12.35
          0.0,      $0.00
          0.04,     $0.04
          0.2,      $0.20
          0.875,    $0.875
          null,     –
          """)
  void everyAmountKeepsThreeSignificantFiguresAndAtLeastTheCent(Double usd, String printed) {
    assertEquals(printed, Numbers.money(usd));
  }

  @Test
  void theIssuesTwoAmountsPrintDifferently() {
    // The issue's case: the old format printed both as $0.001, with the ratio 2.00×.
    assertNotEquals(Numbers.money(0.0006), Numbers.money(0.0012));
  }

  @Test
  void anyTwoDifferentAmountsPrintedSideBySidePrintDifferently() {
    Random random = new Random(25);
    for (int i = 0; i < 20_000; i++) {
      double a = Math.pow(10, -5 + 7 * random.nextDouble());
      // Half the pairs very close: within a part in a million, often the same to 3 figures.
      double b =
          i % 2 == 0
              ? a * (1 + (random.nextDouble() - 0.5) * 1e-6)
              : Math.pow(10, -5 + 7 * random.nextDouble());
      List<String> printed = Numbers.money(List.of(a, b));
      if (a != b) {
        assertNotEquals(printed.get(0), printed.get(1), a + " and " + b);
      } else {
        assertEquals(printed.get(0), printed.get(1));
      }
    }
  }

  @Test
  void equalAmountsPrintAlikeAndNeedNoMoreDecimals() {
    assertEquals(List.of("$0.0412", "$0.0412"), Numbers.money(List.of(0.0412, 0.0412)));
    assertEquals(List.of("$0.001501", "$0.001504"), Numbers.money(List.of(0.001501, 0.001504)));
  }

  @Test
  void axisTicksAreDistinctAndShareTheirDecimalsForAnyScale() {
    // The issue's ticks: $0.001 $0.001 $0.002 $0.002 for a chart up to $0.002.
    assertEquals(
        List.of("$0.0000", "$0.0005", "$0.0010", "$0.0015", "$0.0020"),
        Numbers.moneyTicks(List.of(0.0, 0.0005, 0.001, 0.0015, 0.002)));
  }
}
