package org.reposearcheval.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmd/jdk.sh}, which the launcher and {@code .ci/run} source, finds a JDK 25 by its {@code
 * release} file (or, without one, by asking it) past older ones on {@code JAVA_HOME} and {@code
 * PATH}. The JDKs here are stand-ins: a {@code bin/java} that only answers its version.
 */
@Timeout(60)
class JdkScriptTest {
  private static final Path SCRIPT = Path.of("jdk.sh").toAbsolutePath();

  @TempDir Path dir;

  /** A JDK home whose {@code release} says {@code version}, or none when null. */
  private Path jdk(String name, String release, String specVersion) throws IOException {
    Path bin = Files.createDirectories(dir.resolve(name).resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java, "#!/bin/sh\necho '    java.specification.version = " + specVersion + "' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (release != null) {
      Files.writeString(
          dir.resolve(name).resolve("release"),
          "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + release + "\"\nOS_NAME=\"Linux\"\n");
    }
    return java;
  }

  /** What {@code find_java} prints with this JAVA_HOME (empty: unset) and PATH. */
  private String findJava(String javaHome, String path) throws Exception {
    String probe =
        "source '" + SCRIPT + "'\n" + (javaHome.isEmpty() ? "unset JAVA_HOME\n" : "") + "find_java";
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", probe);
    builder.environment().put("PATH", path);
    if (!javaHome.isEmpty()) {
      builder.environment().put("JAVA_HOME", javaHome);
    }
    return Finished.run(builder, Duration.ofSeconds(30)).output().strip();
  }

  private static String path(Path java) {
    return java.getParent() + ":/usr/bin:/bin";
  }

  @Test
  void takesJavaHomeWhenItIsAJdk25() throws Exception {
    Path jdk25 = jdk("jdk25", "25.0.3", "25");
    Path jdk17 = jdk("jdk17", "17.0.12", "17");
    assertEquals(jdk25.toString(), findJava(dir.resolve("jdk25").toString(), path(jdk17)));
  }

  @Test
  void passesAnOlderJavaHomeForTheJdk25OnPath() throws Exception {
    Path jdk25 = jdk("jdk25", "25", "25");
    jdk("jdk17", "17.0.12", "17");
    assertEquals(jdk25.toString(), findJava(dir.resolve("jdk17").toString(), path(jdk25)));
  }

  @Test
  void asksAJdkWithoutAReleaseFileForItsVersion() throws Exception {
    Path jdk25 = jdk("bare25", null, "25");
    assertEquals(jdk25.toString(), findJava("", path(jdk25)));
  }

  @Test
  void readsTheFeatureVersionNotAPrefixOfIt() throws Exception {
    // "250" and "2" are not 25: with JAVA_HOME at either, the JDK 25 on PATH is the one.
    jdk("jdk250", "250.0.1", "250");
    jdk("jdk2", "2.5", "2");
    Path jdk25 = jdk("jdk25", "25.0.1", "25");
    assertEquals(jdk25.toString(), findJava(dir.resolve("jdk250").toString(), path(jdk25)));
    assertEquals(jdk25.toString(), findJava(dir.resolve("jdk2").toString(), path(jdk25)));
  }
}
