package org.reposearcheval.evals.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.reposearcheval.evals.Contains.assertLacks;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Credential values never reach reports, errors or console lines. */
class SecretsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ANTHROPIC_API_KEY",
        "GITHUB_TOKEN",
        "MY_SECRET_THING",
        "DB_PASSWORD",
        "client_secret",
        "anthropic_auth_token",
        "AUGMENT_SESSION_AUTH",
        "CODEX_API_KEY",
        "GEMINI_API_KEY"
      })
  void credentialVariableValuesAreMasked(String name) {
    Secrets secrets = Secrets.fromEnvironment(Map.of(name, "s3cr3t-value-42"));

    assertEquals("key=*** again ***", secrets.mask("key=s3cr3t-value-42 again s3cr3t-value-42"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HOME", "PATH", "USER", "KEYBOARD_LAYOUT", "TOKENIZER"})
  void ordinaryVariableValuesAreKept(String name) {
    Secrets secrets = Secrets.fromEnvironment(Map.of(name, "/home/someone/bin"));

    assertEquals("cd /home/someone/bin", secrets.mask("cd /home/someone/bin"));
  }

  @Test
  void shortValuesAreNotMasked() {
    Secrets secrets = Secrets.fromEnvironment(Map.of("DB_PASSWORD", "12345", "API_KEY", "abcdef"));

    assertEquals("port 12345, key ***", secrets.mask("port 12345, key abcdef"));
  }

  @Test
  void emptyAndNullValuesAreIgnored() {
    Map<String, String> environment = new HashMap<>();
    environment.put("EMPTY_TOKEN", "");
    environment.put("NULL_TOKEN", null);

    assertEquals("nothing to hide", Secrets.fromEnvironment(environment).mask("nothing to hide"));
  }

  @Test
  void nullStaysNull() {
    assertNull(Secrets.fromEnvironment(Map.of("GITHUB_TOKEN", "ghp_abcdef123456")).mask(null));
  }

  @Test
  void secretContainingAnotherIsMaskedWhole() {
    Secrets secrets =
        Secrets.fromEnvironment(
            Map.of("SHORT_KEY", "abcdef", "LONG_TOKEN", "xx-abcdef-yy", "DB_PASSWORD", "abcdef"));

    String masked = secrets.mask("long xx-abcdef-yy short abcdef");

    assertEquals("long *** short ***", masked);
    assertLacks(masked, "xx-");
  }

  @Test
  void everySecretInTheTextIsMasked() {
    Secrets secrets =
        Secrets.fromEnvironment(
            Map.of("ANTHROPIC_API_KEY", "sk-ant-api03-zzz", "GITHUB_TOKEN", "ghp_1234567890"));

    String masked =
        secrets.mask("curl -H 'x-api-key: sk-ant-api03-zzz' -H 'Authorization: ghp_1234567890'");

    assertEquals("curl -H 'x-api-key: ***' -H 'Authorization: ***'", masked);
  }

  @Test
  void maskingLinesMasksSecretsSplitAcrossWritesAndKeepsTheLastUnfinishedLine() throws Exception {
    Secrets secrets =
        Secrets.fromEnvironment(java.util.Map.of("ANTHROPIC_API_KEY", "sk-ant-0123456789"));
    var sink = new java.io.ByteArrayOutputStream();
    try (var out = secrets.maskingLines(sink)) {
      out.write("{\"a\":\"sk-ant-01".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(
          "23456789\"}\nnext sk-ant-0123456789 é"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertEquals(
        "{\"a\":\"***\"}\nnext *** é", sink.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void maskingLinesIsTheStreamItselfWhenThereIsNoSecret() {
    var sink = new java.io.ByteArrayOutputStream();
    assertSame(sink, Secrets.fromEnvironment(java.util.Map.of("HOME", "/root")).maskingLines(sink));
  }
}
