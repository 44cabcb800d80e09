package org.reposearcheval.evals.agent;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every agent CLI the harness can drive, by the name {@code --agent} gives it. The adapters are
 * providers of {@link AgentCli}, listed in {@code META-INF/services} (Claude Code first), as the
 * JDK finds its own providers: each adapter package depends on this one and this one on none of
 * them, so adding an agent is a package and a line, and no arrow points back.
 */
public final class AgentClis {
  private static final List<AgentCli> ALL =
      ServiceLoader.load(AgentCli.class, AgentCli.class.getClassLoader()).stream()
          .map(ServiceLoader.Provider::get)
          .toList();

  private AgentClis() {}

  /** Every adapter, Claude Code first. */
  public static List<AgentCli> all() {
    return ALL;
  }

  /** The adapter named {@code name}, if the harness has one. */
  public static Optional<AgentCli> named(String name) {
    return ALL.stream().filter(cli -> cli.name().equals(name)).findFirst();
  }
}
