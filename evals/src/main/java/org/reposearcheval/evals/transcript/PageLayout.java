package org.reposearcheval.evals.transcript;

import java.util.Locale;
import org.reposearcheval.evals.run.RunResult;
import org.reposearcheval.evals.run.RunStatus;

/** Where the pages go in a run directory, and how their numbers are written. */
final class PageLayout {
  /** The folder of the pages in a run directory. */
  static final String DIR = "pages";

  private PageLayout() {}

  /** A case's page, relative to the run directory: {@code pages/<case>.html}. */
  static String casePage(String caseId) {
    return DIR + "/" + caseId + ".html";
  }

  /** A run's page, relative to {@code pages/}: {@code <arm>/<case>-<run>.html}. */
  static String runPageInPages(RunResult r) {
    return r.arm() + "/" + r.caseId() + "-" + r.run() + ".html";
  }

  /** {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 1 line was}, {@code 3 lines were}. */
  static String plural(long n, String one, String many) {
    return count(n) + " " + (n == 1 ? one : many);
  }

  /** The class a status is coloured by: pass, fail, or warn for a run without a verdict. */
  static String statusClass(RunStatus status) {
    return switch (status) {
      case PASSED -> "pass";
      case FAILED -> "fail";
      case CANCELLED -> "muted";
      default -> "warn";
    };
  }
}
