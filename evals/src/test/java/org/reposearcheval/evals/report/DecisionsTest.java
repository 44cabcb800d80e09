package org.reposearcheval.evals.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reposearcheval.evals.Contains.assertContains;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Decision;
import org.reposearcheval.evals.score.Finding;
import org.reposearcheval.evals.score.Measure;
import org.reposearcheval.evals.score.PairedStatistics;
import org.reposearcheval.evals.score.TestResults;
import org.reposearcheval.evals.suite.Arm;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * One decision per difference, and every format says the same: the suites of the issue (one flip,
 * four flips of ten, twenty of twenty, five pairs one turn apart, two arms under Holm) through
 * statistics, report.md, report.html and report.json.
 */
class DecisionsTest {
  private static final double EPSILON = 1e-9;
  private static final List<String> BOTH = List.of(Arm.WITH_MCP, Arm.WITHOUT_MCP);

  @TempDir Path dir;

  /**
   * {@code cases} paired cases: the first {@code flips} pass with MCP only, the next {@code
   * bothPass} pass in both, the rest fail in both. Every number equal in both arms, so no measure
   * has anything to test.
   */
  static Report suite(int cases, int flips, int bothPass) {
    TestResults results = new TestResults();
    for (int i = 0; i < cases; i++) {
      String id = String.format("case-%02d", i);
      boolean withPasses = i < flips + bothPass;
      boolean withoutPasses = i >= flips && i < flips + bothPass;
      results.add(id, Arm.WITH_MCP, 1, pass(withPasses), 1000, 0.01, 500, 5);
      results.add(id, Arm.WITHOUT_MCP, 1, pass(withoutPasses), 1000, 0.01, 500, 5);
    }
    return SampleReports.report(results.list(), BOTH, 1);
  }

  private static RunStatus pass(boolean passes) {
    return passes ? RunStatus.PASSED : RunStatus.FAILED;
  }

  private static PairedStatistics only(Report report) {
    return report.statistics().comparisons().getFirst();
  }

  /** McNemar's p-value of {@code s}, within {@code tolerance}, and whether it is significant. */
  private static void assertMcnemar(
      PairedStatistics s, double p, double tolerance, boolean significant) {
    assertEquals(p, s.mcnemar().decision().pValue(), tolerance);
    assertEquals(significant, s.mcnemar().decision().significant());
  }

  @Test
  void oneFlipIsDescribedNeverCalledSignificant() {
    // One case, with MCP passes, without fails: McNemar p = 2 × (1/2)^1 = 1. No test on one
    // pair can reach 0.05 (McNemar needs 6 flips one way: 2/64 = 0.031; 5 give 2/32 = 0.0625).
    // The delta is +100 points in every resample: the interval says nothing.
    Report report = suite(1, 1, 0);
    PairedStatistics s = only(report);

    assertMcnemar(s, 1.0, EPSILON, false);
    assertFalse(s.detectable().anyTestCanReach());
    assertFalse(s.detectable().passRateCanReach());
    assertEquals(6, s.detectable().minOneWayFlips());
    assertFalse(s.passRateDelta().informative());
    assertTrue(s.findings().stream().noneMatch(Finding::significant));

    String md = MarkdownReport.render(report);
    String section =
        md.substring(md.indexOf("## Is the difference real?"), md.indexOf("## By case"));
    assertFalse(section.contains("**with") || section.contains("**Pass"), section);
    assertFalse(section.contains("not significant"), "one line instead of a wall: " + section);
    assertContains(
        section,
        "- With 1 paired case no test here can reach significance at 0.05: McNemar needs at"
            + " least 6 flips all one way, Wilcoxon at least 6 cases that differ.",
        "- with-mcp passes 1 more case than without-mcp (1 pass only with with-mcp, 0 only"
            + " with without-mcp; McNemar p = 1.00).",
        "- Pass rate of with-mcp minus without-mcp: +100 points, an estimate (the bootstrap"
            + " interval is not informative: every case's difference is the same, so"
            + " resampling cannot move it).");
    String html = HtmlReport.render(report);
    assertLacks(html, "<span class=\"badge\">significant</span>");
    assertTrue(html.contains("<span class=\"badge\">descriptive</span>with-mcp passes 1"), html);
  }

  @Test
  void fourFlipsOfTenAreNotSignificantAndSayWhatTheSuiteCouldDetect() {
    // 10 paired cases, 4 flip towards MCP, none back: McNemar p = 2 × (1/2)^4 = 0.125.
    // Bootstrap of deltas {1,1,1,1,0,…}: a resample's mean is k/10, k ~ Bin(10, 0.4).
    // P(k <= 0) = 0.006, P(k <= 1) = 0.046 → 2.5th percentile 1/10 (+10);
    // P(k >= 8) = 0.012, P(k >= 7) = 0.055 → 97.5th percentile 7/10 (+70).
    Report report = suite(10, 4, 3);
    PairedStatistics s = only(report);

    assertMcnemar(s, 0.125, EPSILON, false);
    assertNull(s.detectable().flipsNeeded(), "no split of 4 flips reaches 0.05");
    assertTrue(s.detectable().passRateCanReach());
    assertEquals(0.1, s.passRateDelta().ciLow(), EPSILON);
    assertEquals(0.7, s.passRateDelta().ciHigh(), EPSILON);
    assertTrue(s.passRateDelta().informative());

    String md = MarkdownReport.render(report);
    assertContains(
        md,
        "- with-mcp passes 4 more cases than without-mcp (4 pass only with with-mcp, 0 only"
            + " with without-mcp; McNemar p = 0.125): not significant at 0.05.\n",
        "- With 10 paired cases McNemar needs at least 6 flips, all one way, to reach 0.05;"
            + " this run had 4 (4 one way, 0 the other), and no split of 4 could reach it.",
        "- Pass rate of with-mcp minus without-mcp: +40 points, an estimate (95% bootstrap"
            + " interval +10 to +70 over 10 cases; it shows the spread, McNemar decides).\n");
    assertFalse(md.contains("**Pass rate of"), "an interval is never a verdict");
  }

  @Test
  void twentyFlipsOfTwentyAreSignificantInEveryFormat() throws Exception {
    // 20 flips one way: p = 2 × (1/2)^20 = 1.9073e-6 < 0.001.
    Report report = suite(20, 20, 0);
    PairedStatistics s = only(report);

    assertMcnemar(s, 2 * Math.pow(0.5, 20), 1e-15, true);
    String sentence =
        "with-mcp passes 20 more cases than without-mcp (20 pass only with with-mcp, 0 only with"
            + " without-mcp; McNemar p < 0.001): significant at 0.05.";
    assertTrue(MarkdownReport.render(report).contains("- **" + sentence + "**"));
    assertTrue(
        HtmlReport.render(report)
            .contains(
                "<li class=\"sig\"><span class=\"badge\">significant</span>"
                    + Html.escape(sentence)));
    ReportWriter.write(report, dir);
    JsonNode mcnemar =
        Json.MAPPER
            .readTree(dir.resolve("report.json").toFile())
            .at("/statistics/comparisons/0/mcnemar/decision");
    assertEquals("mcnemar-exact", mcnemar.get("test").asString());
    assertEquals(2 * Math.pow(0.5, 20), mcnemar.get("pValue").asDouble(), 1e-15);
    assertEquals(2 * Math.pow(0.5, 20), mcnemar.get("adjustedPValue").asDouble(), 1e-15);
    assertTrue(mcnemar.get("significant").asBoolean());
  }

  @Test
  void fivePairsEachOneTurnHigherGiveTheExactPValueNotTheNormalOne() {
    // Differences +1 ×5: all tied, ranks 3 each. Exactly 2 of the 32 sign patterns (all +, all −)
    // are as far from the mean as the observed one: p = 2/32 = 0.0625. (The normal
    // approximation gives 0.037.) Five pairs cannot reach 0.05 at all, so nothing is tested.
    TestResults results = new TestResults();
    for (int i = 0; i < 5; i++) {
      results.add("c" + i, Arm.WITH_MCP, 1, RunStatus.PASSED, 1000, 0.01, 500, 6);
      results.add("c" + i, Arm.WITHOUT_MCP, 1, RunStatus.PASSED, 1000, 0.01, 500, 5);
    }
    Report report = SampleReports.report(results.list(), BOTH, 1);
    Measure turns = only(report).turns();

    assertEquals(5, turns.differing());
    assertEquals("wilcoxon-signed-rank-exact", turns.decision().test());
    assertEquals(0.0625, turns.decision().pValue(), EPSILON);
    assertFalse(turns.decision().significant());
    assertTrue(
        MarkdownReport.render(report)
            .contains(
                "- Turns: median 6.0 with with-mcp against 5.0 with without-mcp (1.20×); Wilcoxon"
                    + " p = 0.0625 (exact, 5 of 5 cases differ).\n"));
  }

  @Test
  void holmAcrossArmsTakesBackWhatEachTestAloneWouldClaim() {
    // Two arms against the baseline, each with 6 one-way flips of 6 cases: raw p = 2/64 =
    // 0.03125 each. Holm over 2: the smaller × 2 = 0.0625, the larger max(0.0625, 0.03125 × 1)
    // = 0.0625. Neither is significant, though each alone would be.
    TestResults results = new TestResults();
    for (int i = 0; i < 6; i++) {
      results.add("c" + i, "mcp-a", 1, RunStatus.PASSED, 1000, 0.01, 500, 5);
      results.add("c" + i, "mcp-b", 1, RunStatus.PASSED, 1000, 0.01, 500, 5);
      results.add("c" + i, Arm.WITHOUT_MCP, 1, RunStatus.FAILED, 1000, 0.01, 500, 5);
    }
    Report report =
        SampleReports.report(results.list(), List.of("mcp-a", "mcp-b", Arm.WITHOUT_MCP), 1);

    for (PairedStatistics s : report.statistics().comparisons()) {
      Decision d = s.mcnemar().decision();
      assertEquals(0.03125, d.pValue(), EPSILON);
      assertEquals(0.0625, d.adjustedPValue(), EPSILON);
      assertEquals(2, d.familySize());
      assertFalse(d.significant());
    }
    String md = MarkdownReport.render(report);
    assertTrue(
        md.contains(
            "McNemar p = 0.0313, Holm-adjusted p = 0.0625 over 2 tests): descriptive. Alone its"
                + " p-value is below 0.05, but after Holm's correction over 2 tests no outcome of 6"
                + " paired cases could reach it: the correction is what kept it from"
                + " significance."),
        md);
    // No outcome of 6 cases could: 2 × 2/64 = 0.0625 at Holm's first step. At the strictest
    // step, 0.05 / 2 = 0.025, McNemar needs 2/128 = 0.0156: 7 flips.
    assertTrue(
        md.contains(
            "With 6 paired cases no test here can reach significance at 0.05 after Holm's"
                + " correction: McNemar needs at least 7 flips all one way (at the strictest"
                + " step, over 2 tests)"),
        md);
    assertFalse(md.contains("not significant at 0.05"), "nothing here is a test: " + md);
  }

  @Test
  void threeVariantsWhereHolmIsWhatKeepsOneFromAlpha() {
    // Ten cases, three arms against the baseline. mcp-a: 10 flips one way, p = 2/1024 = 0.00195;
    // mcp-b: 6 one way, p = 2/64 = 0.03125; mcp-c: none, p = 1. Holm over 3: 0.00195 × 3 =
    // 0.00586 (significant); 0.03125 × 2 = 0.0625 (not, though below 0.05 alone); 1 × 1 = 1.
    // Every test could reach 0.05 with 10 cases (2/1024 × 3 < 0.05 at every step), so each is a
    // test. At the strictest step, 0.05 / 3 = 0.0167, McNemar needs 7 flips one way (2/128 =
    // 0.0156; 2/64 = 0.03125 is not below it); of mcp-b's 6 flips no split gets there.
    TestResults results = new TestResults();
    for (int i = 0; i < 10; i++) {
      String id = "c" + i;
      results.add(id, "mcp-a", 1, RunStatus.PASSED, 1000, 0.01, 500, 5);
      results.add(id, "mcp-b", 1, pass(i < 6), 1000, 0.01, 500, 5);
      results.add(id, "mcp-c", 1, RunStatus.FAILED, 1000, 0.01, 500, 5);
      results.add(id, Arm.WITHOUT_MCP, 1, RunStatus.FAILED, 1000, 0.01, 500, 5);
    }
    Report report =
        SampleReports.report(
            results.list(), List.of("mcp-a", "mcp-b", "mcp-c", Arm.WITHOUT_MCP), 1);
    List<PairedStatistics> comparisons = report.statistics().comparisons();
    Decision a = comparisons.get(0).mcnemar().decision();
    Decision b = comparisons.get(1).mcnemar().decision();

    assertEquals(0.005859375, a.adjustedPValue(), EPSILON);
    assertTrue(a.significant() && a.reachable());
    assertEquals(0.0625, b.adjustedPValue(), EPSILON);
    assertFalse(b.significant());
    assertTrue(b.reachable());
    PairedStatistics.Holm holm = comparisons.get(1).detectable().holm();
    assertEquals(new PairedStatistics.Holm(3, 0.05 / 3, 7, null), holm);
    String md = MarkdownReport.render(report);
    assertContains(
        md,
        "mcp-b passes 6 more cases than without-mcp (6 pass only with mcp-b, 0 only with"
            + " without-mcp; McNemar p = 0.0313, Holm-adjusted p = 0.0625 over 3 tests): not"
            + " significant at 0.05.",
        "With 10 paired cases after Holm's correction over 3 pass-rate tests McNemar needs at"
            + " least 7 flips, all one way, to reach 0.05 at its strictest step (p below"
            + " 0.0167); this run had 6 (6 one way, 0 the other), and no split of 6 could reach"
            + " it. Alone, its p = 0.0313 is below 0.05: the correction is what kept it from"
            + " significance.");
  }

  @Test
  void aMeasureThatNoOutcomeCouldMakeSignificantUnderHolmIsDescriptive() {
    // Three arms, ten cases; in six of them every arm is slower, longer and one turn more than
    // the baseline. Nine measure tests (duration, output tokens, turns × 3 arms), each on 6
    // differing cases: raw p = 2/64 = 0.03125, but Holm's first step is 9 × 0.03125 = 0.28,
    // so no outcome of 6 cases could reach 0.05: descriptive, with that reason. McNemar (10
    // paired cases, no flip) could reach it, so the comparison as a whole is decidable.
    TestResults results = new TestResults();
    List<String> arms = List.of("mcp-a", "mcp-b", "mcp-c");
    for (int i = 0; i < 10; i++) {
      String id = "c" + i;
      boolean differs = i < 6;
      for (String arm : arms) {
        results.add(
            id,
            arm,
            1,
            RunStatus.PASSED,
            differs ? 2000 : 1000,
            0.01,
            differs ? 600 : 500,
            differs ? 6 : 5);
      }
      results.add(id, Arm.WITHOUT_MCP, 1, RunStatus.PASSED, 1000, 0.01, 500, 5);
    }
    Report report =
        SampleReports.report(
            results.list(), List.of("mcp-a", "mcp-b", "mcp-c", Arm.WITHOUT_MCP), 1);

    for (PairedStatistics s : report.statistics().comparisons()) {
      assertTrue(s.detectable().anyTestCanReach());
      for (Measure m : List.of(s.durationMs(), s.outputTokens(), s.turns())) {
        assertEquals(0.03125, m.decision().pValue(), EPSILON);
        assertEquals(9, m.decision().familySize());
        assertFalse(m.decision().reachable());
      }
      Finding turns =
          s.findings().stream().filter(f -> f.text().startsWith("Turns")).findFirst().orElseThrow();
      assertEquals("descriptive", turns.kind());
      assertTrue(
          turns
              .text()
              .endsWith(
                  "(exact, 6 of 10 cases differ): descriptive, no outcome of 6 differing cases"
                      + " could reach 0.05 after Holm's correction over 9 tests."),
          turns.text());
    }
  }

  @Test
  void fiveAgainstFourteenIsNotSignificantWhicheverArmIsWhich() throws Exception {
    // 19 discordant cases: 2 × P(X ≤ 5), X ~ Bin(19, 1/2) = 2 × 16664 / 2^19 = 0.063568.
    for (boolean mirrored : new boolean[] {false, true}) {
      TestResults results = new TestResults();
      for (int i = 0; i < 19; i++) {
        boolean withPasses = mirrored ? i >= 5 : i < 5;
        String id = String.format("case-%02d", i);
        results.add(id, Arm.WITH_MCP, 1, pass(withPasses), 1000, 0.01, 500, 5);
        results.add(id, Arm.WITHOUT_MCP, 1, pass(!withPasses), 1000, 0.01, 500, 5);
      }
      Report report = SampleReports.report(results.list(), BOTH, 1);
      Path out = Files.createTempDirectory(dir, "mirror");
      ReportWriter.write(report, out);

      Decision d = only(report).mcnemar().decision();
      assertEquals(33_328.0 / 524_288, d.pValue(), 1e-15);
      assertFalse(d.significant());
      String sentence =
          mirrored
              ? "with-mcp passes 9 more cases than without-mcp (14 pass only with with-mcp, 5"
                  + " only with without-mcp; McNemar p = 0.0636): not significant at 0.05."
              : "with-mcp passes 9 fewer cases than without-mcp (5 pass only with with-mcp, 14"
                  + " only with without-mcp; McNemar p = 0.0636): not significant at 0.05.";
      assertTrue(Files.readString(out.resolve("report.md")).contains("- " + sentence + "\n"));
      assertTrue(
          Files.readString(out.resolve("report.html"))
              .contains("<span class=\"badge\">not significant</span>" + Html.escape(sentence)));
      JsonNode decision =
          Json.MAPPER
              .readTree(out.resolve("report.json").toFile())
              .at("/statistics/comparisons/0/mcnemar/decision");
      assertEquals(0.063568, decision.get("pValue").asDouble(), 1e-6);
      assertFalse(decision.get("significant").asBoolean());
    }
  }

  @Test
  void wordsBadgesAndJsonAgreeForEveryFinding() throws Exception {
    for (Report report :
        List.of(suite(1, 1, 0), suite(10, 4, 3), suite(20, 20, 0), SampleReports.twoArms())) {
      Path out = Files.createTempDirectory(dir, "report");
      ReportWriter.write(report, out);
      String md = Files.readString(out.resolve("report.md"));
      String html = Files.readString(out.resolve("report.html"));
      JsonNode comparisons =
          Json.MAPPER.readTree(out.resolve("report.json").toFile()).at("/statistics/comparisons");
      int seen = 0;
      for (JsonNode comparison : comparisons) {
        for (JsonNode finding : comparison.get("findings")) {
          String text = finding.get("text").asString();
          boolean significant = finding.get("significant").asBoolean();
          String kind = finding.get("kind").asString();
          assertTrue(md.contains("- " + (significant ? "**" + text + "**" : text) + "\n"), text);
          String badge =
              !kind.equals("test") ? kind : significant ? "significant" : "not significant";
          assertTrue(
              html.contains("<span class=\"badge\">" + badge + "</span>" + Html.escape(text)),
              text);
          if (kind.equals("test") || kind.equals("descriptive")) {
            assertTrue(finding.get("pValue").isNumber(), text);
            assertTrue(finding.get("adjustedPValue").isNumber(), text);
            assertTrue(finding.get("test").isString(), text);
          }
          seen++;
        }
      }
      assertTrue(seen > 2);
    }
  }
}
