package org.reposearcheval.evals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the test agent ({@link FakeAgent}) recorded in its state directory: the arguments of each
 * process it saw start, and the prompt each received. A judge is the process started with no tools
 * ({@code --tools ""}). Counted from the agent's own record, never from the harness's bookkeeping.
 */
final class AgentRecord {
  private static final String NO_TOOLS = "--tools\n\n";

  private AgentRecord() {}

  /** The arguments of every process started so far, one text each; none before the first. */
  static List<String> startedArgs(Path state) throws IOException {
    return argFiles(state).stream().map(AgentRecord::read).toList();
  }

  /** How many agent processes (judges included) started so far. */
  static int starts(Path state) throws IOException {
    return argFiles(state).size();
  }

  /** Whether {@code args}, as {@link #startedArgs} gives them, are a judge's. */
  static boolean isJudge(String args) {
    return args.contains(NO_TOOLS);
  }

  /** The prompts the judges received. */
  static List<String> judgePrompts(Path state) throws IOException {
    return argFiles(state).stream()
        .filter(a -> isJudge(read(a)))
        .map(a -> read(state.resolve("prompts").resolve(a.getFileName())))
        .toList();
  }

  private static List<Path> argFiles(Path state) throws IOException {
    Path args = state.resolve("args");
    if (!Files.isDirectory(args)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(args)) {
      return files.toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
