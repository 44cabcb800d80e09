package org.reposearcheval.evals.agent.opencode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether OpenCode can authenticate, as far as the harness can tell without knowing the provider an
 * arm's model is on: OpenCode reaches dozens of providers, each with its own variable, and a
 * provider given in config may carry its key or need none. So any provider key, login or provider
 * config is taken as enough; only a run with none of them is refused before it starts.
 */
final class OpenCodeAuth {
  /** Credentials that are not {@code *_API_KEY}: cloud providers' own, OpenCode's in a variable. */
  private static final List<String> OTHER_CREDENTIALS =
      List.of(
          "OPENCODE_AUTH_CONTENT",
          "AWS_ACCESS_KEY_ID",
          "AWS_PROFILE",
          "AWS_BEARER_TOKEN_BEDROCK",
          "GOOGLE_APPLICATION_CREDENTIALS",
          "GOOGLE_CLOUD_PROJECT",
          "GITHUB_TOKEN");

  private OpenCodeAuth() {}

  /**
   * Why OpenCode cannot authenticate with {@code environment}, or empty.
   *
   * @param signedIn whether the user's {@code auth.json} exists ({@code opencode auth login})
   */
  static Optional<String> missing(Map<String, String> environment, boolean signedIn) {
    boolean hasKey =
        environment.entrySet().stream()
            .anyMatch(
                e ->
                    !e.getValue().isBlank()
                        && (e.getKey().endsWith("_API_KEY")
                            || OTHER_CREDENTIALS.contains(e.getKey())));
    String config = environment.getOrDefault(OpenCodeConfig.CONTENT, "");
    if (signedIn || hasKey || config.contains("\"provider\"")) {
      return Optional.empty();
    }
    return Optional.of(
        "OpenCode has no credentials: set the API key of the model's provider (e.g."
            + " ANTHROPIC_API_KEY or OPENAI_API_KEY), sign in with `opencode auth login`, or give"
            + " a provider in OPENCODE_CONFIG_CONTENT");
  }
}
