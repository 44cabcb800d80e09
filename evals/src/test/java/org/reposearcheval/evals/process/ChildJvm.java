package org.reposearcheval.evals.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test's own class run as the main of a child JVM, for what only another process can show. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code main} in a JVM like this one (its java, its class path, preview features on) with
   * {@code options} before the class and {@code args} after it; the child's stderr is this one's.
   */
  public static ProcessBuilder running(Class<?> main, List<String> options, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-preview");
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
  }
}
