package org.reposearcheval.evals.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.reposearcheval.evals.run.Usage;
import org.reposearcheval.evals.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The cost of a run whose agent reports none (Codex, Gemini CLI), estimated from its token counts
 * and the list prices in {@code pricing.json} beside this class. A model the table does not list
 * has no estimate: its cost stays unknown rather than guessed. Every estimate is marked so in each
 * report format ({@link AgentStream.Result#costEstimated()}).
 */
public final class Pricing {
  /** Dollars per million tokens; {@code cacheWrite} is 0 where the provider does not charge it. */
  public record Price(double input, double cachedInput, double output, double cacheWrite) {
    /** What {@code usage} costs at this price: input excludes cache reads, as in {@link Usage}. */
    public double cost(Usage usage) {
      return (usage.inputTokens() * input
              + usage.cacheReadInputTokens() * cachedInput
              + usage.outputTokens() * output
              + usage.cacheCreationInputTokens() * cacheWrite)
          / 1_000_000.0;
    }
  }

  private static final Map<String, Price> PRICES = load();

  private Pricing() {}

  /**
   * The estimated cost of {@code usage} on {@code model}: exactly as listed, or listed with a
   * provider prefix ({@code openai/gpt-5}) or a date suffix ({@code claude-sonnet-4-5-20250929})
   * removed; empty when the model is unknown or absent.
   */
  public static Optional<Double> estimate(String model, Usage usage) {
    return price(model).map(price -> price.cost(usage));
  }

  /** The listed price of {@code model}, as {@link #estimate} finds it. */
  public static Optional<Price> price(String model) {
    if (model == null || model.isBlank()) {
      return Optional.empty();
    }
    String name = model.substring(model.lastIndexOf('/') + 1).strip();
    Price price = PRICES.get(name);
    if (price == null) {
      price = PRICES.get(name.replaceFirst("-\\d{8}$", ""));
    }
    return Optional.ofNullable(price);
  }

  private static Map<String, Price> load() {
    try (InputStream in = Pricing.class.getResourceAsStream("pricing.json")) {
      if (in == null) {
        throw new IllegalStateException("pricing.json is missing from the class path");
      }
      Map<String, Price> prices = new TreeMap<>();
      JsonNode models = Json.MAPPER.readTree(in).path("models");
      for (Map.Entry<String, JsonNode> model : models.properties()) {
        JsonNode p = model.getValue();
        prices.put(
            model.getKey(),
            new Price(
                p.path("input").asDouble(),
                p.path("cachedInput").asDouble(),
                p.path("output").asDouble(),
                p.path("cacheWrite").asDouble(0)));
      }
      return Map.copyOf(prices);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
