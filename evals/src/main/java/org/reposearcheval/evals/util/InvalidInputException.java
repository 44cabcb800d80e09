package org.reposearcheval.evals.util;

import java.nio.file.Path;

/** Bad input from the user: one message that names the file and, where there is one, the field. */
public final class InvalidInputException extends RuntimeException {

  public InvalidInputException(Path file, String field, String problem) {
    super(file + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
  }

  public InvalidInputException(String message) {
    super(message);
  }
}
