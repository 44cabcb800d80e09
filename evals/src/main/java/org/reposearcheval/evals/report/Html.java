package org.reposearcheval.evals.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.output.StringOutput;

/** The HTML report's escaping, and its templates ({@code src/main/jte/report}) rendered with it. */
final class Html {
  /** The package the templates compile into: {@code report/page.jte} is in this one. */
  private static final String TEMPLATE_PACKAGE = "org.reposearcheval.evals";

  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Html.class.getClassLoader(), TEMPLATE_PACKAGE);

  private Html() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A template of {@code src/main/jte}, say {@code report/page.jte}, rendered for {@code model}.
   */
  static String render(String template, Object model) {
    Escaped output = new Escaped();
    TEMPLATES.render(template, model, output);
    return output.text.toString();
  }

  /**
   * Every {@code ${...}} of a template escaped by {@link #escape}, wherever it stands. jte's own
   * output leaves quotes in text as they are and writes {@code &#34;} in attributes; report.html
   * has always had {@code &quot;} and {@code &#39;}, and escaping all five characters is safe in
   * text and in quoted attributes alike. {@code $unsafe{...}} (only the charts' SVG) and the
   * template's own markup pass as they are.
   */
  private static final class Escaped implements HtmlTemplateOutput {
    private final StringOutput text = new StringOutput();

    @Override
    public void setContext(String tagName, String attributeName) {
      // The same escaping everywhere: nothing depends on where a value stands.
    }

    @Override
    public void writeContent(String value) {
      text.writeContent(value);
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
      text.writeContent(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
      if (value != null) {
        text.writeContent(escape(value));
      }
    }
  }
}
