package org.reposearcheval.evals.agent;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents never see the expected answers: cases or run output inside the repository are hidden. */
class WorkspaceTest {
  @TempDir Path repo;

  private void write(String path, String content) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void git(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("git", "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@t"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(git.waitFor(30, TimeUnit.SECONDS), "git " + String.join(" ", args));
    assertEquals(0, git.exitValue());
  }

  @Test
  void casesInsideAGitRepositoryAreLeftOutOfTheAgentsCopy() throws Exception {
    write("src/Main.java", "class Main {}");
    write("cases/find-main.json", "{\"expect\": \"Main.java\"}");
    write(".gitignore", "target/\n");
    write("target/big.bin", "ignored");
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "init");
    write("NOTES.md", "untracked but not ignored");

    try (Workspace workspace =
        Workspace.prepare(repo, List.of(repo.resolve("cases"), repo.resolve("eval-results/x")))) {
      Path copy = workspace.dir();
      assertFalse(copy.equals(repo.toRealPath()));
      assertEquals("class Main {}", Files.readString(copy.resolve("src/Main.java")));
      assertTrue(Files.exists(copy.resolve("NOTES.md")));
      assertTrue(Files.exists(copy.resolve(".gitignore")));
      assertFalse(Files.exists(copy.resolve("cases")));
      assertFalse(Files.exists(copy.resolve("target")));
      assertEquals(List.of("cases", "eval-results/x"), workspace.hidden());
      workspace.close();
      assertFalse(Files.exists(copy), "the copy is removed afterwards");
    }
  }

  @Test
  void withoutGitEveryFileButTheHiddenOnesIsCopied() throws Exception {
    write("src/Main.java", "class Main {}");
    write("suite/a.json", "{}");

    try (Workspace workspace = Workspace.prepare(repo, List.of(repo.resolve("suite")))) {
      assertTrue(Files.exists(workspace.dir().resolve("src/Main.java")));
      assertFalse(Files.exists(workspace.dir().resolve("suite")));
    }
  }

  @Test
  void casesOutsideTheRepositoryLeaveTheAgentsInTheRepositoryItself(@TempDir Path elsewhere)
      throws Exception {
    write("src/Main.java", "class Main {}");

    try (Workspace workspace = Workspace.prepare(repo, List.of(elsewhere, repo))) {
      assertEquals(repo.toRealPath(), workspace.dir());
      assertTrue(workspace.hidden().isEmpty());
    }
    assertTrue(Files.exists(repo.resolve("src/Main.java")), "the repository itself is untouched");
  }

  /**
   * The harness writes its run records (a temporary file renamed over the target) while the first
   * agents' workspace is copied. A walk that descended into the run directory failed now and then
   * with NoSuchFileException on a temporary file renamed away under it; the walk must neither enter
   * the hidden directory nor fail on a file that vanishes.
   */
  @Test
  void aRunDirectoryChurningInsideTheRepositoryNeverFailsTheCopy() throws Exception {
    write("src/Main.java", "class Main {}");
    Path out = Files.createDirectories(repo.resolve("out"));
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (int i = 0; !stop.get(); i++) {
                      Path temp = Files.createTempFile(out, "prompts.json.", ".tmp");
                      Files.move(temp, out.resolve("prompts.json"), REPLACE_EXISTING);
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
    try {
      for (int i = 0; i < 200; i++) {
        try (Workspace workspace = Workspace.prepare(repo, List.of(out))) {
          assertTrue(Files.exists(workspace.dir().resolve("src/Main.java")));
          assertFalse(Files.exists(workspace.dir().resolve("out")));
        }
      }
    } finally {
      stop.set(true);
      churn.join(Duration.ofSeconds(10));
    }
    assertFalse(churn.isAlive());
  }
}
