package org.reposearcheval.evals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The two ways a case is run: with the MCP server under test, and without any MCP server. */
public enum Arm {
  WITH_MCP("with-mcp"),
  WITHOUT_MCP("without-mcp");

  private final String label;

  Arm(String label) {
    this.label = label;
  }

  /** The name used in reports, file names and on the command line. */
  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static Arm fromLabel(String label) {
    for (Arm arm : values()) {
      if (arm.label.equals(label)) {
        return arm;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + label + "' (with-mcp, without-mcp)");
  }

  @Override
  public String toString() {
    return label;
  }
}
