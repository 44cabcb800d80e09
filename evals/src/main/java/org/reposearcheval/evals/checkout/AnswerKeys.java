package org.reposearcheval.evals.checkout;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.reposearcheval.evals.suite.TestCase;

/**
 * The proof that a case's answer key is true of its tree: every {@code files} entry exists (a path
 * with folders as written, a bare name anywhere), every {@code contains} string occurs in some file
 * or path, and every {@code regex} matches in some file or path, except the entries the case lists
 * as {@code derived}. {@code notContains} and {@code tools} say nothing about the tree. What is not
 * found is a {@link Missing} key, naming the case file, the field and the value.
 */
public final class AnswerKeys {
  /** Files larger than this are not searched: generated data, not the code a question is about. */
  private static final long MAX_FILE_BYTES = 8L << 20;

  private AnswerKeys() {}

  /** A key of {@code caseId} (in {@code file}) that its tree does not bear out. */
  public record Missing(String caseId, Path file, String field, String value) {
    @Override
    public String toString() {
      return file + ": field '" + field + "': '" + value + "' is not in the case's tree";
    }
  }

  /** The keys of {@code cases}, all asking about the tree in {@code dir}, that it does not hold. */
  public static List<Missing> check(Path dir, List<TestCase> cases) throws IOException {
    Map<Claim, Boolean> keys = new LinkedHashMap<>();
    for (TestCase testCase : cases) {
      var expect = testCase.expect();
      for (int i = 0; i < expect.contains().size(); i++) {
        String value = expect.contains().get(i);
        if (!testCase.derived().contains(value)) {
          keys.put(new Claim(testCase, "expect.contains[" + i + "]", value, null), false);
        }
      }
      for (int i = 0; i < expect.regex().size(); i++) {
        Pattern pattern = expect.regex().get(i);
        if (!testCase.derived().contains(pattern.pattern())) {
          keys.put(
              new Claim(testCase, "expect.regex[" + i + "]", pattern.pattern(), pattern), false);
        }
      }
    }
    List<String> paths = files(dir);
    for (String path : paths) {
      if (!keys.containsValue(false)) {
        break;
      }
      String text = path;
      Path file = dir.resolve(path);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && Files.size(file) <= MAX_FILE_BYTES) {
        text = path + "\n" + read(file);
      }
      for (var entry : keys.entrySet()) {
        if (!entry.getValue() && entry.getKey().foundIn(text)) {
          entry.setValue(true);
        }
      }
    }
    List<Missing> missing = new ArrayList<>();
    for (TestCase testCase : cases) {
      List<String> files = testCase.expect().files();
      for (int i = 0; i < files.size(); i++) {
        String name = files.get(i);
        boolean exists =
            name.contains("/")
                ? Files.exists(dir.resolve(name))
                : paths.stream().anyMatch(p -> p.equals(name) || p.endsWith("/" + name));
        if (!exists) {
          missing.add(
              new Missing(testCase.id(), testCase.source(), "expect.files[" + i + "]", name));
        }
      }
      keys.forEach(
          (key, found) -> {
            if (!found && key.testCase() == testCase) {
              missing.add(new Missing(testCase.id(), testCase.source(), key.field(), key.value()));
            }
          });
    }
    return missing;
  }

  private record Claim(TestCase testCase, String field, String value, Pattern regex) {
    boolean foundIn(String text) {
      return regex == null ? text.contains(value) : regex.matcher(text).find();
    }
  }

  /** Every file under {@code dir} but {@code .git}, relative, in a stable order. */
  private static List<String> files(Path dir) throws IOException {
    Path git = dir.resolve(".git");
    try (Stream<Path> tree = Files.walk(dir)) {
      return tree.filter(p -> !p.startsWith(git))
          .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static String read(Path file) throws IOException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
        .toString();
  }
}
