package org.reposearcheval.evals.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cases of one comparison with a verdict in both arms, as {@code {arm, baseline}} pairs in the
 * baseline's order (then the arm's own cases), and the ids of the others, which are left out.
 */
record CasePairs(List<CaseMeasures[]> pairs, List<String> unpaired) {

  static CasePairs of(Map<String, CaseMeasures> armCases, Map<String, CaseMeasures> baselineCases) {
    List<CaseMeasures[]> pairs = new ArrayList<>();
    List<String> unpaired = new ArrayList<>();
    List<String> ids = new ArrayList<>(baselineCases.keySet());
    armCases.keySet().stream().filter(id -> !baselineCases.containsKey(id)).forEach(ids::add);
    for (String id : ids) {
      CaseMeasures a = armCases.get(id);
      CaseMeasures b = baselineCases.get(id);
      if (a != null && b != null && a.verdicts() > 0 && b.verdicts() > 0) {
        pairs.add(new CaseMeasures[] {a, b});
      } else {
        unpaired.add(id);
      }
    }
    return new CasePairs(pairs, unpaired);
  }

  /** The exact sign-flip p-value of the pairs' pass-rate differences (arm minus baseline). */
  Double signFlip() {
    int n = pairs.size();
    int[] armPassed = new int[n];
    int[] armRuns = new int[n];
    int[] basePassed = new int[n];
    int[] baseRuns = new int[n];
    for (int i = 0; i < n; i++) {
      armPassed[i] = pairs.get(i)[0].passed();
      armRuns[i] = pairs.get(i)[0].verdicts();
      basePassed[i] = pairs.get(i)[1].passed();
      baseRuns[i] = pairs.get(i)[1].verdicts();
    }
    return SignFlip.test(armPassed, armRuns, basePassed, baseRuns);
  }

  /** Whether some paired run's cost was estimated from its tokens. */
  boolean costEstimated() {
    return pairs.stream().flatMap(Arrays::stream).anyMatch(CaseMeasures::costEstimated);
  }
}
