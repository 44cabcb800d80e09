package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verdict a user acts on, from a real run through the test agent: 19 cases that pass in one arm
 * only — 5 with MCP and 14 without, then the mirror image — are not a significant difference either
 * way round, in report.md, report.html and report.json alike.
 */
class VerdictRunTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"5, 14", "14, 5"})
  void fiveAgainstFourteenFlipsIsNotSignificantEitherWayRound(int onlyWith, int onlyWithout)
      throws IOException {
    // Each arm answers with its own mark (the variants' env); a case expects one arm's mark.
    // 19 discordant cases: 2 × P(X ≤ 5), X ~ Bin(19, 1/2) = 2 × 16664 / 524288 = 0.0636.
    Path cases = Files.createDirectories(dir.resolve("cases"));
    for (int i = 0; i < onlyWith + onlyWithout; i++) {
      String mark = i < onlyWith ? "ARM_MARK=mcp" : "ARM_MARK=base";
      TestSuites.writeCase(cases, String.format("case-%02d", i), "env=ARM_MARK", mark);
    }
    TestSuites.writeMcpConfig(cases);
    Path variants =
        Files.writeString(
            dir.resolve("variants.json"),
            """
            {"baseline": "baseline",
             "variants": [{"name": "mcp", "mcpConfig": "cases/mcp.json",
                           "env": {"ARM_MARK": "mcp"}},
                          {"name": "baseline", "env": {"ARM_MARK": "base"}}]}\
            """);
    Cli cli = new Cli();

    int code =
        cli.run(Cli.runArgs(cases, dir, "--variants", variants.toString(), "--parallel", "4"));

    assertEquals(ExitCodes.OK, code, cli.err());
    int net = onlyWith - onlyWithout;
    String sentence =
        "mcp passes 9 "
            + (net > 0 ? "more" : "fewer")
            + " cases than baseline ("
            + onlyWith
            + " pass only with mcp, "
            + onlyWithout
            + " only with baseline; McNemar p = 0.0636): not significant at 0.05.";
    String md = Files.readString(dir.resolve("out/report.md"));
    assertTrue(md.contains("- " + sentence + "\n"), md);
    assertFalse(md.contains("**mcp passes"), "not bold: not significant");
    String html = Files.readString(dir.resolve("out/report.html"));
    assertTrue(
        html.contains("<span class=\"badge\">not significant</span>" + sentence), "report.html");
    JsonNode decision =
        JsonMapper.builder()
            .build()
            .readTree(dir.resolve("out/report.json").toFile())
            .at("/statistics/comparisons/0/mcnemar/decision");
    assertEquals(33_328.0 / 524_288, decision.get("pValue").asDouble(), 1e-12);
    assertFalse(decision.get("significant").asBoolean());
  }
}
