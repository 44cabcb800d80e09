package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.reposearcheval.evals.util.InvalidInputException;

/** The check every bad-input table of this package shares. */
final class BadInputs {
  private BadInputs() {}

  /**
   * {@code load} fails on {@code file} with a message that starts with the file and then, unless
   * {@code field} is null, the field; a null {@code field} means no field is named at all.
   */
  static void assertNamesFileAndField(Path file, String field, Executable load) {
    InvalidInputException e = assertThrows(InvalidInputException.class, load);

    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": "), message);
    if (field == null) {
      assertLacks(message, "field '");
    } else {
      assertTrue(message.startsWith(file + ": field '" + field + "': "), message);
    }
  }
}
