package org.reposearcheval.evals.judge;

import java.util.Set;
import org.reposearcheval.evals.run.Judgement;
import org.reposearcheval.evals.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A judge's reply read as its verdict: one JSON object, {@code {"verdict": "pass"|"fail", "reason":
 * "...", "score": 0.9}}, {@code score} optional and from 0 to 1, nothing else in it. A reply in a
 * Markdown code fence is read; anything else is malformed, and says why.
 */
record JudgeReply(String verdict, String reason, Double score, String malformed) {
  private static final Set<String> FIELDS = Set.of("verdict", "reason", "score");
  private static final int REASON_CHARS = 500;

  static JudgeReply malformed(String why) {
    return new JudgeReply(null, null, null, why);
  }

  boolean readable() {
    return malformed == null;
  }

  static JudgeReply parse(String reply) {
    if (reply == null || reply.isBlank()) {
      return malformed("the reply was empty");
    }
    String text = reply.strip();
    if (text.startsWith("```")) {
      int firstLine = text.indexOf('\n');
      int fence = text.lastIndexOf("```");
      if (firstLine > 0 && fence > firstLine) {
        text = text.substring(firstLine + 1, fence).strip();
      }
    }
    JsonNode node;
    try {
      node = Json.STRICT.readTree(text);
    } catch (JacksonException e) {
      return malformed("not one JSON object: " + shorten(e.getOriginalMessage(), 120));
    }
    if (node == null || !node.isObject()) {
      return malformed("not a JSON object");
    }
    for (String name : node.propertyNames()) {
      if (!FIELDS.contains(name)) {
        return malformed("unknown field '" + name + "'");
      }
    }
    JsonNode verdict = node.get("verdict");
    if (verdict == null
        || !verdict.isString()
        || !(verdict.asString().equals(Judgement.PASS)
            || verdict.asString().equals(Judgement.FAIL))) {
      return malformed("\"verdict\" must be \"pass\" or \"fail\"");
    }
    JsonNode reason = node.get("reason");
    if (reason == null || !reason.isString() || reason.asString().isBlank()) {
      return malformed("\"reason\" must be a sentence");
    }
    JsonNode score = node.get("score");
    Double value = null;
    if (score != null && !score.isNull()) {
      if (!score.isNumber() || score.asDouble() < 0 || score.asDouble() > 1) {
        return malformed("\"score\" must be a number from 0 to 1");
      }
      value = score.asDouble();
    }
    return new JudgeReply(
        verdict.asString(), shorten(reason.asString().strip(), REASON_CHARS), value, null);
  }

  private static String shorten(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
