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
    return table(
        """
        not JSON | - | {"id": "a",
        empty file | - |
        top level is an array | - | [{"id": "a", "prompt": "Where is a?", "expect": {"contains": ["x"]}}]
        top level is a string | - | "a case"
        id missing | id | {"prompt": "p", "expect": {"contains": ["x"]}}
        id null | id | {"id": null, "prompt": "p", "expect": {"contains": ["x"]}}
        id is a number | id | {"id": 7, "prompt": "p", "expect": {"contains": ["x"]}}
        id is empty | id | {"id": "", "prompt": "p", "expect": {"contains": ["x"]}}
        id climbs out | id | id: ../x
        id is the parent directory | id | id: ..
        id is the current directory | id | id: .
        id has a space | id | id: a b
        id has a slash | id | id: a/b
        id has a backslash | id | id: a\\\\b
        prompt missing | prompt | {"id": "a", "expect": {"contains": ["x"]}}
        prompt empty | prompt | {"id": "a", "prompt": "", "expect": {"contains": ["x"]}}
        prompt blank | prompt | {"id": "a", "prompt": "  ", "expect": {"contains": ["x"]}}
        prompt is an array | prompt | {"id": "a", "prompt": ["p"], "expect": {"contains": ["x"]}}
        expect missing | expect | {"id": "a", "prompt": "p"}
        expect is a string | expect | expect: "RunAll"
        expect is an array | expect | expect: ["RunAll"]
        expect has no expectation | expect | expect: {}
        expect has only empty lists | expect | expect: {"contains": [], "regex": []}
        unknown top-level field | promt | {"id": "a", "prompt": "p", "promt": "q", "expect": {"contains": ["x"]}}
        unknown field in expect | expect.equals | expect: {"contains": ["x"], "equals": "x"}
        contains is a string | expect.contains | expect: {"contains": "RunAll"}
        contains holds a number | expect.contains[1] | expect: {"contains": ["x", 42]}
        contains holds an empty string | expect.contains[0] | expect: {"contains": [""]}
        contains holds null | expect.contains[0] | expect: {"contains": [null]}
        regex is an object | expect.regex | expect: {"regex": {"a": "b"}}
        second regex is invalid | expect.regex[1] | expect: {"regex": ["ok", "Run(All"]}
        notContains is a string | expect.notContains | expect: {"notContains": "x"}
        notContains holds a boolean | expect.notContains[0] | expect: {"notContains": [true]}
        timeout in words | timeout | extra: "timeout": "ten minutes"
        timeout zero | timeout | extra: "timeout": "0s"
        timeout negative | timeout | extra: "timeout": "-5s"
        timeout is a number | timeout | extra: "timeout": 90
        timeout is empty | timeout | extra: "timeout": ""
        timeout too long | timeout | extra: "timeout": "9223372036854775807h"
        a key given twice | - | {"id": "a", "id": "b", "prompt": "p", "expect": {"contains": ["x"]}}
        tags is a string | tags | extra: "tags": "smoke"
        tags holds a number | tags[1] | extra: "tags": ["smoke", 1]
        files is a string | expect.files | expect: {"files": "RunAll.java"}
        files holds an empty string | expect.files[0] | expect: {"files": [""]}
        tools is a list | expect.tools | expect: {"tools": ["Grep"]}
        tools expects nothing | expect.tools | expect: {"tools": {}}
        tools has only empty lists | expect.tools | expect: {"tools": {"used": [], "notUsed": []}}
        unknown field in tools | expect.tools.calls | expect: {"tools": {"used": ["Grep"], "calls": 3}}
        tools.used is a string | expect.tools.used | expect: {"tools": {"used": "Grep"}}
        tools.notUsed holds a number | expect.tools.notUsed[1] | expect: {"tools": {"notUsed": ["Bash", 2]}}
        tools.maxCalls negative | expect.tools.maxCalls | expect: {"tools": {"maxCalls": -1}}
        tools.maxCalls a fraction | expect.tools.maxCalls | expect: {"tools": {"maxCalls": 2.5}}
        tools.maxCalls a string | expect.tools.maxCalls | expect: {"tools": {"maxCalls": "10"}}
        rubric blank | expect.rubric | expect: {"rubric": " "}
        rubric a list | expect.rubric | expect: {"rubric": ["x"]}
        reference a number | expect.reference | expect: {"contains": ["x"], "reference": 3}
        repo not a string | repo | extra: "repo": 3
        repo blank | repo | extra: "repo": " "
        commit blank | commit | extra: "commit": ""
        derived not a list | derived | extra: "derived": "x"
        """);
  }

  /**
   * Bad cases only the loader can see: JSON Schema cannot check that a string between slashes is a
   * regular expression. SchemaTest lists these apart, so the gap is named rather than hidden.
   */
  static Stream<Arguments> badCasesTheSchemaCannotSee() {
    return table(
        """
        a tool regex is invalid | expect.tools.used[1] | expect: {"tools": {"used": ["Grep", "/mcp__(repo/"]}}
        a derived entry that is no key of the case | derived[1] | extra: "derived": ["x", "y"]
        a git URL without a commit | commit | extra: "repo": "https://example.com/r.git"
        """);
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

  /**
   * Bad cases from a table, a row each: name | the field the error must name ({@code -}: none) |
   * the file, where {@code expect: X} is a case whose expect is X, {@code extra: X} a valid case
   * with the field X added, {@code id: X} a valid case with the id X, and anything else the file's
   * text as it stands.
   */
  private static Stream<Arguments> table(String rows) {
    return rows.lines()
        .map(
            row -> {
              String[] cells = row.split("\\|", 3);
              String field = cells[1].strip();
              return bad(
                  cells[0].strip(), file(cells[2].strip()), field.equals("-") ? null : field);
            });
  }

  private static String file(String cell) {
    if (cell.startsWith("expect: ")) {
      return withExpect(cell.substring("expect: ".length()));
    } else if (cell.startsWith("extra: ")) {
      return withExtra(cell.substring("extra: ".length()));
    } else if (cell.startsWith("id: ")) {
      return caseWithId(cell.substring("id: ".length()));
    }
    return cell;
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

    BadInputs.assertNamesFileAndField(file, field, () -> CaseLoader.load(dir));
  }
}
