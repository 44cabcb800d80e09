package org.reposearcheval.evals;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml}: one test suite per mode and one test case per case × mode × run, so CI test
 * views show the evaluation. A failed answer is a {@code <failure>} listing the missed
 * expectations; error, timeout and invalid runs are {@code <error>}s; cancelled runs are {@code
 * <skipped>}.
 */
final class JunitReport {
  private JunitReport() {}

  static String render(Report report) {
    Map<String, List<RunResult>> byMode = new LinkedHashMap<>();
    report.config().arms().forEach(arm -> byMode.put(arm.name(), new ArrayList<>()));
    for (RunResult r : report.rawResults()) {
      byMode.computeIfAbsent(r.mode(), m -> new ArrayList<>()).add(r);
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "repo-search-eval");
      counts(xml, report.rawResults());
      for (var mode : byMode.entrySet()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", mode.getKey());
        counts(xml, mode.getValue());
        xml.writeAttribute("timestamp", clean(report.startedAt()));
        for (RunResult r : mode.getValue()) {
          testCase(xml, r);
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

  private static void testCase(XMLStreamWriter xml, RunResult r) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", clean(r.mode()));
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
      case CANCELLED -> element(xml, "skipped", or(r.error(), "cancelled"), null);
      default -> element(xml, "error", r.status().label() + ": " + or(r.error(), ""), r.error());
    }
    if (r.transcript() != null) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(clean("transcript: " + r.transcript()));
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

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
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
