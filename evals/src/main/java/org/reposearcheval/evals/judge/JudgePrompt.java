package org.reposearcheval.evals.judge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.reposearcheval.evals.suite.Expectations;
import org.reposearcheval.evals.suite.Fingerprint;

/**
 * The judge's prompt: the template {@code judge-prompt.md} beside this class, filled in with the
 * question, the case's rubric and reference answer, and the answer. Nothing else goes in: not the
 * arm, the agent, the MCP servers, the tool calls or the transcript. The answer stands between two
 * lines whose tag carries a hash of the answer itself, so an answer cannot close its own block and
 * speak as the harness. {@link #sha256()} versions the template in {@code run.json} and {@code
 * report.json}.
 */
public final class JudgePrompt {
  /** The template's resource, beside this class. */
  public static final String RESOURCE = "judge-prompt.md";

  /** Said when the judge's first reply could not be read, before it is asked again. */
  static final String ASK_AGAIN =
      "\n\nYour previous reply to this request could not be read as the verdict (%s). Reply with"
          + " the JSON object only.\n";

  private static final JudgePrompt DEFAULT = new JudgePrompt(load());

  private final String template;
  private final String sha256;

  JudgePrompt(String template) {
    this.template = template;
    this.sha256 = sha256(template);
  }

  /** The template shipped with the harness. */
  public static JudgePrompt standard() {
    return DEFAULT;
  }

  /** The SHA-256 of the template's text. */
  public String sha256() {
    return sha256;
  }

  /** The prompt for grading {@code answer} to {@code question} against {@code judged}. */
  public String render(String question, Expectations.Judged judged, String answer) {
    String tag = "answer-" + sha256(answer).substring(0, 16);
    StringBuilder criteria = new StringBuilder();
    if (judged.rubric() != null) {
      criteria
          .append("The grading criteria: what a correct answer must say.\n\n<rubric>\n")
          .append(judged.rubric().strip())
          .append("\n</rubric>");
    }
    if (judged.reference() != null) {
      if (!criteria.isEmpty()) {
        criteria.append("\n\n");
      }
      criteria
          .append(
              "A reference answer: a correct answer agrees with it on every point the question"
                  + " asks about, in any words.\n\n<reference>\n")
          .append(judged.reference().strip())
          .append("\n</reference>");
    }
    // One pass over the template: what is filled in is never searched for placeholders again.
    StringBuilder out = new StringBuilder(template.length() + answer.length() + 256);
    int at = 0;
    while (true) {
      int open = template.indexOf("{{", at);
      if (open < 0) {
        break;
      }
      int close = template.indexOf("}}", open);
      out.append(template, at, open);
      String name = template.substring(open + 2, close);
      out.append(
          switch (name) {
            case "question" -> question.strip();
            case "criteria" -> criteria;
            case "tag" -> tag;
            case "answer" -> answer.strip();
            default -> throw new IllegalStateException("unknown placeholder {{" + name + "}}");
          });
      at = close + 2;
    }
    out.append(template, at, template.length());
    return out.toString();
  }

  /** The prompt again, after a reply that could not be read for {@code why}. */
  public String renderAgain(
      String question, Expectations.Judged judged, String answer, String why) {
    return render(question, judged, answer) + ASK_AGAIN.formatted(why);
  }

  /** The SHA-256 of {@code text}'s UTF-8 bytes, in hex. */
  static String sha256(String text) {
    return Fingerprint.of(text.getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static String load() {
    try (InputStream in = JudgePrompt.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
