package org.reposearcheval.evals.score;

/**
 * How well two graders of the same answers agree, each saying pass or fail: Cohen's κ, the
 * agreement beyond what their pass rates alone would give by chance. {@code κ = (po − pe) / (1 −
 * pe)}, {@code po} the share of answers both graded alike, {@code pe = (pA·pB) + (1 − pA)(1 − pB)}
 * with pA and pB each grader's share of passes. 1 is full agreement, 0 no better than chance.
 *
 * @param runs the answers both graded
 * @param bothPass both said pass
 * @param onlyFirstPass the first grader (the strings) said pass, the second (the judge) fail
 * @param onlySecondPass the judge said pass, the strings fail
 * @param bothFail both said fail
 * @param observed {@code po}; null without answers
 * @param kappa null without answers, or when chance alone gives full agreement ({@code pe = 1}:
 *     both graders said the same one thing of every answer)
 */
public record Agreement(
    int runs,
    int bothPass,
    int onlyFirstPass,
    int onlySecondPass,
    int bothFail,
    Double observed,
    Double kappa) {

  /** The agreement of the four counts of a two-by-two table. */
  public static Agreement of(int bothPass, int onlyFirstPass, int onlySecondPass, int bothFail) {
    int n = bothPass + onlyFirstPass + onlySecondPass + bothFail;
    if (n == 0) {
      return new Agreement(0, 0, 0, 0, 0, null, null);
    }
    double po = (double) (bothPass + bothFail) / n;
    double first = (double) (bothPass + onlyFirstPass) / n;
    double second = (double) (bothPass + onlySecondPass) / n;
    double pe = first * second + (1 - first) * (1 - second);
    Double kappa = pe >= 1 ? null : (po - pe) / (1 - pe);
    return new Agreement(n, bothPass, onlyFirstPass, onlySecondPass, bothFail, po, kappa);
  }
}
