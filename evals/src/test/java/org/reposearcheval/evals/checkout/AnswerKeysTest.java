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
    Path tree = Files.createDirectories(dir.resolve("tree/src/main"));
    Files.writeString(tree.resolve("RunAll.java"), "class RunAll { void runOne() {} }");
    Path file = dir.resolve("a.json");
    Files.writeString(
        file,
        """
        {"id": "a", "prompt": "p",
         "expect": {"contains": ["runOne", "RunAll.java", "Gone", "3 files"],
                    "regex": ["\\\\brun[A-Z]\\\\w+", "\\\\bnowhere\\\\b"],
                    "files": ["src/main/RunAll.java", "RunAll.java", "src/Old.java", "Old.java"]},
         "derived": ["3 files"]}
        """);
    TestCase testCase = CaseLoader.parse(file);

    List<String> missing =
        AnswerKeys.check(dir.resolve("tree"), List.of(testCase)).stream()
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
