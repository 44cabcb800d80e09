package org.reposearcheval.evals.run;


/** An MCP server as the agent's init event reported it. */
public record McpServer(String name, String status) {
  public boolean connected() {
    return "connected".equals(status);
  }
}
