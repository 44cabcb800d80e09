package org.reposearcheval.evals;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the packages (docs/architecture.md): util ← suite ← run ← agent, score ←
 * transcript, report ← the root, each pointing one way, at every depth (a subpackage is a package)
 * and between the files of each package. A class that breaks one fails here with the import that
 * does it.
 */
class ArchitectureTest {
  private static final String ROOT = "org.reposearcheval.evals";
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  private static String pkg(String name) {
    return ROOT + "." + name + "..";
  }

  private static void check(ArchRule rule) {
    rule.check(MAIN);
  }

  /** No class in the package {@code from} depends on a class in any of {@code to}. */
  private static void dependsOnNone(String from, String... to) {
    check(
        noClasses()
            .that()
            .resideInAPackage(from)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(to));
  }

  @Test
  void thePackagesHaveNoCycles() {
    check(slices().matching(ROOT + ".(*)..").should().beFreeOfCycles());
  }

  @Test
  void onlyTheRootOrchestratesTheOthers() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage(ROOT)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT));
  }

  @Test
  void utilNeedsNothingOfOurs() {
    dependsOnNone(
        pkg("util"),
        pkg("suite"),
        pkg("run"),
        pkg("agent"),
        pkg("score"),
        pkg("report"),
        pkg("transcript"),
        pkg("process"));
  }

  @Test
  void theProcessRoomNeedsOnlyUtil() {
    dependsOnNone(
        pkg("process"),
        ROOT,
        pkg("suite"),
        pkg("run"),
        pkg("agent"),
        pkg("score"),
        pkg("report"),
        pkg("transcript"));
  }

  @Test
  void onlyTheProcessRoomTouchesTheForeignFunctionApi() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage(pkg("process"))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.lang.foreign.."));
  }

  @Test
  void theSuiteNeedsOnlyUtil() {
    dependsOnNone(
        pkg("suite"), pkg("run"), pkg("agent"), pkg("score"), pkg("report"), pkg("transcript"));
  }

  @Test
  void theSchedulerNeverKnowsTheAgent() {
    dependsOnNone(pkg("run"), pkg("agent"), pkg("score"), pkg("report"), pkg("transcript"));
  }

  @Test
  void scoringIsPureOfAgentsAndReports() {
    dependsOnNone(pkg("score"), pkg("agent"), pkg("report"), pkg("transcript"));
  }

  @Test
  void theAgentWritesNoReport() {
    dependsOnNone(pkg("agent"), pkg("report"));
  }

  @Test
  void reportsNeverKnowTheAgent() {
    dependsOnNone(pkg("report"), pkg("agent"));
  }

  @Test
  void transcriptPagesReadFilesNeverTheAgentTheReportOrTheRoot() {
    dependsOnNone(pkg("transcript"), pkg("agent"), pkg("report"), ROOT);
  }

  @Test
  void onlyTheSchedulerTouchesThePreviewApi() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage(pkg("run"))
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.util.concurrent.StructuredTaskScope")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("java.util.concurrent")
            .andShould()
            .dependOnClassesThat()
            .haveSimpleNameStartingWith("StructuredTaskScope"));
  }

  @Test
  void theSchedulerRunsOnStructuredConcurrency() {
    check(
        classes()
            .that()
            .haveSimpleName("RunAll")
            .should()
            .resideInAPackage(pkg("run"))
            .andShould()
            .dependOnClassesThat()
            .haveSimpleNameStartingWith("StructuredTaskScope"));
  }

  /**
   * Subpackages are packages of their own here: {@code agent} and each {@code agent.codex}, {@code
   * agent.claude}, … point one way (the adapters at the seam, never the seam at an adapter).
   */
  @Test
  void noLoopsBetweenPackagesAtAnyDepth() {
    check(slices().matching(ROOT + ".(**)").should().beFreeOfCycles());
  }

  @Test
  void theSeamNeverNamesAnAdapter() {
    dependsOnNone(ROOT + ".agent", ROOT + ".agent.*..");
  }

  /** A file of any package is read before the files that use it: no two files need each other. */
  @Test
  void noLoopsBetweenTheFilesOfAnyPackage() {
    check(
        slices()
            .assignedFrom(
                new SliceAssignment() {
                  @Override
                  public SliceIdentifier getIdentifierOf(JavaClass c) {
                    return SliceIdentifier.of(fileOf(c));
                  }

                  @Override
                  public String getDescription() {
                    return "the files of each package";
                  }
                })
            .should()
            .beFreeOfCycles());
  }

  /**
   * One name, one meaning: no two files of the harness share a name, and the names that once had
   * two meanings ({@code JsonLines}, {@code Verdict}, {@code Key}, {@code Pages}) have one, nested
   * or not.
   */
  @Test
  void namesAreUnique() {
    Map<String, List<String>> files = new TreeMap<>();
    Map<String, List<String>> anyDepth = new TreeMap<>();
    for (JavaClass c : MAIN) {
      if (c.getSimpleName().isEmpty() || c.getSimpleName().equals("package-info")) {
        continue; // anonymous, or a package's documentation
      }
      anyDepth.computeIfAbsent(c.getSimpleName(), n -> new ArrayList<>()).add(c.getName());
      if (!c.isNestedClass()) {
        files.computeIfAbsent(c.getSimpleName(), n -> new ArrayList<>()).add(c.getName());
      }
    }
    files.values().removeIf(names -> names.size() < 2);
    assertEquals(Map.of(), files);
    for (String name : List.of("JsonLines", "Verdict", "Key", "Pages")) {
      assertTrue(anyDepth.getOrDefault(name, List.of()).size() <= 1, anyDepth.get(name).toString());
    }
  }

  private static String fileOf(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}
