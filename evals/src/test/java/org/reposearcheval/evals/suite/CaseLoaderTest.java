package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reposearcheval.evals.util.InvalidInputException;

/** Cases load sorted by id, and every bad input names its file and field before anything runs. */
class CaseLoaderTest {
  private static final String EXPECT = "\"expect\": {\"contains\": [\"x\"]}";

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static String validCase(String id) {
    return "{\"id\": \"" + id + "\", \"prompt\": \"Where is " + id + "?\", " + EXPECT + "}";
  }

  @Test
  void aCasesFingerprintIsTheSha256OfTheBytesOfItsFile() throws Exception {
    write("fp.json", validCase("fp"));
    // printf '{"id": "fp", "prompt": "Where is fp?", "expect": {"contains": ["x"]}}' | sha256sum
    assertEquals(
        "2a22d173b83dbebea22947ee8867bae629efe09efcd3ade68bce238d2cfe3274",
        CaseLoader.load(dir).getFirst().fingerprint().hex());
  }

  @Test
  void casesLoadSortedByIdWhateverTheFileNames() throws Exception {
    write("a.json", validCase("zebra"));
    write("b.json", validCase("alpha"));
    write("c.json", validCase("mango"));

    List<TestCase> cases = CaseLoader.load(dir);

    assertEquals(List.of("alpha", "mango", "zebra"), cases.stream().map(TestCase::id).toList());
    assertEquals(dir.resolve("b.json"), cases.get(0).source());
    assertEquals("Where is alpha?", cases.get(0).prompt());
  }

  @Test
  void mcpJsonAndNonJsonFilesInTheDirectoryAreNotCases() throws Exception {
    write("one.json", validCase("one"));
    write("mcp.json", "{\"mcpServers\": {\"repo\": {\"command\": \"x\"}}}");
    write("notes.txt", "not a case");

    List<TestCase> cases = CaseLoader.load(dir);

    assertEquals(List.of("one"), cases.stream().map(TestCase::id).toList());
  }

  @Test
  void everyFieldIsRead() throws Exception {
    Path file =
        write(
            "full.json",
            """
            {
              "id": "run-all_1.0",
              "prompt": "Which class runs the jobs?",
              "expect": {
                "contains": ["RunAll", "parallel"],
                "regex": ["Run[A-Z]\\\\w+"],
                "notContains": ["I don't know"]
              },
              "tags": ["concurrency", "smoke"],
              "timeout": "90s"
            }
            """);

    TestCase testCase = CaseLoader.parse(file);

    assertEquals("run-all_1.0", testCase.id());
    assertEquals("Which class runs the jobs?", testCase.prompt());
    assertEquals(List.of("RunAll", "parallel"), testCase.expect().contains());
    assertEquals(
        List.of("Run[A-Z]\\w+"), testCase.expect().regex().stream().map(Pattern::pattern).toList());
    assertEquals(List.of("I don't know"), testCase.expect().notContains());
    assertEquals(List.of("concurrency", "smoke"), testCase.tags());
    assertEquals(Optional.of(Duration.ofSeconds(90)), testCase.timeout());
    assertEquals(file, testCase.source());
  }

  @Test
  void timeoutInMinutesIsParsed() throws Exception {
    Path file =
        write("t.json", "{\"id\": \"t\", \"prompt\": \"p\", " + EXPECT + ", \"timeout\": \"5m\"}");

    assertEquals(Optional.of(Duration.ofMinutes(5)), CaseLoader.parse(file).timeout());
  }

  @Test
  void optionalFieldsDefaultToNothing() throws Exception {
    TestCase testCase = CaseLoader.parse(write("min.json", validCase("min")));

    assertEquals(List.of(), testCase.tags());
    assertEquals(Optional.empty(), testCase.timeout());
    assertEquals(List.of(), testCase.expect().regex());
    assertEquals(List.of(), testCase.expect().notContains());
  }

  @Test
  void missingDirectoryIsNamed() {
    Path missing = dir.resolve("no-such-cases");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CaseLoader.load(missing));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void directoryWithoutCaseFilesIsRejected() throws Exception {
    write("mcp.json", "{\"mcpServers\": {\"repo\": {\"command\": \"x\"}}}");
    write("README.md", "# cases");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no case files"), e.getMessage());
  }

  @Test
  void duplicateIdNamesBothFiles() throws Exception {
    Path first = write("first.json", validCase("same"));
    Path second = write("second.json", validCase("same"));

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(second.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("field 'id'"), e.getMessage());
    assertTrue(e.getMessage().contains("duplicate id 'same'"), e.getMessage());
  }

  @Test
  void oneBadFileFailsTheWholeDirectory() throws Exception {
    write("good.json", validCase("good"));
    Path bad = write("bad.json", "{\"id\": \"bad\", \"prompt\": \"p\"}");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    assertTrue(e.getMessage().startsWith(bad + ": field 'expect'"), e.getMessage());
  }

  @Test
  void toolExpectationsAndFilesAreRead() throws Exception {
    Path file =
        write(
            "tools.json",
            """
            {"$schema": "../docs/schema/case.schema.json", "id": "t", "prompt": "p",
             "expect": {"files": ["src/RunAll.java"],
                        "tools": {"used": ["Grep", "/^mcp__repo__/"], "notUsed": ["Bash"],
                                  "maxCalls": 12}}}
            """);

    Expectations expect = CaseLoader.parse(file).expect();

    assertEquals(List.of("src/RunAll.java"), expect.files());
    assertEquals(
        List.of("Grep", "/^mcp__repo__/"),
        expect.tools().used().stream().map(ToolName::toString).toList());
    assertTrue(expect.tools().used().get(1).matches("mcp__repo__search_files"));
    assertFalse(expect.tools().used().get(1).matches("mcp__other__x"));
    assertTrue(expect.tools().used().get(1).namesMcpTools());
    assertFalse(expect.tools().used().get(0).namesMcpTools());
    assertEquals(12, expect.tools().maxCalls());
  }

  @Test
  void aRubricOrAReferenceAloneIsAnExpectationAndSitsBesideTheOthers() throws Exception {
    Path rubricOnly =
        write(
            "judged.json",
            """
            {"id": "judged", "prompt": "Why does the harness copy the repository?",
             "expect": {"rubric": "Says the agent must not see the cases or the results."}}\
            """);
    Path both =
        write(
            "both.json",
            """
            {"id": "both", "prompt": "Which class runs the jobs?",
             "expect": {"contains": ["RunAll"], "tools": {"maxCalls": 9},
                        "rubric": "Names RunAll.", "reference": "RunAll runs every job."}}\
            """);

    Expectations judged = CaseLoader.parse(rubricOnly).expect();
    Expectations beside = CaseLoader.parse(both).expect();

    assertEquals(
        new Expectations.Judged("Says the agent must not see the cases or the results.", null),
        judged.judged());
    assertFalse(judged.hasStrings());
    assertTrue(judged.judged().asked());
    assertEquals(
        new Expectations.Judged("Names RunAll.", "RunAll runs every job."), beside.judged());
    assertTrue(beside.hasStrings());
    assertEquals(List.of("RunAll"), beside.contains());
    assertEquals(9, beside.tools().maxCalls());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emptyFiles")
  void anEmptyCaseFileSaysItIsEmpty(String name, String content) throws Exception {
    Path file = write("case.json", content);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    assertEquals(file + ": is empty (a case is a JSON object)", e.getMessage());
  }

  static Stream<Arguments> emptyFiles() {
    return Stream.of(
        Arguments.of("no bytes at all", ""), Arguments.of("only whitespace", " \n\t\r\n  "));
  }

  static Stream<Arguments> badCases() {
    return Stream.of(
        bad("not JSON", "{\"id\": \"a\",", null),
        bad("empty file", "", null),
        bad("top level is an array", "[" + validCase("a") + "]", null),
        bad("top level is a string", "\"a case\"", null),
        bad("id missing", "{\"prompt\": \"p\", " + EXPECT + "}", "id"),
        bad("id null", "{\"id\": null, \"prompt\": \"p\", " + EXPECT + "}", "id"),
        bad("id is a number", "{\"id\": 7, \"prompt\": \"p\", " + EXPECT + "}", "id"),
        bad("id is empty", "{\"id\": \"\", \"prompt\": \"p\", " + EXPECT + "}", "id"),
        bad("id climbs out", caseWithId("../x"), "id"),
        bad("id is the parent directory", caseWithId(".."), "id"),
        bad("id is the current directory", caseWithId("."), "id"),
        bad("id has a space", caseWithId("a b"), "id"),
        bad("id has a slash", caseWithId("a/b"), "id"),
        bad("id has a backslash", caseWithId("a\\\\b"), "id"),
        bad("prompt missing", "{\"id\": \"a\", " + EXPECT + "}", "prompt"),
        bad("prompt empty", "{\"id\": \"a\", \"prompt\": \"\", " + EXPECT + "}", "prompt"),
        bad("prompt blank", "{\"id\": \"a\", \"prompt\": \"  \", " + EXPECT + "}", "prompt"),
        bad("prompt is an array", "{\"id\": \"a\", \"prompt\": [\"p\"], " + EXPECT + "}", "prompt"),
        bad("expect missing", "{\"id\": \"a\", \"prompt\": \"p\"}", "expect"),
        bad("expect is a string", withExpect("\"RunAll\""), "expect"),
        bad("expect is an array", withExpect("[\"RunAll\"]"), "expect"),
        bad("expect has no expectation", withExpect("{}"), "expect"),
        bad(
            "expect has only empty lists",
            withExpect("{\"contains\": [], \"regex\": []}"),
            "expect"),
        bad(
            "unknown top-level field",
            "{\"id\": \"a\", \"prompt\": \"p\", \"promt\": \"q\", " + EXPECT + "}",
            "promt"),
        bad(
            "unknown field in expect",
            withExpect("{\"contains\": [\"x\"], \"equals\": \"x\"}"),
            "expect.equals"),
        bad("contains is a string", withExpect("{\"contains\": \"RunAll\"}"), "expect.contains"),
        bad(
            "contains holds a number",
            withExpect("{\"contains\": [\"x\", 42]}"),
            "expect.contains[1]"),
        bad(
            "contains holds an empty string",
            withExpect("{\"contains\": [\"\"]}"),
            "expect.contains[0]"),
        bad("contains holds null", withExpect("{\"contains\": [null]}"), "expect.contains[0]"),
        bad("regex is an object", withExpect("{\"regex\": {\"a\": \"b\"}}"), "expect.regex"),
        bad(
            "second regex is invalid",
            withExpect("{\"regex\": [\"ok\", \"Run(All\"]}"),
            "expect.regex[1]"),
        bad(
            "notContains is a string",
            withExpect("{\"notContains\": \"x\"}"),
            "expect.notContains"),
        bad(
            "notContains holds a boolean",
            withExpect("{\"notContains\": [true]}"),
            "expect.notContains[0]"),
        bad("timeout in words", withExtra("\"timeout\": \"ten minutes\""), "timeout"),
        bad("timeout zero", withExtra("\"timeout\": \"0s\""), "timeout"),
        bad("timeout negative", withExtra("\"timeout\": \"-5s\""), "timeout"),
        bad("timeout is a number", withExtra("\"timeout\": 90"), "timeout"),
        bad("timeout is empty", withExtra("\"timeout\": \"\""), "timeout"),
        bad("timeout too long", withExtra("\"timeout\": \"9223372036854775807h\""), "timeout"),
        bad(
            "a key given twice",
            "{\"id\": \"a\", \"id\": \"b\", \"prompt\": \"p\", " + EXPECT + "}",
            null),
        bad("tags is a string", withExtra("\"tags\": \"smoke\""), "tags"),
        bad("tags holds a number", withExtra("\"tags\": [\"smoke\", 1]"), "tags[1]"),
        bad("files is a string", withExpect("{\"files\": \"RunAll.java\"}"), "expect.files"),
        bad("files holds an empty string", withExpect("{\"files\": [\"\"]}"), "expect.files[0]"),
        bad("tools is a list", withExpect("{\"tools\": [\"Grep\"]}"), "expect.tools"),
        bad("tools expects nothing", withExpect("{\"tools\": {}}"), "expect.tools"),
        bad(
            "tools has only empty lists",
            withExpect("{\"tools\": {\"used\": [], \"notUsed\": []}}"),
            "expect.tools"),
        bad(
            "unknown field in tools",
            withExpect("{\"tools\": {\"used\": [\"Grep\"], \"calls\": 3}}"),
            "expect.tools.calls"),
        bad(
            "tools.used is a string",
            withExpect("{\"tools\": {\"used\": \"Grep\"}}"),
            "expect.tools.used"),
        bad(
            "tools.notUsed holds a number",
            withExpect("{\"tools\": {\"notUsed\": [\"Bash\", 2]}}"),
            "expect.tools.notUsed[1]"),
        bad(
            "tools.maxCalls negative",
            withExpect("{\"tools\": {\"maxCalls\": -1}}"),
            "expect.tools.maxCalls"),
        bad(
            "tools.maxCalls a fraction",
            withExpect("{\"tools\": {\"maxCalls\": 2.5}}"),
            "expect.tools.maxCalls"),
        bad(
            "tools.maxCalls a string",
            withExpect("{\"tools\": {\"maxCalls\": \"10\"}}"),
            "expect.tools.maxCalls"),
        bad("rubric blank", withExpect("{\"rubric\": \" \"}"), "expect.rubric"),
        bad("rubric a list", withExpect("{\"rubric\": [\"x\"]}"), "expect.rubric"),
        bad(
            "reference a number",
            withExpect("{\"contains\": [\"x\"], \"reference\": 3}"),
            "expect.reference"),
        bad("repo not a string", withExtra("\"repo\": 3"), "repo"),
        bad("repo blank", withExtra("\"repo\": \" \""), "repo"),
        bad("commit blank", withExtra("\"commit\": \"\""), "commit"),
        bad("derived not a list", withExtra("\"derived\": \"x\""), "derived"));
  }

  /**
   * Bad cases only the loader can see: JSON Schema cannot check that a string between slashes is a
   * regular expression. SchemaTest lists these apart, so the gap is named rather than hidden.
   */
  static Stream<Arguments> badCasesTheSchemaCannotSee() {
    return Stream.of(
        bad(
            "a tool regex is invalid",
            withExpect("{\"tools\": {\"used\": [\"Grep\", \"/mcp__(repo/\"]}}"),
            "expect.tools.used[1]"),
        bad(
            "a derived entry that is no key of the case",
            withExtra("\"derived\": [\"x\", \"y\"]"),
            "derived[1]"),
        bad(
            "a git URL without a commit",
            withExtra("\"repo\": \"https://example.com/r.git\""),
            "commit"));
  }

  @Test
  void aCaseTakesTheSuitesRepoAndCommitUnlessItNamesItsOwn() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    write("suite.json", "{\"repo\": \"sub\", \"commit\": \"v1\", \"git\": true}");
    write("a.json", caseWithId("a"));
    write("b.json", withExtraId("b", "\"commit\": \"abc1234\""));
    write("c.json", withExtraId("c", "\"repo\": \"../other\""));
    write("d.json", withExtraId("d", "\"repo\": \"git@example.com:o/r.git\", \"commit\": \"v2\""));

    CaseLoader.Suite suite = CaseLoader.loadSuite(dir);

    String sub = dir.resolve("sub").toAbsolutePath().toString();
    assertTrue(suite.settings().git());
    List<TestCase> cases = suite.cases();
    assertEquals(new Pin(Optional.of(sub), Optional.of("v1")), cases.get(0).pin());
    assertEquals(new Pin(Optional.of(sub), Optional.of("abc1234")), cases.get(1).pin());
    assertEquals(
        new Pin(Optional.of(dir.getParent().resolve("other").toString()), Optional.empty()),
        cases.get(2).pin(),
        "another local repository without a commit runs as it stands");
    assertEquals(
        new Pin(Optional.of("git@example.com:o/r.git"), Optional.of("v2")), cases.get(3).pin());
  }

  @Test
  void withoutSuiteJsonACaseIsUnpinnedAndSuiteJsonIsNoCase() throws Exception {
    write("a.json", caseWithId("a"));
    assertEquals(Pin.NONE, CaseLoader.load(dir).getFirst().pin());

    write("suite.json", "{\"commit\": \"v1\"}");
    List<TestCase> cases = CaseLoader.load(dir);
    assertEquals(1, cases.size());
    assertEquals(new Pin(Optional.empty(), Optional.of("v1")), cases.getFirst().pin());
  }

  @Test
  void aDerivedEntryNamesAContainsOrRegexEntry() throws Exception {
    write(
        "a.json",
        "{\"id\": \"a\", \"prompt\": \"p\", \"expect\": {\"contains\": [\"x\"],"
            + " \"regex\": [\"\\\\d+\"]}, \"derived\": [\"x\", \"\\\\d+\"]}");
    assertEquals(List.of("x", "\\d+"), CaseLoader.load(dir).getFirst().derived());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSuiteFiles")
  void aBadSuiteJsonNamesItsField(String name, String content, String field) throws Exception {
    write("a.json", caseWithId("a"));
    Path file = write("suite.json", content);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    assertTrue(e.getMessage().startsWith(file + ": field '" + field + "': "), e.getMessage());
  }

  static Stream<Arguments> badSuiteFiles() {
    return Stream.of(
        bad("unknown field", "{\"repository\": \"..\"}", "repository"),
        bad("repo a number", "{\"repo\": 1}", "repo"),
        bad("commit blank", "{\"commit\": \" \"}", "commit"),
        bad("git a string", "{\"git\": \"yes\"}", "git"));
  }

  private static String withExtraId(String id, String field) {
    return "{\"id\": \"" + id + "\", \"prompt\": \"p\", " + EXPECT + ", " + field + "}";
  }

  private static Arguments bad(String name, String content, String field) {
    return Arguments.of(name, content, field);
  }

  private static String caseWithId(String id) {
    return "{\"id\": \"" + id + "\", \"prompt\": \"p\", " + EXPECT + "}";
  }

  private static String withExpect(String expect) {
    return "{\"id\": \"a\", \"prompt\": \"p\", \"expect\": " + expect + "}";
  }

  private static String withExtra(String field) {
    return "{\"id\": \"a\", \"prompt\": \"p\", " + EXPECT + ", " + field + "}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"badCases", "badCasesTheSchemaCannotSee"})
  void badCaseNamesTheFileAndTheField(String name, String content, String field) throws Exception {
    Path file = write("case.json", content);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CaseLoader.load(dir));

    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": "), message);
    if (field == null) {
      assertFalse(message.contains("field '"), message);
    } else {
      assertTrue(message.startsWith(file + ": field '" + field + "': "), message);
    }
  }
}
