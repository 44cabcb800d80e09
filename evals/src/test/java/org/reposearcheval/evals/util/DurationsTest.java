package org.reposearcheval.evals.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as people write them, and back. */
class DurationsTest {

  static Stream<Arguments> written() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("1m30s500ms", Duration.ofMillis(90_500)),
        Arguments.of("0s5ms", Duration.ofMillis(5)),
        Arguments.of(" 5m ", Duration.ofMinutes(5)),
        Arguments.of("5M", Duration.ofMinutes(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("written")
  void writtenDurationsParse(String text, Duration expected) {
    assertEquals(expected, Durations.parse(text));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", " ", "5", "5 m", "m", "1.5h", "5min", "5d", "-5s", "+5s", "ten minutes"})
  void textThatIsNotADurationIsRejectedWithExamples(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

    assertTrue(e.getMessage().contains("'" + text + "' is not a duration"), e.getMessage());
    assertTrue(e.getMessage().contains("1h30m"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0s", "0ms", "0h0m"})
  void zeroIsRejected(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

    assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} ms")
  @CsvSource({
    "0, 0ms",
    "850, 850ms",
    "999, 999ms",
    "1000, 1.0s",
    "41234, 41.2s",
    "60000, 1m00s",
    "185000, 3m05s",
    "3599000, 59m59s",
    "3600000, 1h00m",
    "5430000, 1h30m"
  })
  void formatIsShortAndHuman(long millis, String expected) {
    assertEquals(expected, Durations.format(millis));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "500, 500ms",
    "1500, 1500ms",
    "90000, 90s",
    "300000, 5m",
    "5400000, 90m",
    "7200000, 2h"
  })
  void canonicalIsTheLargestWholeUnit(long millis, String expected) {
    assertEquals(expected, Durations.canonical(Duration.ofMillis(millis)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"500ms", "90s", "5m", "1h30m", "2h", "1m30s500ms", "61s"})
  void canonicalFormParsesBackToTheSameDuration(String text) {
    Duration duration = Durations.parse(text);

    assertEquals(duration, Durations.parse(Durations.canonical(duration)));
  }

  @Test
  void canonicalOfAParsedDurationIsStable() {
    String canonical = Durations.canonical(Durations.parse("1h30m"));

    assertEquals("90m", canonical);
    assertEquals(canonical, Durations.canonical(Durations.parse(canonical)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "9223372036854775807h",
        "99999999999999999999s",
        "9223372036854775807ms9223372036854775807ms"
      })
  void absurdlyLongDurationIsRejectedWithAMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
  }

  @Test
  void justUnderAMinuteNeverShowsAsSixtySeconds() {
    assertEquals("59.9s", Durations.format(59_999));
  }
}
