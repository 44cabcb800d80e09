package org.reposearcheval.evals;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.reposearcheval.evals.util.InvalidInputException;
import org.reposearcheval.evals.util.Secrets;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * The {@code --agent-env} variables: names checked, recorded in run.json with every value {@value
 * Secrets#MASK} (values may be secrets), and taken from the environment again on {@code --resume}.
 */
final class AgentEnvironment {
  private AgentEnvironment() {}

  /** {@code variables} sorted by name, each name one an environment variable can have. */
  static Map<String, String> checked(Map<String, String> variables) {
    if (variables == null) {
      return Map.of();
    }
    Map<String, String> sorted = Collections.unmodifiableMap(new TreeMap<>(variables));
    for (String name : sorted.keySet()) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "--agent-env: '" + name + "' is not a valid environment variable name");
      }
    }
    return sorted;
  }

  /**
   * {@code variables} with each value that run.json recorded masked taken from {@code environment},
   * where it must be set.
   */
  static Map<String, String> unmasked(
      Map<String, String> variables, Map<String, String> environment) {
    Map<String, String> env = new TreeMap<>(variables);
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      if (variable.getValue().equals(Secrets.MASK)) {
        String value = environment.get(variable.getKey());
        if (value == null) {
          throw new InvalidInputException(
              "--agent-env "
                  + variable.getKey()
                  + ": run.json records its name, never its value; set "
                  + variable.getKey()
                  + " in the environment to resume");
        }
        env.put(variable.getKey(), value);
      }
    }
    return env;
  }

  /** Writes an {@code --agent-env} map with every value masked: values may be secrets. */
  static final class MaskedValues extends ValueSerializer<Map<String, String>> {
    @Override
    public boolean isEmpty(SerializationContext context, Map<String, String> value) {
      return value == null || value.isEmpty();
    }

    @Override
    public void serialize(
        Map<String, String> value, JsonGenerator gen, SerializationContext context) {
      gen.writeStartObject();
      for (String name : new TreeSet<>(value.keySet())) {
        gen.writeStringProperty(name, Secrets.MASK);
      }
      gen.writeEndObject();
    }
  }
}
