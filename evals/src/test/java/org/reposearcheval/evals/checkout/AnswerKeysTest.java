package org.reposearcheval.evals.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.suite.CaseLoader;
import org.reposearcheval.evals.suite.TestCase;

/** Which answer keys a tree bears out: files, contains and regex, in contents or paths. */
class AnswerKeysTest {
  @TempDir Path dir;

  @Test
  void everyKeyNotInTheTreeIsNamedByFieldAndValueUnlessDerived() throws IOException {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("src/main"));
    Files.writeString(tree.resolve("src/main/RunAll.java"), "class RunAll { void runOne() {} }");
    TestCase testCase =
        CaseLoader.parse(
            Files.writeString(
                dir.resolve("a.json"),
                """
                {"id": "a", "prompt": "p",
                 "expect": {"contains": ["runOne", "RunAll.java", "Gone", "3 files"],
                            "regex": ["\\\\brun[A-Z]\\\\w+", "\\\\bnowhere\\\\b"],
                            "files": ["src/main/RunAll.java", "RunAll.java", "src/Old.java", "Old.java"]},
                 "derived": ["3 files"]}
                """));

    List<String> missing =
        AnswerKeys.check(tree, List.of(testCase)).stream()
            .map(m -> m.field() + "=" + m.value())
            .toList();

    assertEquals(
        List.of(
            "expect.files[2]=src/Old.java",
            "expect.files[3]=Old.java",
            "expect.contains[2]=Gone",
            "expect.regex[1]=\\bnowhere\\b"),
        missing);
  }
}
