package org.reposearcheval.evals.process;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Agents running now, by run marker: what a second Ctrl-C kills without waiting. */
final class RunningAgents {
  private static final Map<String, Process> RUNNING = new ConcurrentHashMap<>();

  private RunningAgents() {}

  static void started(String marker, Process process) {
    RUNNING.put(marker, process);
  }

  static void ended(String marker) {
    RUNNING.remove(marker);
  }

  /** Whether no agent is running now. */
  static boolean none() {
    return RUNNING.isEmpty();
  }

  /** Kills every running agent's process tree at once. */
  static void killAll() {
    RUNNING.forEach((marker, process) -> ProcessTree.kill(process.toHandle(), marker));
  }
}
