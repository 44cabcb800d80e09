package org.reposearcheval.evals.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;
import org.reposearcheval.evals.score.Adoption;
import org.reposearcheval.evals.score.Numbers;

/**
 * {@code junit.xml}: one test suite per arm and one test case per case × arm × run, so CI test
 * views show the evaluation. A failed answer is a {@code <failure>} listing the missed
 * expectations; error, timeout and invalid runs are {@code <error>}s; cancelled runs are {@code
 * <skipped>}. A run offered MCP that called no MCP tool says {@code MCP offered, not used} in its
 * {@code <system-out>}; each arm offered MCP carries its adoption as suite properties.
 */
final class JunitReport {
  private JunitReport() {}

  static String render(Report report) {
    Map<String, List<RunResult>> byArm = new LinkedHashMap<>();
    report.config().arms().forEach(arm -> byArm.put(arm.name(), new ArrayList<>()));
    for (RunResult r : report.rawResults()) {
      byArm.computeIfAbsent(r.arm(), m -> new ArrayList<>()).add(r);
    }
    Set<Integer> notUsed =
        AdoptionReport.notUsed(report).stream().map(RunResult::index).collect(Collectors.toSet());
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "repo-search-eval");
      counts(xml, report.rawResults());
      for (var arm : byArm.entrySet()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", arm.getKey());
        counts(xml, arm.getValue());
        xml.writeAttribute("timestamp", clean(report.startedAt()));
        adoption(xml, report.adoption(), properties(report, arm.getKey()), arm.getKey());
        for (RunResult r : arm.getValue()) {
          testCase(xml, r, notUsed.contains(r.index()));
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write junit.xml", e);
    }
    return out + "\n";
  }

  /**
   * The arm's suite properties beside its MCP adoption: the judge's, and under {@code --runs auto}
   * the setting and, per case, how many runs each arm got and why ({@code runs <case>}).
   */
  private static List<java.util.Map.Entry<String, String>> properties(Report report, String arm) {
    List<java.util.Map.Entry<String, String>> properties =
        new ArrayList<>(JudgeReport.properties(report, arm));
    if (report.config().autoRuns()) {
      properties.add(java.util.Map.entry("runs", "auto:" + report.config().runs()));
      for (var c : report.summary().byCase()) {
        if (c.byArm().containsKey(arm) && c.allocation() != null) {
          properties.add(java.util.Map.entry("runs " + c.caseId(), c.allocation()));
        }
      }
    }
    if (report.config().maxCostPerRunUsd() != null) {
      properties.add(
          java.util.Map.entry(
              "maxCostPerRunUsd", String.valueOf(report.config().maxCostPerRunUsd())));
    }
    return properties;
  }

  /**
   * The arm's MCP adoption as suite properties: the share of runs that used MCP, and the warning
   * when more than a quarter did not.
   */
  private static void adoption(
      XMLStreamWriter xml,
      Adoption adoption,
      List<java.util.Map.Entry<String, String>> judge,
      String armName)
      throws XMLStreamException {
    Adoption.ArmAdoption arm = adoption == null ? null : adoption.byArm().get(armName);
    if (arm == null && judge.isEmpty()) {
      return;
    }
    xml.writeCharacters("\n    ");
    xml.writeStartElement("properties");
    if (arm != null) {
      property(xml, "mcpCalledAnMcpTool", AdoptionReport.share(arm.runs()));
      property(xml, "mcpOfferedNotUsed", String.valueOf(arm.runs().notUsed()));
      if (arm.warning() != null) {
        property(xml, "mcpAdoptionWarning", arm.warning());
      }
    }
    for (java.util.Map.Entry<String, String> p : judge) {
      property(xml, p.getKey(), p.getValue());
    }
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeCharacters("\n      ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", clean(value));
  }

  private static void testCase(XMLStreamWriter xml, RunResult r, boolean mcpNotUsed)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", clean(r.arm()));
    xml.writeAttribute("name", clean(r.caseId() + " #" + r.run()));
    xml.writeAttribute("time", seconds(r.durationMs()));
    switch (r.status()) {
      case PASSED -> {}
      case FAILED -> {
        element(
            xml,
            "failure",
            "missed "
                + Numbers.plural(r.failedExpectations().size(), "expectation", "expectations"),
            String.join("\n", r.failedExpectations()));
      }
      case CANCELLED ->
          element(xml, "skipped", Objects.requireNonNullElse(r.error(), "cancelled"), null);
      default ->
          element(
              xml,
              "error",
              r.status().label() + ": " + Objects.requireNonNullElse(r.error(), ""),
              r.error());
    }
    List<String> out = new ArrayList<>();
    if (mcpNotUsed) {
      out.add(AdoptionReport.NOT_USED);
    }
    if (r.transcript() != null) {
      out.add("transcript: " + r.transcript());
    }
    if (r.judge() != null) {
      out.add(
          "judge: "
              + r.judge().verdict()
              + " ("
              + JudgeReport.votes(r.judge())
              + "): "
              + Objects.requireNonNullElse(r.judge().reason(), ""));
    }
    if (!out.isEmpty()) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(clean(String.join("\n", out)));
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static void element(XMLStreamWriter xml, String name, String message, String body)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeAttribute("message", clean(firstLine(message)));
    if (!name.equals("skipped")) {
      xml.writeAttribute("type", name.equals("failure") ? "failed" : firstWord(message));
    }
    if (body != null && !body.isEmpty()) {
      xml.writeCharacters(clean(body));
    }
    xml.writeEndElement();
  }

  private static void counts(XMLStreamWriter xml, List<RunResult> runs) throws XMLStreamException {
    xml.writeAttribute("tests", String.valueOf(runs.size()));
    xml.writeAttribute("failures", String.valueOf(count(runs, RunStatus.FAILED)));
    xml.writeAttribute(
        "errors",
        String.valueOf(
            count(runs, RunStatus.ERROR)
                + count(runs, RunStatus.TIMEOUT)
                + count(runs, RunStatus.INVALID)));
    xml.writeAttribute("skipped", String.valueOf(count(runs, RunStatus.CANCELLED)));
    xml.writeAttribute("time", seconds(runs.stream().mapToLong(RunResult::durationMs).sum()));
  }

  private static long count(List<RunResult> runs, RunStatus status) {
    return runs.stream().filter(r -> r.status() == status).count();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  private static String firstWord(String text) {
    return text.split(":", 2)[0];
  }

  /**
   * XML 1.0 cannot carry most control characters, even escaped; an agent's output may hold some.
   */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              boolean allowed =
                  c == 0x9
                      || c == 0xA
                      || c == 0xD
                      || (c >= 0x20 && c <= 0xD7FF)
                      || (c >= 0xE000 && c <= 0xFFFD)
                      || c >= 0x10000;
              out.appendCodePoint(allowed ? c : '\uFFFD');
            });
    return out.toString();
  }
}
