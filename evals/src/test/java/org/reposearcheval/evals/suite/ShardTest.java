package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reposearcheval.evals.TestJobs;

/** Shards are balanced, disjoint, cover the suite, and keep a case in the same shard. */
class ShardTest {

  private static List<TestCase> cases(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> TestJobs.testCase(String.format("case-%03d", i), "p", "x"))
        .toList();
  }

  @ParameterizedTest
  @CsvSource({"18,3", "10,3", "7,4", "2,3", "100,7"})
  void shardsAreBalancedDisjointAndCoverEveryCase(int caseCount, int shardCount) {
    List<TestCase> all = cases(caseCount);
    List<String> union = new ArrayList<>();
    int smallest = Integer.MAX_VALUE;
    int largest = 0;
    for (int k = 1; k <= shardCount; k++) {
      List<TestCase> mine = new Shard(k, shardCount).select(all);
      mine.forEach(c -> union.add(c.id()));
      smallest = Math.min(smallest, mine.size());
      largest = Math.max(largest, mine.size());
    }
    assertEquals(caseCount, union.size(), "no case twice");
    assertEquals(Set.copyOf(all.stream().map(TestCase::id).toList()), new HashSet<>(union));
    assertTrue(largest - smallest <= 1, "sizes differ by " + (largest - smallest));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void theSameCaseLandsInTheSameShardEveryTime(int shardCount) {
    for (int k = 1; k <= shardCount; k++) {
      assertEquals(
          new Shard(k, shardCount).select(cases(20)), new Shard(k, shardCount).select(cases(20)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "99999999999/3"})
  void badShardsAreRefusedWithAMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shard.parse(text));
    assertTrue(e.getMessage().contains("shard"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"1/1,1,1", "2/3,2,3", " 3/3 ,3,3"})
  void parsesKOverN(String text, int index, int count) {
    assertEquals(new Shard(index, count), Shard.parse(text));
  }
}
