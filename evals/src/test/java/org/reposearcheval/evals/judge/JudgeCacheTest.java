package org.reposearcheval.evals.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.run.Usage;

/** The votes on disk: read back by the next harness, errors not kept, a torn line dropped. */
class JudgeCacheTest {
  @TempDir Path dir;

  private static Judgement.Vote vote(String verdict) {
    return new Judgement.Vote(
        verdict, "because", 0.5, 0.01, new Usage(1, 2, 3, 4), 7, 1, false, "t.jsonl");
  }

  @Test
  void votesAreReadBackByTheNextHarnessButErrorsAreAskedAgain() throws Exception {
    try (JudgeCache cache = JudgeCache.open(dir)) {
      cache.add("k", vote("pass"));
      cache.add("k", vote("error"));
      cache.add("k", vote("fail"));
    }
    assertEquals(2, Files.readAllLines(dir.resolve(JudgeCache.FILE)).size(), "a line per vote");
    Files.writeString(
        dir.resolve(JudgeCache.FILE), "{\"key\":\"k\",\"vo", StandardOpenOption.APPEND);

    try (JudgeCache cache = JudgeCache.open(dir)) {
      assertEquals(List.of(vote("pass"), vote("fail")), cache.votes("k", 3));
      assertEquals(List.of(vote("pass")), cache.votes("k", 1));
      assertEquals(List.of(), cache.votes("other", 3));
      cache.add("k", vote("pass"));
    }
    try (JudgeCache cache = JudgeCache.open(dir)) {
      assertEquals(3, cache.votes("k", 5).size(), Files.readString(dir.resolve(JudgeCache.FILE)));
    }
  }
}
